/// Acct-Session-Id of one simulated session: 16 upper-case hex digits (RFC 2866 5.5 asks for a
/// unique id; NASes commonly use 8 + 8 hex digits). The first half is random per run, the second
/// the session's number in the run, so ids never repeat within a run and almost never across runs
/// (a restarted ue-sim must not reuse the ids the server still holds open).
public struct AccountingSessionID: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(runPrefix: UInt32, sequence: Int) {
        value = Self.hex(runPrefix) + Self.hex(UInt32(truncatingIfNeeded: sequence))
    }

    /// A fresh prefix for one run.
    public static func randomRunPrefix() -> UInt32 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    public var description: String { value }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
