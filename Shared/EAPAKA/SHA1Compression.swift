import WireFormat

/// The raw SHA-1 compression function (FIPS 180-2 section 6.1.2, one 512-bit block, no padding).
///
/// The FIPS 186-2 generator used by EAP-AKA/EAP-SIM feeds XKEY through this function directly
/// (zero-filled block, no length padding), which no hashing library exposes.
public enum SHA1Compression {
    /// The SHA-1 initial chaining value H0...H4 (also the generator's `t`).
    public static let initialState: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
    )

    /// Compresses one 64-octet block into a 20-octet chaining value; nil if either has the wrong size.
    public static func compress(chainingValue: [UInt8], block: [UInt8]) -> [UInt8]? {
        guard chainingValue.count == 20, block.count == 64 else { return nil }
        var state = (
            loadBE(chainingValue, 0), loadBE(chainingValue, 4), loadBE(chainingValue, 8),
            loadBE(chainingValue, 12), loadBE(chainingValue, 16)
        )
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
            for i in 0..<16 { w[i] = loadBE(block, i * 4) }
            compress(&state, schedule: w)
        }
        var out = [UInt8]()
        out.reserveCapacity(20)
        out.appendUInt32(state.0)
        out.appendUInt32(state.1)
        out.appendUInt32(state.2)
        out.appendUInt32(state.3)
        out.appendUInt32(state.4)
        return out
    }

    /// Compresses the 16 big-endian words in `w` (overwritten as the rolling message schedule)
    /// into `state`.
    @inline(__always)
    static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32), schedule w: UnsafeMutableBufferPointer<UInt32>
    ) {
        var a = state.0
        var b = state.1
        var c = state.2
        var d = state.3
        var e = state.4
        for t in 0..<80 {
            let word: UInt32
            if t < 16 {
                word = w[t]
            } else {
                let x = w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15]
                word = (x << 1) | (x >> 31)
                w[t & 15] = word
            }
            let f: UInt32
            let k: UInt32
            switch t {
            case 0..<20:
                f = (b & c) | (~b & d)
                k = 0x5A82_7999
            case 20..<40:
                f = b ^ c ^ d
                k = 0x6ED9_EBA1
            case 40..<60:
                f = (b & c) | (b & d) | (c & d)
                k = 0x8F1B_BCDC
            default:
                f = b ^ c ^ d
                k = 0xCA62_C1D6
            }
            let temp = ((a << 5) | (a >> 27)) &+ f &+ e &+ k &+ word
            e = d
            d = c
            c = (b << 30) | (b >> 2)
            b = a
            a = temp
        }
        state.0 &+= a
        state.1 &+= b
        state.2 &+= c
        state.3 &+= d
        state.4 &+= e
    }

    /// Big-endian word at `offset`; callers guarantee `offset + 4 <= bytes.count`.
    @inline(__always)
    static func loadBE(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
