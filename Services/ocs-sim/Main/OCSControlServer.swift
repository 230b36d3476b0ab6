import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import OCSSimulator
import ServiceSupport

/// The control API over HTTP/1.1 (NIOHTTP1): frames requests and hands them to ``OCSControl``.
final class OCSControlServer: Sendable {
    private let control: OCSControl
    private let group: any EventLoopGroup
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    init(control: OCSControl, group: any EventLoopGroup) {
        self.control = control
        self.group = group
    }

    /// Binds; returns the bound port.
    func start(host: String, port: Int) async throws -> Int {
        let control = self.control
        let ch = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ControlHTTPHandler(control: control))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLockedValue { $0 = ch }
        return ch.localAddress?.port ?? port
    }

    func shutdown() async {
        let open = channel.withLockedValue { current in
            defer { current = nil }
            return current
        }
        try? await open?.close()
    }
}

private final class ControlHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let control: OCSControl
    private var head: HTTPRequestHead?

    init(control: OCSControl) {
        self.control = control
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let h = head else { return }
            head = nil
            let control = self.control
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            let promise = context.eventLoop.makePromise(of: OCSControl.Response.self)
            promise.completeWithTask { await control.handle(method: h.method.rawValue, uri: h.uri) }
            promise.futureResult.whenSuccess { response in
                let (handler, context) = bound.value
                handler.respond(context: context, head: h, response: response)
            }
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, response: OCSControl.Response) {
        HTTPResponseWriter.respond(context: context, to: head, status: HTTPResponseStatus(statusCode: response.status),
                                   body: Array(response.body), contentType: "application/json")
    }
}
