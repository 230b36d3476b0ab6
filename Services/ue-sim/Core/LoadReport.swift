import Foundation

/// The outcome of a run: throughput, latency of successful authentications, failures by reason.
public struct LoadReport: Sendable, Codable {
    public let authentications: Int
    public let successes: Int
    /// Failure counts keyed by `AuthenticationFailure` raw value ("timeout", "mac_failure", ...).
    public let failures: [String: Int]
    public let durationSeconds: Double
    /// Authentications (successful or not) completed per second.
    public let authenticationsPerSecond: Double
    /// Milliseconds from the first Access-Request to the verified Access-Accept, successes only
    /// (a timeout's 3 s would otherwise stand for the server's speed).
    public let latencyMilliseconds: LatencySummary
    public let retransmissions: Int
    public let discardedReplies: Int
    /// With `--accounting` only.
    public let accounting: AccountingReport?

    enum CodingKeys: String, CodingKey {
        case authentications, successes, failures
        case durationSeconds = "duration_s"
        case authenticationsPerSecond = "authentications_per_s"
        case latencyMilliseconds = "latency_ms"
        case retransmissions
        case discardedReplies = "discarded_replies"
        case accounting
    }

    init(tally: WorkerTally, elapsed: Duration, statistics: APClient.Statistics,
         accounting accountingStatistics: APClient.Statistics? = nil) {
        let failed = tally.failures.values.reduce(0, +)
        authentications = tally.successes + failed
        successes = tally.successes
        failures = Dictionary(uniqueKeysWithValues: tally.failures.map { ($0.key.rawValue, $0.value) })
        durationSeconds = elapsed.milliseconds / 1_000
        authenticationsPerSecond = durationSeconds > 0 ? Double(authentications) / durationSeconds : 0
        latencyMilliseconds = LatencySummary(samples: tally.latenciesMilliseconds)
        retransmissions = statistics.retransmissions
        discardedReplies = statistics.discardedReplies
        accounting = accountingStatistics.map {
            AccountingReport(tally: tally, durationSeconds: elapsed.milliseconds / 1_000, statistics: $0)
        }
    }

    /// True when at least one authentication ran, none failed, and every Accounting-Request was acknowledged.
    public var allSucceeded: Bool {
        authentications > 0 && successes == authentications && (accounting?.failures.isEmpty ?? true)
    }

    /// The human summary.
    public var text: String {
        let latency = latencyMilliseconds
        var lines = [
            "authentications: \(authentications) in \(Self.format(durationSeconds, 2)) s "
                + "(\(Self.format(authenticationsPerSecond, 1)) auth/s)",
            "successes: \(successes)",
            "failures: \(authentications - successes)"
                + (failures.isEmpty
                    ? "" : " (" + failures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"),
            "latency ms (successful): p50 \(Self.format(latency.p50, 2)) p90 \(Self.format(latency.p90, 2)) "
                + "p99 \(Self.format(latency.p99, 2)) max \(Self.format(latency.max, 2))",
        ]
        if retransmissions > 0 || discardedReplies > 0 {
            lines.append("retransmissions: \(retransmissions), discarded replies: \(discardedReplies)")
        }
        if let accounting { lines += accounting.lines }
        return lines.joined(separator: "\n")
    }

    /// `--json`: one object, stable key order.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
