import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RADIUS

/// The simulated AP's RFC 5176 listener: one UDP socket for every session of the run. The handler
/// hands each datagram to the `SessionBook` and writes back whatever reply it returns.
public final class DAEServer: Sendable {
    private let book: SessionBook
    private let host: String
    private let port: Int
    private let group: any EventLoopGroup
    /// Receives one line per dropped or NAKed request (never secrets).
    private let log: @Sendable (String) -> Void
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    public init(book: SessionBook, host: String, port: Int, group: any EventLoopGroup,
                log: @escaping @Sendable (String) -> Void) {
        self.book = book
        self.host = host
        self.port = port
        self.group = group
        self.log = log
    }

    public func start() async throws {
        let bound = try await DatagramBootstrap(group: group)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DAEHandler(server: self))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLockedValue { $0 = bound }
    }

    /// The bound address (with `--dae-port 0`, the port the kernel chose).
    public var localAddress: SocketAddress? {
        channel.withLockedValue { $0?.localAddress }
    }

    public func shutdown() async {
        let open = channel.withLockedValue { current -> (any Channel)? in
            defer { current = nil }
            return current
        }
        try? await open?.close()
    }

    /// Decides on one datagram; returns the bytes to send back, if any.
    fileprivate func received(_ bytes: [UInt8], from source: SocketAddress) -> [UInt8]? {
        let outcome = book.receiveDisconnect(bytes, from: Self.describe(source), now: .now())
        switch outcome {
        case .dropped(let why):
            log("Disconnect-Request dropped: \(why)")
            return nil
        case .repeated(let reply):
            return reply
        case .reply(let reply, let code, let cause, _):
            if code == .disconnectNAK || code == .coaNAK {
                log("\(code == .coaNAK ? "CoA" : "Disconnect")-Request answered with \(code.name) (\(cause?.description ?? "no Error-Cause"))")
            } else if code == .coaACK {
                log("CoA-Request answered with CoA-ACK")
            }
            return reply
        }
    }

    static func describe(_ address: SocketAddress) -> String {
        "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }
}

/// Frames nothing, decodes nothing: hands each datagram to its `DAEServer`, writes the reply.
private final class DAEHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let server: DAEServer

    init(server: DAEServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var buffer = envelope.data
        guard let bytes = buffer.readBytes(length: buffer.readableBytes),
            let reply = server.received(bytes, from: envelope.remoteAddress)
        else { return }
        let out = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: reply))
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }
}
