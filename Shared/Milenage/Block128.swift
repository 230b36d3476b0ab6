/// A 128-bit MILENAGE value held as two big-endian words.
///
/// XOR and the r1..r5 rotations (all multiples of 32 bits) become a few integer
/// operations instead of byte loops, and nothing is allocated between AES calls.
struct Block128: Sendable, Equatable {
    var hi: UInt64
    var lo: UInt64

    init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    /// Exactly 16 bytes, big-endian; nil for any other length.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for (n, b) in bytes.enumerated() {
            if n < 8 {
                hi = hi << 8 | UInt64(b)
            } else {
                lo = lo << 8 | UInt64(b)
            }
        }
        self.hi = hi
        self.lo = lo
    }

    /// Reads the block from a buffer the caller sized to 16 bytes.
    init(loading buffer: UnsafeMutableBufferPointer<UInt8>) {
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for n in 0..<8 {
            hi = hi << 8 | UInt64(buffer[n])
            lo = lo << 8 | UInt64(buffer[n + 8])
        }
        self.hi = hi
        self.lo = lo
    }

    /// Writes the block into a buffer the caller sized to 16 bytes.
    func store(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        for n in 0..<8 {
            let shift = UInt64(56 - 8 * n)
            buffer[n] = UInt8(truncatingIfNeeded: hi >> shift)
            buffer[n + 8] = UInt8(truncatingIfNeeded: lo >> shift)
        }
    }

    static func ^ (a: Block128, b: Block128) -> Block128 {
        Block128(hi: a.hi ^ b.hi, lo: a.lo ^ b.lo)
    }

    /// Cyclic left rotation by 0, 32, 64 or 96 bits (TS 35.206 r1..r5).
    func rotatedLeft(by bits: Int) -> Block128 {
        switch bits & 127 {
        case 32:
            return Block128(hi: hi << 32 | lo >> 32, lo: lo << 32 | hi >> 32)
        case 64:
            return Block128(hi: lo, lo: hi)
        case 96:
            return Block128(hi: lo << 32 | hi >> 32, lo: hi << 32 | lo >> 32)
        default:
            return self
        }
    }

    /// All 16 bytes.
    var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        out.appendBigEndian(hi, count: 8)
        out.appendBigEndian(lo, count: 8)
        return out
    }

    /// The first `count` bytes of the high word (count <= 8).
    func highBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        out.appendBigEndian(hi >> UInt64(64 - 8 * count), count: count)
        return out
    }

    /// The 8 bytes of the low word.
    var lowBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(8)
        out.appendBigEndian(lo, count: 8)
        return out
    }
}

extension Array where Element == UInt8 {
    /// Appends the low `count` bytes of `value`, most significant first.
    mutating func appendBigEndian(_ value: UInt64, count: Int) {
        var shift = 8 * (count - 1)
        while shift >= 0 {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }
}
