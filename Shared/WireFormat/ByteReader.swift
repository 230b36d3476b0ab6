/// A bounds-checked cursor over received bytes.
///
/// Every read returns `nil` instead of trapping when the input is short, so a decoder
/// can turn truncation into its own typed error. Reads never copy: they return slices.
public struct ByteReader: Sendable {
    public private(set) var remainingBytes: ArraySlice<UInt8>

    public init(_ bytes: ArraySlice<UInt8>) {
        self.remainingBytes = bytes
    }

    public init(_ bytes: [UInt8]) {
        self.remainingBytes = bytes[...]
    }

    public var remaining: Int { remainingBytes.count }
    public var isAtEnd: Bool { remainingBytes.isEmpty }

    public mutating func readUInt8() -> UInt8? {
        guard let b = remainingBytes.first else { return nil }
        remainingBytes = remainingBytes.dropFirst()
        return b
    }

    public mutating func readUInt16() -> UInt16? {
        readInteger(size: 2).map { UInt16(truncatingIfNeeded: $0) }
    }

    /// A 24-bit big-endian integer (Diameter message and AVP lengths).
    public mutating func readUInt24() -> UInt32? {
        readInteger(size: 3).map { UInt32(truncatingIfNeeded: $0) }
    }

    public mutating func readUInt32() -> UInt32? {
        readInteger(size: 4).map { UInt32(truncatingIfNeeded: $0) }
    }

    public mutating func readUInt64() -> UInt64? {
        readInteger(size: 8)
    }

    public mutating func readBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remainingBytes.count else { return nil }
        let start = remainingBytes.startIndex
        let out = remainingBytes[start..<start + count]
        remainingBytes = remainingBytes[(start + count)...]
        return out
    }

    /// Skips `count` bytes; false when fewer remain.
    @discardableResult
    public mutating func skip(_ count: Int) -> Bool {
        readBytes(count) != nil
    }

    public mutating func readRemaining() -> ArraySlice<UInt8> {
        let out = remainingBytes
        remainingBytes = remainingBytes[remainingBytes.endIndex...]
        return out
    }

    /// Looks at the next bytes without consuming them.
    public func peekBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remainingBytes.count else { return nil }
        return remainingBytes.prefix(count)
    }

    private mutating func readInteger(size: Int) -> UInt64? {
        guard remainingBytes.count >= size else { return nil }
        var value: UInt64 = 0
        var i = remainingBytes.startIndex
        for _ in 0..<size {
            value = (value << 8) | UInt64(remainingBytes[i])
            i += 1
        }
        remainingBytes = remainingBytes[i...]
        return value
    }
}
