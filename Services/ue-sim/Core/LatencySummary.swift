/// Latency percentiles by the exact nearest-rank method (sort, take the ceil(p * n)-th sample):
/// every figure is a latency that was really observed, and a run of 10^5 samples sorts in milliseconds.
public struct LatencySummary: Sendable, Hashable, Codable {
    public let count: Int
    public let p50: Double
    public let p90: Double
    public let p99: Double
    public let max: Double
    public let mean: Double

    /// `samples` in any unit (the report uses milliseconds); all zero when empty.
    public init(samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        p50 = Self.percentile(0.50, ofSorted: sorted)
        p90 = Self.percentile(0.90, ofSorted: sorted)
        p99 = Self.percentile(0.99, ofSorted: sorted)
        max = sorted.last ?? 0
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
    }

    /// Nearest rank: the smallest sample with at least `fraction` of the samples at or below it.
    public static func percentile(_ fraction: Double, ofSorted sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}
