import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A tiny UDP server on 127.0.0.1 (ephemeral port) for APClient tests: records every datagram and
/// answers with whatever `respond` returns (nil = drop, to force retransmissions).
final class UDPResponder: Sendable {
    let channel: any Channel
    private let log: NIOLockedValueBox<[[UInt8]]>

    init(group: any EventLoopGroup, respond: @escaping @Sendable (_ datagram: [UInt8], _ index: Int) -> [UInt8]?) async throws {
        let log = NIOLockedValueBox<[[UInt8]]>([])
        self.log = log
        channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(log: log, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var address: SocketAddress {
        get throws {
            guard let address = channel.localAddress else { throw ResponderError.unbound }
            return address
        }
    }

    var received: [[UInt8]] { log.withLockedValue { $0 } }

    func close() async {
        try? await channel.close()
    }

    enum ResponderError: Error { case unbound }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        let log: NIOLockedValueBox<[[UInt8]]>
        let respond: @Sendable ([UInt8], Int) -> [UInt8]?

        init(log: NIOLockedValueBox<[[UInt8]]>, respond: @escaping @Sendable ([UInt8], Int) -> [UInt8]?) {
            self.log = log
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            var buffer = envelope.data
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            let index = log.withLockedValue { log -> Int in
                log.append(bytes)
                return log.count - 1
            }
            guard let reply = respond(bytes, index) else { return }
            let out = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: reply))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        }
    }
}
