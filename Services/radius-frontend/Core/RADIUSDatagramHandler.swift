import Metrics
import NIOCore

/// Receives datagrams on one UDP socket and hands them to the pipeline. It only unwraps the
/// envelope and sends the answer, on the channel's event loop whatever thread produced it.
final class RADIUSDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let pipeline: any RADIUSDatagramResponder
    /// Received to answered, for the answered requests (none: tests).
    private let duration: Metrics.Timer?

    init(pipeline: any RADIUSDatagramResponder, duration: Metrics.Timer? = nil) {
        self.pipeline = pipeline
        self.duration = duration
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let client = ClientEndpoint(socketAddress: envelope.remoteAddress) else { return }
        let datagram = Array(envelope.data.readableBytesView)
        let remote = envelope.remoteAddress
        let channel = context.channel
        let duration = self.duration
        let received = ContinuousClock.now
        pipeline.handle(datagram, from: client) { answer in
            guard let answer else { return }
            let send: @Sendable () -> Void = {
                let buffer = channel.allocator.buffer(bytes: answer)
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
                duration?.record(duration: ContinuousClock.now - received)
            }
            if channel.eventLoop.inEventLoop { send() } else { channel.eventLoop.execute(send) }
        }
    }

    /// A UDP socket error (e.g. ICMP port unreachable reported on a later read) must not close
    /// the listener.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}

extension ClientEndpoint {
    /// The endpoint of a NIO socket address; nil for Unix sockets.
    init?(socketAddress: SocketAddress) {
        guard let port = socketAddress.port, let port16 = UInt16(exactly: port) else { return nil }
        switch socketAddress {
        case .v4(let address):
            let raw = address.address.sin_addr.s_addr  // network order in memory
            let bytes = withUnsafeBytes(of: raw) { Array($0) }
            self.init(address: bytes, port: port16)
        case .v6(let address):
            let bytes = withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
            self.init(address: bytes, port: port16)
        case .unixDomainSocket:
            return nil
        }
    }
}
