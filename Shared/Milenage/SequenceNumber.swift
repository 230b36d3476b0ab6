/// A 48-bit AKA sequence number SQN (TS 33.102 clause 6.3.2).
///
/// Stored as an integer so freshness checks are arithmetic; `bytes` gives the 6-byte
/// big-endian form that goes into AUTN, AUTS and f1/f1*.
public struct SequenceNumber: Sendable, Hashable, Comparable {
    /// 2^48 - 1.
    public static let maxValue: UInt64 = 0xFFFF_FFFF_FFFF
    /// SQN 0, the state of a fresh USIM.
    public static let zero = SequenceNumber(uncheckedValue: 0)

    /// The number, always <= `maxValue`.
    public let value: UInt64

    /// nil when `value` does not fit in 48 bits.
    public init?(_ value: UInt64) {
        guard value <= SequenceNumber.maxValue else { return nil }
        self.value = value
    }

    /// Exactly 6 big-endian bytes; nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 6 else { return nil }
        var v: UInt64 = 0
        for b in bytes { v = v << 8 | UInt64(b) }
        self.value = v
    }

    init(uncheckedValue: UInt64) {
        self.value = uncheckedValue & SequenceNumber.maxValue
    }

    /// The 6-byte big-endian encoding.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(6)
        out.appendBigEndian(value, count: 6)
        return out
    }

    /// Numeric order (not freshness: use `USIMSequenceState` for that).
    public static func < (a: SequenceNumber, b: SequenceNumber) -> Bool { a.value < b.value }
}

extension SequenceNumber: CustomStringConvertible {
    /// SQN is not secret (it travels masked, and AUTS recovery reveals it to the HSS anyway);
    /// printed in hex as in TS 35.208.
    public var description: String { "SQN(\(bytes.hexString))" }
}

/// How a 48-bit SQN splits into SEQ || IND (TS 33.102 Annex C.1.1): the low `indLength`
/// bits are the array index IND, the rest is the counter SEQ.
public struct SequenceNumberScheme: Sendable, Hashable {
    /// Largest IND length accepted, so a USIM-side array stays at most 1024 entries.
    public static let maxIndLength = 10
    /// The TS 33.102 example value (a = 32 array entries).
    public static let standard = SequenceNumberScheme(uncheckedIndLength: 5)

    /// Number of IND bits (0...`maxIndLength`).
    public let indLength: Int

    /// nil when `indLength` is outside 0...`maxIndLength`.
    public init?(indLength: Int = 5) {
        guard (0...SequenceNumberScheme.maxIndLength).contains(indLength) else { return nil }
        self.indLength = indLength
    }

    private init(uncheckedIndLength: Int) {
        self.indLength = uncheckedIndLength
    }

    /// Number of IND values (2^indLength).
    public var indexCount: Int { 1 << indLength }

    /// Largest SEQ value.
    public var maxSEQ: UInt64 { SequenceNumber.maxValue >> UInt64(indLength) }

    /// The SEQ counter part of `sqn`.
    public func seq(of sqn: SequenceNumber) -> UInt64 { sqn.value >> UInt64(indLength) }

    /// The IND index part of `sqn`.
    public func ind(of sqn: SequenceNumber) -> Int { Int(truncatingIfNeeded: sqn.value & UInt64(indexCount - 1)) }

    /// SEQ || IND; nil when either part is out of range.
    public func make(seq: UInt64, ind: Int) -> SequenceNumber? {
        guard seq <= maxSEQ, ind >= 0, ind < indexCount else { return nil }
        return SequenceNumber(uncheckedValue: seq << UInt64(indLength) | UInt64(ind))
    }

    /// The HSS's next SQN (Annex C.1.1): SEQ of `current` plus one, with the given IND;
    /// nil when SEQ is exhausted or `ind` is out of range.
    public func next(after current: SequenceNumber, ind: Int) -> SequenceNumber? {
        let s = seq(of: current)
        guard s < maxSEQ else { return nil }
        return make(seq: s + 1, ind: ind)
    }

    /// The next SQN with IND advanced cyclically (a simple allocation scheme, Annex C.1.2);
    /// nil when SEQ is exhausted.
    public func next(after current: SequenceNumber) -> SequenceNumber? {
        next(after: current, ind: (ind(of: current) + 1) & (indexCount - 1))
    }
}

/// The USIM's record of accepted sequence numbers (TS 33.102 Annex C.2): one SEQ_MS per IND
/// value, plus the highest SQN accepted so far (SQN_MS, the value reported in AUTS).
///
/// An SQN is fresh when its SEQ is above the entry for its IND (so each IND slot accepts
/// numbers at most once, allowing out-of-order use of vectors from different batches) and
/// does not run more than `window` ahead of the highest SEQ accepted (the delta check of C.2.2,
/// which bounds how far a replayed-but-unused vector can push the counter).
public struct USIMSequenceState: Sendable, Hashable {
    /// TS 33.102 Annex C.2.2 suggests delta = 2^28.
    public static let defaultWindow: UInt64 = 1 << 28

    /// SEQ/IND split in use.
    public let scheme: SequenceNumberScheme
    /// Largest allowed SEQ - SEQ_MS step.
    public let window: UInt64
    /// SEQ_MS(i), indexed by IND.
    public private(set) var acceptedSEQ: [UInt64]
    /// The highest SQN accepted so far (SQN_MS).
    public private(set) var highestAccepted: SequenceNumber

    /// A USIM that has accepted `initial` (every slot starts at its SEQ).
    public init(scheme: SequenceNumberScheme = .standard, window: UInt64 = USIMSequenceState.defaultWindow,
                initial: SequenceNumber = .zero) {
        self.scheme = scheme
        self.window = window
        self.acceptedSEQ = [UInt64](repeating: scheme.seq(of: initial), count: scheme.indexCount)
        self.highestAccepted = initial
    }

    /// Whether `sqn` would be accepted now (no state change).
    public func isFresh(_ sqn: SequenceNumber) -> Bool {
        let seq = scheme.seq(of: sqn)
        let ind = scheme.ind(of: sqn)
        guard ind < acceptedSEQ.count, seq > acceptedSEQ[ind] else { return false }
        let highest = scheme.seq(of: highestAccepted)
        return seq <= highest || seq - highest <= window
    }

    /// Records `sqn` if fresh; returns whether it was accepted.
    @discardableResult
    public mutating func accept(_ sqn: SequenceNumber) -> Bool {
        guard isFresh(sqn) else { return false }
        let ind = scheme.ind(of: sqn)
        acceptedSEQ[ind] = scheme.seq(of: sqn)
        if scheme.seq(of: sqn) > scheme.seq(of: highestAccepted) {
            highestAccepted = sqn
        }
        return true
    }
}
