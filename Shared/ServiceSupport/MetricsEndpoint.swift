import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// `GET /metrics` in the Prometheus text format (one endpoint per process, `prometheus.port`).
/// Bind it to a management address: it has no authentication of its own, like node_exporter.
public final class MetricsEndpoint: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let processMetrics: ProcessMetrics
    private let host: String
    private let port: Int
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    public init(registry: PrometheusCollectorRegistry, host: String, port: Int, group: any EventLoopGroup, logger: Logger) {
        self.registry = registry
        self.processMetrics = ProcessMetrics(registry: registry)
        self.host = host
        self.port = port
        self.group = group
        self.logger = logger
    }

    /// Binds and serves; returns the bound port (useful with port 0 in tests).
    @discardableResult
    public func start() async throws -> Int {
        let registry = self.registry
        let processMetrics = self.processMetrics
        let ch = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        MetricsHTTPHandler(registry: registry, processMetrics: processMetrics))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLockedValue { $0 = ch }
        let bound = ch.localAddress?.port ?? port
        logger.info("Prometheus metrics on http://\(host):\(bound)/metrics")
        return bound
    }

    public func shutdown() async {
        let open = channel.withLockedValue { current in
            defer { current = nil }
            return current
        }
        if let open { try? await open.close() }
    }
}

private final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private let processMetrics: ProcessMetrics
    private var head: HTTPRequestHead?

    init(registry: PrometheusCollectorRegistry, processMetrics: ProcessMetrics) {
        self.registry = registry
        self.processMetrics = processMetrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let h = head else { return }
            head = nil
            let path = h.uri.split(separator: "?").first.map(String.init) ?? h.uri
            if h.method == .GET, path == "/metrics" {
                // Reading /proc and rendering every series is file I/O and work off the event loop,
                // which also serves RADIUS, IPC and Diameter in the same process.
                let registry = self.registry
                let processMetrics = self.processMetrics
                let rendered = NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) {
                    processMetrics.update()
                    return registry.emitToBuffer()
                }
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
                rendered.whenComplete { result in
                    let (handler, context) = bound.value
                    switch result {
                    case .success(let body):
                        handler.respond(context: context, head: h, status: .ok, body: body,
                                        contentType: "text/plain; version=0.0.4; charset=utf-8")
                    case .failure:
                        handler.respond(context: context, head: h, status: .serviceUnavailable,
                                        body: Array("shutting down\n".utf8), contentType: "text/plain; charset=utf-8")
                    }
                }
            } else {
                respond(context: context, head: h, status: .notFound, body: Array("not found\n".utf8),
                        contentType: "text/plain; charset=utf-8")
            }
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus,
                         body: [UInt8], contentType: String) {
        HTTPResponseWriter.respond(context: context, to: head, status: status, body: body, contentType: contentType)
    }
}
