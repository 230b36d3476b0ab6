import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RADIUS

/// An AP's Dynamic Authorization Server (RFC 5176) on 127.0.0.1, ephemeral port: records every
/// datagram it receives and answers each with whatever `respond` returns (nil: stay silent).
final class FakeDynamicAuthorizationServer: Sendable {
    typealias Responder = @Sendable (_ request: [UInt8], _ index: Int) -> [[UInt8]]

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        let received = NIOLockedValueBox<[[UInt8]]>([])
        let respond: Responder

        init(respond: @escaping Responder) {
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let bytes = Array(envelope.data.readableBytesView)
            let index = received.withLockedValue { list in
                list.append(bytes)
                return list.count - 1
            }
            for answer in respond(bytes, index) {
                let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                              data: context.channel.allocator.buffer(bytes: answer))
                context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            }
        }
    }

    let channel: any Channel
    private let handler: Handler

    var port: Int { channel.localAddress?.port ?? 0 }
    var received: [[UInt8]] { handler.received.withLockedValue { $0 } }

    init(group: any EventLoopGroup, respond: @escaping Responder) async throws {
        let handler = Handler(respond: respond)
        self.handler = handler
        channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func close() async {
        try? await channel.close().get()
    }

    /// The AP's answer to a Disconnect-Request: `code`, optional Error-Cause, signed with `secret`.
    static func answer(_ request: [UInt8], code: RADIUSCode, errorCause: UInt32? = nil,
                       secret: [UInt8] = TestData.secret) -> [[UInt8]] {
        guard let packet = try? RADIUSPacket(decoding: request) else { return [] }
        var reply = RADIUSPacket.reply(to: packet, code: code)
        if let errorCause { reply.set(.errorCause, uint32: errorCause) }
        guard let bytes = try? reply.encodeResponse(secret: secret, requestAuthenticator: packet.authenticator,
                                                    messageAuthenticator: .first) else { return [] }
        return [bytes]
    }
}
