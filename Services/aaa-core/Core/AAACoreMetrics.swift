import CoreMetrics
import Metrics

/// The EAP-AKA counters of the operator's guide. The factory is injectable so tests read
/// values without bootstrapping the process-wide metrics system.
public struct AAACoreMetrics: Sendable {
    private let factory: any MetricsFactory
    /// EAP-AKA identity exchanges (EAP-Response/Identity and AKA-Identity responses).
    public let identity: Counter
    /// Challenges sent.
    public let challenge: Counter
    /// Synchronization-Failure messages received (SQN resynchronisations).
    public let syncFailure: Counter
    /// Accepted authentications.
    public let authSuccess: Counter
    /// Final answers (Accept or Reject) sent again to a retransmission reaching us after the conversation ended.
    public let finalAnswerReplayed: Counter
    private let phases: [AuthenticationPhase: Metrics.Timer]
    private let rejects: [String: Counter]
    private let accepted: Metrics.Timer
    private let rejected: Metrics.Timer

    /// The parts of an authentication whose time is measured (`eap_aka_phase_duration_seconds{phase}`).
    public enum AuthenticationPhase: String, CaseIterable, Sendable {
        /// A request answered with a Challenge (or an AKA-Identity request), vector fetch included.
        case identity
        /// The HSS's MAR/MAA (or Cx) round trip.
        case vectorFetch = "vector_fetch"
        /// A request answered with the final Accept or Reject.
        case challenge
    }

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        identity = Counter(label: "eap_aka_identity_count", dimensions: [], factory: factory)
        challenge = Counter(label: "eap_aka_challenge_count", dimensions: [], factory: factory)
        syncFailure = Counter(label: "eap_aka_sync_failure_count", dimensions: [], factory: factory)
        authSuccess = Counter(label: "eap_aka_auth_success_count", dimensions: [], factory: factory)
        finalAnswerReplayed = Counter(label: "eap_aka_final_answer_replayed_count", dimensions: [], factory: factory)
        var rejects: [String: Counter] = [:]
        for reason in ConversationRejectReason.metricLabels {
            rejects[reason] = Counter(label: "eap_aka_auth_reject_count", dimensions: [("reason", reason)], factory: factory)
        }
        self.rejects = rejects
        var phases: [AuthenticationPhase: Metrics.Timer] = [:]
        for phase in AuthenticationPhase.allCases {
            phases[phase] = Metrics.Timer(label: "eap_aka_phase_duration_seconds", dimensions: [("phase", phase.rawValue)],
                                          factory: factory)
        }
        self.phases = phases
        accepted = Metrics.Timer(label: "eap_aka_authentication_duration_seconds", dimensions: [("result", "accept")],
                                 factory: factory)
        rejected = Metrics.Timer(label: "eap_aka_authentication_duration_seconds", dimensions: [("result", "reject")],
                                 factory: factory)
        // Series that dashboards and alerts rate() exist at zero before their first event.
        _ = Counter(label: "swx_rtr_count", dimensions: [], factory: factory)
        for result in ["success", "released", "retry", "abandoned"] {
            _ = Counter(label: "swx_deregistrations_total", dimensions: [("result", result)], factory: factory)
        }
        for result in ["ack", "nak", "timeout", "error"] {
            _ = Counter(label: "session_disconnects_total", dimensions: [("result", result)], factory: factory)
        }
    }

    /// One phase's time.
    public func phase(_ phase: AuthenticationPhase, duration: Duration) {
        phases[phase]?.record(duration: duration)
    }

    /// A whole authentication, first Access-Request to the final answer
    /// (`eap_aka_authentication_duration_seconds{result}`).
    public func authentication(accepted: Bool, duration: Duration) {
        (accepted ? self.accepted : rejected).record(duration: duration)
    }

    /// `swx_sar_count{result}`: SWx registrations after authentication; the labels are bounded
    /// (`success`, `barred`, `skipped`, `user_unknown`, `refused`, `timeout`, `unavailable`, `invalid_answer`).
    public func serverAssignment(result: String) {
        Counter(label: "swx_sar_count", dimensions: [("result", result)], factory: factory).increment()
    }

    /// `swx_rtr_count`: Registration-Termination-Requests received from an HSS.
    /// One SAR USER_DEREGISTRATION outcome (`swx_deregistrations_total{result}`: success, released,
    /// retry, abandoned).
    public func deregistration(result: String) {
        Counter(label: "swx_deregistrations_total", dimensions: [("result", result)], factory: factory).increment()
    }

    /// One Disconnect-Request asked of a frontend after an RTR (`session_disconnects_total{result}`).
    public func sessionDisconnect(result: String) {
        Counter(label: "session_disconnects_total", dimensions: [("result", result)], factory: factory).increment()
    }

    public func registrationTermination() {
        Counter(label: "swx_rtr_count", dimensions: [], factory: factory).increment()
    }

    /// `eap_aka_auth_reject_count{reason}`; the label set is bounded by `ConversationRejectReason`.
    public func rejected(_ reason: ConversationRejectReason) {
        if let counter = rejects[reason.metricLabel] { return counter.increment() }
        Counter(label: "eap_aka_auth_reject_count", dimensions: [("reason", reason.metricLabel)], factory: factory)
            .increment()
    }
}
