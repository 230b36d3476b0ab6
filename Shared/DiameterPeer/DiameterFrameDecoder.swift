import Diameter
import NIOCore

/// What the framing layer hands up: a decoded message, or a complete frame that did not decode.
enum DiameterInbound: Sendable {
    case message(DiameterMessage)
    /// `header` is set when its 20 octets were readable, so a request can still be answered (5xxx/3xxx).
    case malformed(header: DiameterHeader?, error: DiameterError)
}

/// Cuts the TCP/TLS/SCTP stream into messages with `DiameterFramer` and decodes each.
///
/// A framing error (bad version, length) throws: the stream cannot be resynchronised, so it is closed.
struct DiameterFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = DiameterInbound
    let framer: DiameterFramer
    let options: DiameterDecodingOptions

    init(options: DiameterDecodingOptions = DiameterDecodingOptions()) {
        self.options = options
        self.framer = DiameterFramer(maxMessageSize: options.maxMessageSize)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let status = try framer.inspect(buffer.readableBytesView)
        guard case .messageReady(let length) = status, let bytes = buffer.readBytes(length: length) else {
            return .needMoreData
        }
        let out: DiameterInbound
        do {
            out = .message(try DiameterMessage(decoding: bytes, options: options))
        } catch {
            out = .malformed(header: try? DiameterHeader(decoding: bytes, maxMessageSize: options.maxMessageSize),
                             error: error)
        }
        context.fireChannelRead(wrapInboundOut(out))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Last inbound handler: forwards to the node core (same event loop) by connection id.
final class DiameterChannelHandler: ChannelInboundHandler {
    typealias InboundIn = DiameterInbound
    private let core: DiameterNodeCore
    private let connectionID: UInt64

    init(core: DiameterNodeCore, connectionID: UInt64) {
        self.core = core
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        core.inbound(unwrapInboundIn(data), connection: connectionID)
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.connectionClosed(connectionID)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        core.connectionError(error, connection: connectionID)
        context.close(promise: nil)
    }
}
