/// Finds message boundaries in a TCP/SCTP byte stream so a channel handler only has to slice.
///
/// It reads the version and 24-bit length of the next message and enforces the size limit before any
/// bytes are buffered for it.
public struct DiameterFramer: Sendable {
    /// What the buffer holds.
    public enum Status: Sendable, Hashable {
        /// Wait until the buffer holds at least `total` bytes (4 while the length is still unknown).
        case needMoreBytes(total: Int)
        /// The first `length` bytes are one complete message.
        case messageReady(length: Int)
    }

    public var maxMessageSize: Int

    public init(maxMessageSize: Int = DiameterDecodingOptions.defaultMaxMessageSize) {
        self.maxMessageSize = maxMessageSize
    }

    /// Inspects the start of the accumulated bytes. A thrown error means the stream is unusable: close it.
    public func inspect<C: Collection>(_ buffer: C) throws(DiameterError) -> Status where C.Element == UInt8 {
        var it = buffer.makeIterator()
        guard let version = it.next() else { return .needMoreBytes(total: 4) }
        guard version == DiameterHeader.version else { throw .unsupportedVersion(version) }
        guard let b1 = it.next(), let b2 = it.next(), let b3 = it.next() else { return .needMoreBytes(total: 4) }
        let length = Int(b1) << 16 | Int(b2) << 8 | Int(b3)
        try DiameterHeader.checkLength(length, maxMessageSize: maxMessageSize, available: buffer.count)
        return buffer.count >= length ? .messageReady(length: length) : .needMoreBytes(total: length)
    }
}
