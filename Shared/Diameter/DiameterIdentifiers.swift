import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Current POSIX time in seconds (no Foundation).
func currentUnixSeconds() -> UInt64 {
    UInt64(max(0, time(nil)))
}

/// Session-Id values per RFC 6733 8.8: `<DiameterIdentity>;<high 32 bits>;<low 32 bits>[;<optional value>]`.
///
/// The high part is the start time so ids stay unique across restarts; the low part counts up. Safe to share.
public final class DiameterSessionIDGenerator: Sendable {
    public let identity: String
    public let high: UInt32
    private let low: Atomic<UInt32>

    /// `high` defaults to the current time; `firstLow` is the low part of the first id.
    public init(identity: String, high: UInt32? = nil, firstLow: UInt32 = 0) {
        self.identity = identity
        self.high = high ?? UInt32(truncatingIfNeeded: currentUnixSeconds())
        self.low = Atomic(firstLow)
    }

    /// The next id, with an optional implementation-defined suffix (e.g. the user or access point).
    public func next(optional: String? = nil) -> String {
        let l = low.wrappingAdd(1, ordering: .relaxed).oldValue
        return Self.format(identity: identity, high: high, low: l, optional: optional)
    }

    public static func format(identity: String, high: UInt32, low: UInt32, optional: String? = nil) -> String {
        var s = identity + ";" + String(high) + ";" + String(low)
        if let optional { s += ";" + optional }
        return s
    }
}

/// Hop-by-Hop identifiers: a random start, then +1 per request on the connection (RFC 6733 3).
public final class DiameterHopByHopGenerator: Sendable {
    private let counter: Atomic<UInt32>

    public init(start: UInt32 = UInt32.random(in: .min ... .max)) {
        self.counter = Atomic(start)
    }

    public func next() -> UInt32 {
        counter.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}

/// End-to-End identifiers: high 12 bits from the low 12 bits of the start time, low 20 bits a random start
/// incremented per request (RFC 6733 3), so ids stay unique across a restart for the 4 minutes duplicate
/// detection needs.
public final class DiameterEndToEndGenerator: Sendable {
    public let timeBits: UInt32
    private let counter: Atomic<UInt32>

    /// `unixSeconds` defaults to now.
    public init(unixSeconds: UInt64? = nil, randomStart: UInt32 = UInt32.random(in: 0...0xfffff)) {
        self.timeBits = UInt32(truncatingIfNeeded: unixSeconds ?? currentUnixSeconds()) & 0xfff
        self.counter = Atomic(randomStart & 0xfffff)
    }

    public func next() -> UInt32 {
        let low = counter.wrappingAdd(1, ordering: .relaxed).oldValue & 0xfffff
        return timeBits << 20 | low
    }
}
