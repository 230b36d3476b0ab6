/// Deterministic PRNG for property tests: a failing input can be reproduced from the seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// A copy of `valid` damaged the way hostile or broken peers damage packets: a flipped bit,
    /// a truncation, an inserted or removed byte, or a random byte written into the first
    /// `headerBytes` (where length fields live).
    public mutating func mutate(_ valid: [UInt8], headerBytes: Int = 8) -> [UInt8] {
        var out = valid
        guard !out.isEmpty else { return bytes(Int(next() % 32)) }
        switch next() % 6 {
        case 0: out[Int(next() % UInt64(out.count))] ^= UInt8(1) << UInt8(next() % 8)
        case 1: out.removeLast(Int(next() % UInt64(out.count)))
        case 2: out.insert(UInt8(truncatingIfNeeded: next()), at: Int(next() % UInt64(out.count + 1)))
        case 3: out.remove(at: Int(next() % UInt64(out.count)))
        case 4: out[Int(next() % UInt64(min(headerBytes, out.count)))] = UInt8(truncatingIfNeeded: next())
        default:
            for _ in 0..<(1 + next() % 4) {
                out[Int(next() % UInt64(out.count))] = UInt8(truncatingIfNeeded: next())
            }
        }
        return out
    }
}
