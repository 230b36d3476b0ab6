/// The accounting part of the load report: Accounting-Requests sent, acknowledged, their latency,
/// failures by reason (apart from the authentication failures) and sessions ended by Disconnect.
public struct AccountingReport: Sendable, Codable {
    /// Accounting-Requests (Start, Interim-Update, Stop) acknowledged or given up on.
    public let requests: Int
    public let acknowledged: Int
    /// Counts keyed by `AccountingFailure` raw value ("timeout", ...).
    public let failures: [String: Int]
    public let requestsPerSecond: Double
    /// First transmission to verified Accounting-Response, acknowledged requests only.
    public let latencyMilliseconds: LatencySummary
    public let retransmissions: Int
    public let discardedReplies: Int
    /// Sessions ended by an acknowledged Disconnect-Request.
    public let disconnects: Int

    enum CodingKeys: String, CodingKey {
        case requests, acknowledged, failures
        case requestsPerSecond = "requests_per_s"
        case latencyMilliseconds = "latency_ms"
        case retransmissions
        case discardedReplies = "discarded_replies"
        case disconnects
    }

    init(tally: WorkerTally, durationSeconds: Double, statistics: APClient.Statistics) {
        let failed = tally.accountingFailures.values.reduce(0, +)
        acknowledged = tally.accountingLatenciesMilliseconds.count
        requests = acknowledged + failed
        failures = Dictionary(uniqueKeysWithValues: tally.accountingFailures.map { ($0.key.rawValue, $0.value) })
        requestsPerSecond = durationSeconds > 0 ? Double(requests) / durationSeconds : 0
        latencyMilliseconds = LatencySummary(samples: tally.accountingLatenciesMilliseconds)
        retransmissions = statistics.retransmissions
        discardedReplies = statistics.discardedReplies
        disconnects = tally.disconnects
    }

    /// The text report's accounting lines.
    var lines: [String] {
        let latency = latencyMilliseconds
        let failureList = failures.isEmpty
            ? "" : " (" + failures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        return [
            "accounting requests: \(requests) (\(LoadReport.format(requestsPerSecond, 1)) req/s), "
                + "acknowledged: \(acknowledged), failures: \(requests - acknowledged)\(failureList)",
            "accounting latency ms: p50 \(LoadReport.format(latency.p50, 2)) p99 \(LoadReport.format(latency.p99, 2)) "
                + "max \(LoadReport.format(latency.max, 2))",
            "accounting retransmissions: \(retransmissions), discarded replies: \(discardedReplies), "
                + "disconnects: \(disconnects)",
        ]
    }
}
