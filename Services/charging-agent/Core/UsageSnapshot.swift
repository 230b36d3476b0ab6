/// Cumulative usage of one WiFi session as the AP reported it (the `sessions` row's counters, which
/// only move forward). Gy reports deltas between two snapshots.
public struct UsageSnapshot: Sendable, Hashable, Codable {
    /// From the phone (Acct-Input-Octets).
    public var inputOctets: UInt64
    /// To the phone (Acct-Output-Octets).
    public var outputOctets: UInt64
    /// Acct-Session-Time.
    public var seconds: UInt64

    public init(inputOctets: UInt64 = 0, outputOctets: UInt64 = 0, seconds: UInt64 = 0) {
        self.inputOctets = inputOctets
        self.outputOctets = outputOctets
        self.seconds = seconds
    }

    public static let zero = UsageSnapshot()

    public var totalOctets: UInt64 { inputOctets &+ outputOctets }

    /// Component-wise maximum: a late interim update never moves usage back.
    public func merged(with other: UsageSnapshot) -> UsageSnapshot {
        UsageSnapshot(inputOctets: max(inputOctets, other.inputOctets), outputOctets: max(outputOctets, other.outputOctets),
                      seconds: max(seconds, other.seconds))
    }

    /// What was used since `earlier` (never negative).
    public func since(_ earlier: UsageSnapshot) -> UsageSnapshot {
        UsageSnapshot(inputOctets: inputOctets &- min(inputOctets, earlier.inputOctets),
                      outputOctets: outputOctets &- min(outputOctets, earlier.outputOctets),
                      seconds: seconds &- min(seconds, earlier.seconds))
    }
}
