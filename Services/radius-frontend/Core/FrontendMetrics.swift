import Metrics

/// The radius-frontend's metrics, named as the operator guide lists them.
///
/// Built once per process (or per test with a private factory) so the hot path only increments.
public struct FrontendMetrics: Sendable {
    /// Access-Requests that passed validation (`radius_access_request_count`).
    public let accessRequests: Counter
    /// Access-Accepts sent (`radius_access_accept_count`).
    public let accessAccepts: Counter
    /// Access-Rejects sent (`radius_access_reject_count`).
    public let accessRejects: Counter
    /// Access-Challenges sent (`radius_access_challenge_count`).
    public let accessChallenges: Counter
    /// Status-Server requests answered.
    public let statusServerAnswers: Counter
    /// Requests left unanswered because aaa-core was unreachable, timed out or answered nonsense
    /// (`radius_upstream_failures_total`); the AP retransmits.
    public let upstreamFailures: Counter
    /// Retransmissions answered from the duplicate cache.
    public let duplicatesAnswered: Counter
    /// Registered access points (`radius_access_points_count`), polled from the store.
    public let accessPoints: Gauge
    private let dropped: [DropReason: Counter]

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        accessRequests = Counter(label: "radius_access_request_count", factory: factory)
        accessAccepts = Counter(label: "radius_access_accept_count", factory: factory)
        accessRejects = Counter(label: "radius_access_reject_count", factory: factory)
        accessChallenges = Counter(label: "radius_access_challenge_count", factory: factory)
        statusServerAnswers = Counter(label: "radius_status_server_count", factory: factory)
        upstreamFailures = Counter(label: "radius_upstream_failures_total", factory: factory)
        duplicatesAnswered = Counter(label: "radius_duplicate_answered_total", factory: factory)
        accessPoints = Gauge(label: "radius_access_points_count", factory: factory)
        var dropped: [DropReason: Counter] = [:]
        for reason in DropReason.allCases {
            dropped[reason] = Counter(label: "radius_dropped_total", dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        self.dropped = dropped
    }

    /// Counts one discarded datagram under `reason`.
    public func drop(_ reason: DropReason) {
        dropped[reason]?.increment()
    }
}
