import IPC
import NIOCore

/// Splits the byte stream into `IPCFrame`s. The declared length is checked before the body is
/// buffered (`IPCFrame.frameSize`), so a broken peer cannot make us hold more than one maximum frame.
/// A thrown `IPCFrameError` reaches `IPCSessionHandler.errorCaught`, which closes the connection.
struct IPCFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = IPCFrame

    let maximumSize: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let prefix = buffer.getBytes(at: buffer.readerIndex, length: min(4, buffer.readableBytes)),
            let size = try IPCFrame.frameSize(atStartOf: prefix[...], maximumSize: maximumSize),
            buffer.readableBytes >= size,
            let bytes = buffer.readBytes(length: size)
        else { return .needMoreData }
        let frame = try IPCFrame(decoding: bytes, maximumSize: maximumSize)
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    /// At EOF a partial frame is dropped silently: the peer died mid-write, the session is over anyway.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        let state = try decode(context: context, buffer: &buffer)
        if state == .needMoreData { buffer.moveReaderIndex(to: buffer.writerIndex) }
        return state
    }
}

/// Writes frames with the IPC codec (length prefix included).
struct IPCFrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = IPCFrame

    func encode(data: IPCFrame, out: inout ByteBuffer) throws {
        out.writeBytes(data.encoded())
    }
}

extension IPCFrame {
    /// The value of the length prefix `encoded()` would write: compared with the peer's maximum
    /// before sending, because an oversized frame would make the peer close the whole connection.
    var declaredLength: Int {
        fields.reduce(IPCFrame.headerSize) { $0 + 6 + $1.value.count }
    }
}

/// The pipeline of every IPC channel: framing, then `makeHandler()` (the session, or a test's stand-in).
func initializeIPCChannel(
    _ channel: any Channel, maxFrameSize: Int, handler makeHandler: () -> any ChannelHandler
) -> EventLoopFuture<Void> {
    channel.eventLoop.makeCompletedFuture {
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(IPCFrameDecoder(maximumSize: maxFrameSize)),
            MessageToByteHandler(IPCFrameEncoder()),
            makeHandler(),
        ])
    }
}
