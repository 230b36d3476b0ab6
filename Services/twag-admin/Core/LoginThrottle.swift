import Foundation

/// Failed logins counted per client address and per account name over a sliding window; past the
/// limit, further attempts are refused (without checking the password) until the window moves on.
/// A pure value: the caller holds it behind a lock and passes the time.
public struct LoginThrottle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    /// Bounds memory under a spray of addresses or names: the oldest keys go first.
    public let maximumKeys: Int
    private var failures: [String: [Date]] = [:]

    public init(limit: Int, window: TimeInterval = 300, maximumKeys: Int = 10_000) {
        self.limit = max(1, limit)
        self.window = window
        self.maximumKeys = maximumKeys
    }

    /// Whether an attempt from `address` for `user` may be checked at all.
    public mutating func allows(address: String, user: String, now: Date) -> Bool {
        recent(Self.addressKey(address), now: now) < limit && recent(Self.userKey(user), now: now) < limit
    }

    public mutating func recordFailure(address: String, user: String, now: Date) {
        for key in [Self.addressKey(address), Self.userKey(user)] {
            failures[key, default: []].append(now)
        }
        // Amortised: prune when 10 % over the bound.
        if failures.count > maximumKeys + maximumKeys / 10 { prune(now: now) }
    }

    /// A successful login clears its address and account.
    public mutating func recordSuccess(address: String, user: String) {
        failures[Self.addressKey(address)] = nil
        failures[Self.userKey(user)] = nil
    }

    private mutating func recent(_ key: String, now: Date) -> Int {
        guard let times = failures[key] else { return 0 }
        let kept = times.filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept.count
    }

    /// Drops expired failures, then the keys with the fewest failures (oldest first): a spray of
    /// addresses with one failure each cannot evict the lock of an account under attack.
    private mutating func prune(now: Date) {
        failures = failures.compactMapValues { times in
            let kept = times.filter { now.timeIntervalSince($0) < window }
            return kept.isEmpty ? nil : kept
        }
        guard failures.count > maximumKeys else { return }
        let evicted = failures.sorted { ($0.value.count, $0.value.last ?? now) < ($1.value.count, $1.value.last ?? now) }
            .prefix(failures.count - maximumKeys)
        for (key, _) in evicted { failures[key] = nil }
    }

    private static func addressKey(_ address: String) -> String { "a:" + address }
    private static func userKey(_ user: String) -> String { "u:" + user.lowercased() }
}
