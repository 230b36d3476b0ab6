import WireFormat

/// One message between OpenTWAG processes over a Unix domain stream socket.
///
/// Wire layout (big-endian), see docs/ipc.md:
///
///     length        4   bytes that follow this field (header + fields)
///     version       1   IPCFrame.currentVersion
///     flags         1   reserved, sent as 0, ignored on receipt
///     type          2   IPCMessageType
///     correlation   8   chosen by the requester, echoed in the reply
///     fields        *   tag (2) | length (4) | value, repeated; unknown tags are skipped by readers
public struct IPCFrame: Sendable, Equatable {
    public static let currentVersion: UInt8 = 1
    /// Bytes of the fixed header after the length prefix.
    public static let headerSize = 12
    /// The default ceiling; peers refuse larger frames so a bad peer cannot make us buffer without end.
    public static let defaultMaximumSize = 64 * 1024

    public var version: UInt8
    /// Reserved for future use: sent as 0, carried through unchanged.
    public var flags: UInt8 = 0
    public var type: IPCMessageType
    public var correlationID: UInt64
    public var fields: [IPCField]

    public init(type: IPCMessageType, correlationID: UInt64, fields: [IPCField] = [], version: UInt8 = currentVersion) {
        self.version = version
        self.type = type
        self.correlationID = correlationID
        self.fields = fields
    }

    /// The complete frame, length prefix included.
    public func encoded() -> [UInt8] {
        var size = Self.headerSize
        for f in fields { size += 6 + f.value.count }
        var out = [UInt8]()
        out.reserveCapacity(4 + size)
        out.appendUInt32(UInt32(size))
        out.append(version)
        out.append(flags)
        out.appendUInt16(type.rawValue)
        out.appendUInt64(correlationID)
        for f in fields {
            out.appendUInt16(f.tag.rawValue)
            out.appendUInt32(UInt32(f.value.count))
            out += f.value
        }
        return out
    }

    /// Decodes one whole frame (length prefix included, nothing after it).
    public init(decoding bytes: ArraySlice<UInt8>, maximumSize: Int = defaultMaximumSize) throws(IPCFrameError) {
        var r = ByteReader(bytes)
        guard let length = r.readUInt32() else { throw .truncated }
        guard Int(length) <= maximumSize else { throw .frameTooLarge(declared: Int(length), maximum: maximumSize) }
        guard Int(length) >= Self.headerSize else { throw .frameTooShort(declared: Int(length)) }
        guard Int(length) == r.remaining else { throw .lengthMismatch(declared: Int(length), actual: r.remaining) }
        guard let version = r.readUInt8(), let flags = r.readUInt8(), let type = r.readUInt16(), let correlation = r.readUInt64()
        else { throw .truncated }
        // A newer major version may change the header; refuse rather than guess.
        guard version == Self.currentVersion else { throw .unsupportedVersion(version) }
        var fields = [IPCField]()
        while !r.isAtEnd {
            guard let tag = r.readUInt16(), let len = r.readUInt32() else { throw .truncated }
            guard let value = r.readBytes(Int(len)) else { throw .fieldOverrun(tag: tag, length: Int(len)) }
            fields.append(IPCField(tag: IPCTag(rawValue: tag), value: Array(value)))
        }
        self.init(type: IPCMessageType(rawValue: type), correlationID: correlation, fields: fields, version: version)
        self.flags = flags
    }

    public init(decoding bytes: [UInt8], maximumSize: Int = defaultMaximumSize) throws(IPCFrameError) {
        try self.init(decoding: bytes[...], maximumSize: maximumSize)
    }

    /// For stream framing: the size of the complete frame at the start of `buffer` (prefix
    /// included) once its length prefix is readable, nil while fewer than 4 bytes have arrived.
    /// Throws before any body byte is buffered when the declared size is out of bounds.
    public static func frameSize(atStartOf buffer: ArraySlice<UInt8>, maximumSize: Int = defaultMaximumSize)
        throws(IPCFrameError) -> Int?
    {
        var r = ByteReader(buffer)
        guard let length = r.readUInt32() else { return nil }
        guard Int(length) <= maximumSize else { throw .frameTooLarge(declared: Int(length), maximum: maximumSize) }
        guard Int(length) >= headerSize else { throw .frameTooShort(declared: Int(length)) }
        return 4 + Int(length)
    }
}

/// Why a frame was refused. Any of these closes the connection: framing cannot be trusted after it.
public enum IPCFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated
    case frameTooShort(declared: Int)
    case frameTooLarge(declared: Int, maximum: Int)
    case lengthMismatch(declared: Int, actual: Int)
    case unsupportedVersion(UInt8)
    case fieldOverrun(tag: UInt16, length: Int)

    public var description: String {
        switch self {
        case .truncated: return "IPC frame truncated"
        case .frameTooShort(let d): return "IPC frame length \(d) is shorter than the header"
        case .frameTooLarge(let d, let m): return "IPC frame length \(d) exceeds the maximum \(m)"
        case .lengthMismatch(let d, let a): return "IPC frame length \(d) but \(a) bytes present"
        case .unsupportedVersion(let v): return "IPC frame version \(v) is not supported"
        case .fieldOverrun(let t, let l): return "IPC field tag \(t) length \(l) overruns the frame"
        }
    }
}
