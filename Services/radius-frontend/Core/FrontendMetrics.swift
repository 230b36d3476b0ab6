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
    /// Sessions accepted and not ended, all instances (`radius_active_clients_count`), polled from the store.
    public let activeClients: Gauge
    /// Accounting-Responses sent (after the record was committed).
    public let accountingResponses: Counter
    /// Datagrams the kernel dropped on the sockets (receive buffer full), by "access" / "accounting".
    public let socketReceiveDrops: [String: Counter]
    /// Accounting-Requests left unanswered because the store failed (the AP retransmits).
    public let accountingStoreFailures: Counter
    /// Accounting records already stored (a NAS re-sent one with a new Identifier): acknowledged, not counted twice.
    public let accountingDuplicates: Counter
    /// Accounting records that matched no session (Class not ours, no known Acct-Session-Id).
    public let accountingUnmatched: Counter
    /// Session rows that could not be written at Access-Accept (the Accept still goes out).
    public let sessionStoreFailures: Counter
    /// Accepts turned into Rejects because their session row could not be stored (`store_required_for_accept`).
    public let storeWithheldAccepts: Counter
    /// Where the metrics go (the store's availability gauge is made with it).
    public let factory: any MetricsFactory
    private let accountingRequests: [String: Counter]
    /// Accounting record submitted to committed (`radius_accounting_commit_duration_seconds`): the
    /// group commit's wait is most of an Accounting-Response's latency.
    public let accountingCommit: Metrics.Timer
    /// Datagram received to answer written, by port (`radius_request_duration_seconds{type}`): the
    /// time a request spends inside the TWAG (aaa-core and the HSS included for Access-Requests).
    public let accessRequestDuration: Metrics.Timer
    public let accountingRequestDuration: Metrics.Timer
    private let disconnects: [String: Counter]
    private let changesOfAuthorization: [String: Counter]
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
        activeClients = Gauge(label: "radius_active_clients_count", factory: factory)
        accountingResponses = Counter(label: "radius_accounting_responses_total", factory: factory)
        socketReceiveDrops = [
            "access": Counter(label: "radius_socket_receive_drops_total", dimensions: [("type", "access")], factory: factory),
            "accounting": Counter(label: "radius_socket_receive_drops_total", dimensions: [("type", "accounting")],
                                  factory: factory),
        ]
        accountingStoreFailures = Counter(label: "radius_accounting_store_failures_total", factory: factory)
        accountingDuplicates = Counter(label: "radius_accounting_duplicate_records_total", factory: factory)
        accountingUnmatched = Counter(label: "radius_accounting_unmatched_total", factory: factory)
        sessionStoreFailures = Counter(label: "radius_session_store_failures_total", factory: factory)
        storeWithheldAccepts = Counter(label: "radius_store_withheld_accepts_total", factory: factory)
        self.factory = factory
        var accounting: [String: Counter] = [:]
        for status in Self.accountingStatusLabels {
            accounting[status] = Counter(label: "radius_accounting_request_count", dimensions: [("status_type", status)],
                                         factory: factory)
        }
        accountingRequests = accounting
        var disconnects: [String: Counter] = [:]
        for result in Self.disconnectResults {
            disconnects[result] = Counter(label: "radius_disconnect_requests_total", dimensions: [("result", result)],
                                          factory: factory)
        }
        self.disconnects = disconnects
        accountingCommit = Metrics.Timer(label: "radius_accounting_commit_duration_seconds", dimensions: [], factory: factory)
        accessRequestDuration = Metrics.Timer(label: "radius_request_duration_seconds", dimensions: [("type", "access")],
                                              factory: factory)
        accountingRequestDuration = Metrics.Timer(label: "radius_request_duration_seconds", dimensions: [("type", "accounting")],
                                                  factory: factory)
        var changes: [String: Counter] = [:]
        for result in Self.disconnectResults {
            changes[result] = Counter(label: "radius_coa_requests_total", dimensions: [("result", result)], factory: factory)
        }
        changesOfAuthorization = changes
        var dropped: [DropReason: Counter] = [:]
        for reason in DropReason.allCases {
            dropped[reason] = Counter(label: "radius_dropped_total", dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        self.dropped = dropped
    }

    /// `status_type` labels of `radius_accounting_request_count` (the guide's), plus `other`.
    static let accountingStatusLabels = ["start", "stop", "interim_update", "accounting_on", "accounting_off", "other"]
    /// `result` labels of `radius_disconnect_requests_total`.
    static let disconnectResults = ["ack", "nak", "timeout", "error"]

    /// Counts one Accounting-Request that passed validation.
    public func accountingRequest(statusType: UInt32) {
        let label = switch statusType {
        case 1: "start"
        case 2: "stop"
        case 3: "interim_update"
        case 7: "accounting_on"
        case 8: "accounting_off"
        default: "other"
        }
        accountingRequests[label]?.increment()
    }

    /// Counts one Disconnect-Request exchange by its end: `ack`, `nak`, `timeout` or `error`.
    public func disconnect(result: String) {
        disconnects[result]?.increment()
    }

    /// One CoA-Request exchange's outcome (`radius_coa_requests_total{result}`, as for Disconnect).
    public func changeOfAuthorization(result: String) {
        changesOfAuthorization[result]?.increment()
    }

    /// Counts one discarded datagram under `reason`.
    public func drop(_ reason: DropReason) {
        dropped[reason]?.increment()
    }
}
