/// Limits drop log lines to one per (source address, reason) per `interval`, as a pure value with
/// the time passed in. A misconfigured AP retransmitting every second, or a flood of spoofed
/// packets, must not drown the log; the metric still counts every drop.
public struct DropLogLimiter: Sendable {
    private struct Key: Hashable, Sendable {
        let address: [UInt8]
        let reason: DropReason
    }

    private struct Window: Sendable {
        var opened: ContinuousClock.Instant
        var suppressed: Int
    }

    public let interval: Duration
    public let maximumSources: Int
    private var windows: [Key: Window] = [:]

    public init(interval: Duration = .seconds(10), maximumSources: Int = 10_000) {
        self.interval = interval
        self.maximumSources = max(1, maximumSources)
    }

    /// Nil when the line is suppressed; otherwise how many lines were suppressed since the last one.
    public mutating func admit(_ address: [UInt8], reason: DropReason, now: ContinuousClock.Instant) -> Int? {
        let key = Key(address: address, reason: reason)
        if var window = windows[key], now - window.opened < interval {
            window.suppressed += 1
            windows[key] = window
            return nil
        }
        let suppressed = windows[key]?.suppressed ?? 0
        if windows[key] == nil, windows.count >= maximumSources {
            // Under a spoofed flood: forget old windows rather than grow without bound.
            windows.removeAll(keepingCapacity: true)
        }
        windows[key] = Window(opened: now, suppressed: 0)
        return suppressed
    }

    /// The same limit for a single event class with no source (e.g. "aaa-core unreachable").
    public mutating func admit(now: ContinuousClock.Instant) -> Int? {
        admit([], reason: .overloaded, now: now)
    }
}
