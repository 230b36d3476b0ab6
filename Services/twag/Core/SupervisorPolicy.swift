/// What the lab supervisor (`twag up`) does when a child process exits: restart it after a
/// back-off that doubles on quick crashes and resets after a stable run, give up on a crash loop.
/// Pure: the caller passes the time, so the policy is tested without processes or clocks.
public struct SupervisorPolicy: Sendable, Equatable {
    public var initialBackoff: Double = 0.5
    public var maximumBackoff: Double = 30
    /// A run at least this long counts as stable: the next crash restarts after `initialBackoff`.
    public var stableAfter: Double = 60
    /// More than this many restarts within `crashLoopWindow` seconds: stop restarting.
    public var crashLoopRestarts: Int = 10
    public var crashLoopWindow: Double = 60

    public init() {}
}

/// One supervised child.
public struct ChildState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case stopped
        case running(since: Double)
        case waitingToRestart(at: Double)
        case gaveUp
    }

    public let name: String
    public private(set) var phase: Phase = .stopped
    public private(set) var backoff: Double
    public private(set) var restarts: [Double] = []

    public init(name: String, policy: SupervisorPolicy) {
        self.name = name
        self.backoff = policy.initialBackoff
    }

    /// The child was (re)started at `now`.
    public mutating func started(at now: Double) {
        phase = .running(since: now)
    }

    /// The child exited at `now`; returns when to restart it, or nil when the supervisor gives up
    /// (crash loop) or is shutting down.
    public mutating func exited(at now: Double, shuttingDown: Bool, policy: SupervisorPolicy) -> Double? {
        guard !shuttingDown else {
            phase = .stopped
            return nil
        }
        if case .running(let since) = phase, now - since >= policy.stableAfter {
            backoff = policy.initialBackoff
        }
        restarts = restarts.filter { now - $0 < policy.crashLoopWindow } + [now]
        guard restarts.count <= policy.crashLoopRestarts else {
            phase = .gaveUp
            return nil
        }
        let at = now + backoff
        phase = .waitingToRestart(at: at)
        backoff = min(backoff * 2, policy.maximumBackoff)
        return at
    }
}
