import WireFormat

/// A tagged value inside an IPC frame. Integers are big-endian, strings UTF-8.
public struct IPCField: Sendable, Equatable {
    public var tag: IPCTag
    public var value: [UInt8]

    public init(tag: IPCTag, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    public init(_ tag: IPCTag, string: String) {
        self.init(tag: tag, value: Array(string.utf8))
    }

    public init(_ tag: IPCTag, uint32: UInt32) {
        var v = [UInt8]()
        v.appendUInt32(uint32)
        self.init(tag: tag, value: v)
    }

    public init(_ tag: IPCTag, uint64: UInt64) {
        var v = [UInt8]()
        v.appendUInt64(uint64)
        self.init(tag: tag, value: v)
    }

    public init(_ tag: IPCTag, bytes: [UInt8]) {
        self.init(tag: tag, value: bytes)
    }
}

/// Typed reads of a frame's fields: the first occurrence wins, wrong sizes are errors
/// (a peer that sends a 3-byte integer is broken, not newer).
extension IPCFrame {
    public func bytes(_ tag: IPCTag) -> [UInt8]? {
        fields.first { $0.tag == tag }?.value
    }

    public func all(_ tag: IPCTag) -> [[UInt8]] {
        fields.filter { $0.tag == tag }.map(\.value)
    }

    public func string(_ tag: IPCTag) throws(IPCFieldError) -> String? {
        guard let v = bytes(tag) else { return nil }
        guard let s = String(validating: v, as: UTF8.self) else { throw .invalidUTF8(tag: tag) }
        return s
    }

    public func uint32(_ tag: IPCTag) throws(IPCFieldError) -> UInt32? {
        guard let v = bytes(tag) else { return nil }
        var r = ByteReader(v)
        guard v.count == 4, let n = r.readUInt32() else { throw .wrongSize(tag: tag, expected: 4, actual: v.count) }
        return n
    }

    public func uint64(_ tag: IPCTag) throws(IPCFieldError) -> UInt64? {
        guard let v = bytes(tag) else { return nil }
        var r = ByteReader(v)
        guard v.count == 8, let n = r.readUInt64() else { throw .wrongSize(tag: tag, expected: 8, actual: v.count) }
        return n
    }

    /// A field the message cannot do without.
    public func required<T>(_ tag: IPCTag, _ read: (IPCTag) throws(IPCFieldError) -> T?) throws(IPCFieldError) -> T {
        guard let v = try read(tag) else { throw .missing(tag: tag, message: type) }
        return v
    }
}

public enum IPCFieldError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(tag: IPCTag, message: IPCMessageType)
    case wrongSize(tag: IPCTag, expected: Int, actual: Int)
    case invalidUTF8(tag: IPCTag)
    case invalidValue(tag: IPCTag)

    public var description: String {
        switch self {
        case .missing(let t, let m): return "IPC \(m) lacks required field \(t)"
        case .wrongSize(let t, let e, let a): return "IPC field \(t) has \(a) bytes, expected \(e)"
        case .invalidUTF8(let t): return "IPC field \(t) is not valid UTF-8"
        case .invalidValue(let t): return "IPC field \(t) has an invalid value"
        }
    }
}
