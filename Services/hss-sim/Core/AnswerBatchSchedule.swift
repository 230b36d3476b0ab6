/// When a held answer leaves under `--batch-answers-ms`: at the first tick strictly after it is
/// ready, ticks every `interval` from `origin`. pyHSS 2.0.0 releases answers in bursts about 100 ms
/// apart; this reproduces that so clients are tested against bursty arrival. Pure (time passed in).
public struct AnswerBatchSchedule: Sendable, Hashable {
    public let interval: Duration

    /// nil when `interval` is not positive (batching off).
    public init?(interval: Duration) {
        guard interval > .zero else { return nil }
        self.interval = interval
    }

    /// The release time, as an offset from the schedule's origin, of an answer ready at `ready`
    /// (also an offset from the origin; negative offsets count as 0).
    public func release(readyAt ready: Duration) -> Duration {
        let step = Self.nanoseconds(interval)
        let now = max(0, Self.nanoseconds(ready))
        let ticks = now / step + 1
        let (product, overflow) = ticks.multipliedReportingOverflow(by: step)
        return overflow ? ready : .nanoseconds(product)
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min / 2 : .max / 2 }
        let (sum, sumOverflow) = ns.addingReportingOverflow(attoseconds / 1_000_000_000)
        return sumOverflow ? .max / 2 : sum
    }
}
