/// A bounds-checked cursor over received bytes.
///
/// Every read returns `nil` instead of trapping when the input is short, so a decoder
/// can turn truncation into its own typed error. Reads never copy: they return slices.
/// Everything is inlinable: decoders call these per byte and must not pay a call each time.
public struct ByteReader: Sendable {
    @usableFromInline var storage: ArraySlice<UInt8>

    /// The bytes not read yet.
    @inlinable public var remainingBytes: ArraySlice<UInt8> { storage }

    @inlinable
    public init(_ bytes: ArraySlice<UInt8>) {
        self.storage = bytes
    }

    @inlinable
    public init(_ bytes: [UInt8]) {
        self.storage = bytes[...]
    }

    @inlinable
    public var remaining: Int { storage.count }
    @inlinable
    public var isAtEnd: Bool { storage.isEmpty }

    @inlinable
    public mutating func readUInt8() -> UInt8? {
        guard let b = storage.first else { return nil }
        storage = storage.dropFirst()
        return b
    }

    @inlinable
    public mutating func readUInt16() -> UInt16? {
        readInteger(size: 2).map { UInt16(truncatingIfNeeded: $0) }
    }

    /// A 24-bit big-endian integer (Diameter message and AVP lengths).
    @inlinable
    public mutating func readUInt24() -> UInt32? {
        readInteger(size: 3).map { UInt32(truncatingIfNeeded: $0) }
    }

    @inlinable
    public mutating func readUInt32() -> UInt32? {
        readInteger(size: 4).map { UInt32(truncatingIfNeeded: $0) }
    }

    @inlinable
    public mutating func readUInt64() -> UInt64? {
        readInteger(size: 8)
    }

    @inlinable
    public mutating func readBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= storage.count else { return nil }
        let start = storage.startIndex
        let out = storage[start..<start + count]
        storage = storage[(start + count)...]
        return out
    }

    /// Skips `count` bytes; false when fewer remain.
    @inlinable
    @discardableResult
    public mutating func skip(_ count: Int) -> Bool {
        readBytes(count) != nil
    }

    @inlinable
    public mutating func readRemaining() -> ArraySlice<UInt8> {
        let out = storage
        storage = storage[storage.endIndex...]
        return out
    }

    /// Looks at the next bytes without consuming them.
    @inlinable
    public func peekBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= storage.count else { return nil }
        return storage.prefix(count)
    }

    @inlinable
    mutating func readInteger(size: Int) -> UInt64? {
        guard storage.count >= size else { return nil }
        var value: UInt64 = 0
        var i = storage.startIndex
        for _ in 0..<size {
            value = (value << 8) | UInt64(storage[i])
            i += 1
        }
        storage = storage[i...]
        return value
    }
}
