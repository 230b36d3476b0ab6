import CoreMetrics
import Metrics

/// charging-agent's metrics. Labels are bounded: request types, result codes the OCS may send (a
/// few dozen at most), causes from enums. No subscriber identity in any label.
public struct ChargingMetrics: Sendable {
    private let factory: any MetricsFactory
    /// `charging_ocs_request_duration_seconds`: CCR sent to CCA received (histogram).
    public let latency: Metrics.Timer
    // Made once: these move on every session, and making a metric looks it up in the registry.
    private let grants: Counter
    private let grantedOctets: Counter
    private let open: Gauge
    private let successes: [String: Counter]

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        latency = Metrics.Timer(label: "charging_ocs_request_duration_seconds", dimensions: [], preferredDisplayUnit: .seconds,
                                factory: factory)
        grants = Counter(label: "charging_grants_total", dimensions: [], factory: factory)
        grantedOctets = Counter(label: "charging_granted_octets_total", dimensions: [], factory: factory)
        open = Gauge(label: "charging_sessions_open", dimensions: [], factory: factory)
        var successes: [String: Counter] = [:]
        for type in ["CCR-I", "CCR-U", "CCR-T"] {
            successes[type] = Counter(label: "charging_ccr_total", dimensions: [("type", type), ("result", "2001")],
                                      factory: factory)
        }
        self.successes = successes
        // Series that dashboards and alerts rate() exist at zero before their first event.
        _ = Counter(label: "charging_store_failures_total", dimensions: [], factory: factory)
        for result in ["accept", "degraded"] {
            _ = Counter(label: "charging_authorizations_total", dimensions: [("result", result), ("reason", "")], factory: factory)
        }
        for cause in ChargingDisconnectCause.allCases {
            for result in ["ack", "nak", "timeout", "error"] {
                _ = Counter(label: "charging_disconnects_total", dimensions: [("cause", cause.rawValue), ("result", result)],
                            factory: factory)
            }
        }
    }

    /// `charging_ccr_total{type,result}`: one per CCR outcome; result is the Result-Code, or
    /// `timeout`, `no_peer`, `error`, `invalid_answer`.
    public func request(type: String, result: String) {
        if result == "2001", let counter = successes[type] { return counter.increment() }
        Counter(label: "charging_ccr_total", dimensions: [("type", type), ("result", result)], factory: factory).increment()
    }

    /// `charging_grants_total` and `charging_granted_octets_total`.
    public func granted(octets: UInt64?) {
        grants.increment()
        if let octets { grantedOctets.increment(by: Int64(clamping: octets)) }
    }

    /// `charging_authorizations_total{result}`: accept, reject (with reason), degraded.
    public func authorization(result: String, reason: String = "") {
        Counter(label: "charging_authorizations_total", dimensions: [("result", result), ("reason", reason)], factory: factory)
            .increment()
    }

    /// `charging_disconnects_total{cause,result}`: Disconnect-Requests asked of a frontend.
    public func disconnect(cause: ChargingDisconnectCause, result: String) {
        Counter(label: "charging_disconnects_total", dimensions: [("cause", cause.rawValue), ("result", result)],
                factory: factory).increment()
    }

    /// `charging_coa_total{result}`: CoA-Requests (new Session-Timeout after a grant) asked of a frontend.
    public func changeOfAuthorization(result: String) {
        Counter(label: "charging_coa_total", dimensions: [("result", result)], factory: factory).increment()
    }

    /// `charging_answer_errors_total{reason}`: CCAs that could not be used (malformed, mismatched).
    public func answerError(_ reason: String) {
        Counter(label: "charging_answer_errors_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// `charging_server_requests_total{command,result}`: RAR and ASR from the OCS.
    public func serverRequest(_ command: String, result: UInt32) {
        Counter(label: "charging_server_requests_total", dimensions: [("command", command), ("result", String(result))],
                factory: factory).increment()
    }

    /// `charging_sessions_open`: Gy sessions the agent holds.
    public func openSessions(_ count: Int) {
        open.record(count)
    }

    /// `charging_store_failures_total`: state writes that failed (the request is then not sent).
    public func storeFailure() {
        Counter(label: "charging_store_failures_total", dimensions: [], factory: factory).increment()
    }
}
