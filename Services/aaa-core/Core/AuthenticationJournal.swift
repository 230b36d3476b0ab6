import Foundation
import NIOConcurrencyHelpers
import OperatorStatus

/// The latest authentication outcome per subscriber, bounded, for the dashboard's "RADIUS clients"
/// view (Accepted / Authenticating / Rejected). Rejected and in-progress authentications leave no
/// row in the store, so aaa-core keeps them here; one lock and one dictionary write per event.
public final class AuthenticationJournal: Sendable {
    private struct State {
        var events: [String: AuthenticationEvent] = [:]
        /// Keys in insertion order of their latest event, oldest first (may hold stale duplicates).
        var order: [String] = []
    }

    public let capacity: Int
    private let state = NIOLockedValueBox(State())

    public init(capacity: Int = 5_000) {
        self.capacity = max(1, capacity)
    }

    /// Keyed by IMSI once known, else by the identity, so a subscriber's challenge and its outcome
    /// are one line.
    public func record(_ event: AuthenticationEvent) {
        let key = event.imsi ?? event.identity
        state.withLockedValue { state in
            state.events[key] = event
            state.order.append(key)
            if state.order.count > 2 * capacity { Self.compact(&state, capacity: capacity) }
        }
    }

    /// Newest first, at most `limit`.
    public func latest(limit: Int = 1_000) -> [AuthenticationEvent] {
        let events = state.withLockedValue { Array($0.events.values) }
        return Array(events.sorted { $0.at > $1.at }.prefix(limit))
    }

    public var count: Int { state.withLockedValue { $0.events.count } }

    /// Keeps the `capacity` most recent keys.
    private static func compact(_ state: inout State, capacity: Int) {
        var seen = Set<String>()
        var kept: [String] = []
        for key in state.order.reversed() where seen.insert(key).inserted {
            kept.append(key)
            if kept.count == capacity { break }
        }
        let keep = Set(kept)
        state.events = state.events.filter { keep.contains($0.key) }
        state.order = kept.reversed()
    }
}
