/// Test hooks for timeout and failover scenarios: a fixed delay before every answer and silently
/// dropping every Nth request. Both are off by default.
public struct FaultInjection: Sendable, Hashable {
    /// Added before each answer is sent.
    public var answerDelay: Duration
    /// Drop request number N, 2N, 3N, ... (counted from 1); 0 or nil = never.
    public var dropEvery: Int?
    /// Hold answers and release them together every this often (pyHSS-like bursts); zero = off.
    public var batchInterval: Duration

    public static let none = FaultInjection()

    public init(answerDelay: Duration = .zero, dropEvery: Int? = nil, batchInterval: Duration = .zero) {
        self.answerDelay = answerDelay
        self.dropEvery = dropEvery
        self.batchInterval = batchInterval
    }

    public var isActive: Bool { answerDelay > .zero || (dropEvery ?? 0) > 0 || batchInterval > .zero }
}

/// Counts requests and decides which ones to drop (a value, so tests need no clock or sockets).
public struct RequestDropper: Sendable, Hashable {
    public let every: Int?
    public private(set) var seen: UInt64 = 0

    public init(every: Int?) {
        self.every = every.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Counts one request; true when it must be dropped (no answer at all).
    public mutating func shouldDrop() -> Bool {
        seen &+= 1
        guard let every else { return false }
        return seen % UInt64(every) == 0
    }
}
