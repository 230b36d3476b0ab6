import WireFormat

/// The pseudo-random generator of FIPS 186-2 change notice 1 (general purpose, b = 160, XSEED = 0)
/// as used by EAP-SIM (RFC 4186 Appendix B) and EAP-AKA (RFC 4187 section 7).
///
/// Each step: w = G(t, XKEY) (SHA-1 compression of XKEY zero-filled to 64 octets),
/// XKEY = (1 + XKEY + w) mod 2^160. Output comes in rounds of two words (40 octets).
public struct FIPS186Generator: Sendable {
    /// Octets produced per round (w0 | w1).
    public static let roundLength = 40

    private var xkey: (UInt32, UInt32, UInt32, UInt32, UInt32)

    /// Starts from a 20-octet XKEY; nil for any other length.
    public init?(xkey: [UInt8]) {
        guard xkey.count == 20 else { return nil }
        self.xkey = (
            SHA1Compression.loadBE(xkey, 0), SHA1Compression.loadBE(xkey, 4), SHA1Compression.loadBE(xkey, 8),
            SHA1Compression.loadBE(xkey, 12), SHA1Compression.loadBE(xkey, 16)
        )
    }

    /// The current XKEY (secret; exposed for verification against the FIPS worked example).
    public var currentXKEY: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        Self.append(xkey, to: &out)
        return out
    }

    /// Produces the next 20-octet word w and advances XKEY.
    public mutating func nextWord() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        nextWord(into: &out)
        return out
    }

    /// Appends the next word to `out` and advances XKEY.
    mutating func nextWord(into out: inout [UInt8]) {
        var w = SHA1Compression.initialState
        let x = xkey
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { block in
            block.initialize(repeating: 0)
            block[0] = x.0
            block[1] = x.1
            block[2] = x.2
            block[3] = x.3
            block[4] = x.4
            SHA1Compression.compress(&w, schedule: block)
        }
        Self.append(w, to: &out)
        // XKEY = (1 + XKEY + w) mod 2^160, word 4 least significant.
        var carry: UInt64 = 1
        func add(_ a: UInt32, _ b: UInt32) -> UInt32 {
            let sum = UInt64(a) + UInt64(b) + carry
            carry = sum >> 32
            return UInt32(truncatingIfNeeded: sum)
        }
        let k4 = add(x.4, w.4)
        let k3 = add(x.3, w.3)
        let k2 = add(x.2, w.2)
        let k1 = add(x.1, w.1)
        let k0 = add(x.0, w.0)
        xkey = (k0, k1, k2, k3, k4)
    }

    /// Runs whole 40-octet rounds from `xkey` until at least `byteCount` octets exist, and returns
    /// exactly `byteCount` of them (so a caller never stops mid-round).
    static func generate(xkey: [UInt8], byteCount: Int) -> [UInt8]? {
        guard var generator = FIPS186Generator(xkey: xkey) else { return nil }
        let rounds = (byteCount + roundLength - 1) / roundLength
        var out = [UInt8]()
        out.reserveCapacity(rounds * roundLength)
        for _ in 0..<rounds * 2 {
            generator.nextWord(into: &out)
        }
        out.removeLast(out.count - byteCount)
        return out
    }

    private static func append(_ words: (UInt32, UInt32, UInt32, UInt32, UInt32), to out: inout [UInt8]) {
        out.appendUInt32(words.0)
        out.appendUInt32(words.1)
        out.appendUInt32(words.2)
        out.appendUInt32(words.3)
        out.appendUInt32(words.4)
    }
}

extension FIPS186Generator: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "FIPS186Generator(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
