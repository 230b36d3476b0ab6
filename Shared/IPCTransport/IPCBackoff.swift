/// Reconnect delays: exponential from `initial` to `maximum`, with "equal jitter" (each delay is
/// drawn from [d/2, d]) so frontends restarted together do not reconnect in lockstep.
struct IPCBackoff: Sendable {
    let initial: Duration
    let maximum: Duration
    private(set) var current: Duration

    init(initial: Duration, maximum: Duration) {
        let initial = max(initial, .milliseconds(1))
        self.initial = initial
        self.maximum = max(maximum, initial)
        self.current = initial
    }

    /// The delay before the next attempt; `unitRandom` in [0, 1] is passed in so tests are deterministic.
    mutating func next(unitRandom: Double) -> Duration {
        let base = current
        current = min(current * 2, maximum)
        let r = min(max(unitRandom, 0), 1)
        return base * (0.5 + 0.5 * r)
    }

    /// After a successful handshake the next outage starts again from `initial`.
    mutating func reset() { current = initial }
}
