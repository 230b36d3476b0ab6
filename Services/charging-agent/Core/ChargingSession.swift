import Diameter
import Foundation

/// The Gy credit-control state of one WiFi session (RFC 4006 client side): a plain value that takes an
/// event and the time, changes itself and returns actions. It is stored whole in the shared database
/// after every change, before any request it asks for is sent, so a restarted charging-agent resends
/// exactly the request that may have been lost (same CC-Request-Number, T flag) and nothing else.
public struct ChargingSession: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Hashable, Codable {
        /// CCR-I sent, aaa-core waits for the decision.
        case authorizing
        /// Admitted; usage is being charged.
        case active
        /// No quota left or service refused: the subscriber is being disconnected. Only a RAR, the
        /// validity timer or the session's end lead to another request.
        case blocked
        /// The authorization was refused locally (OCS unreachable) but the CCR-I may have reached the
        /// OCS: its answer, if one comes, only serves to close the OCS session.
        case abandoned
        /// CCR-T sent.
        case terminating
        /// Nothing more to send.
        case closed
    }

    /// The quota currently granted, in cumulative session octets.
    public struct Grant: Sendable, Hashable, Codable {
        /// Cumulative usage at which the grant starts (what the request that obtained it reported up to).
        public var base: UInt64
        /// Octets granted; nil = no volume limit.
        public var octets: UInt64?
        /// Cumulative usage at which to ask for more.
        public var reauthorizeAt: UInt64?
        /// When the grant must be re-authorized (Validity-Time).
        public var validUntil: Date?
        /// Final-Unit-Indication received with it: when used up, the service ends.
        public var isFinal: Bool

        public var limit: UInt64? { octets.map { base &+ $0 } }
    }

    public var mode: ChargingPolicy.Mode
    public internal(set) var phase: Phase
    /// CC-Request-Number of the next new request.
    public internal(set) var nextNumber: UInt32 = 0
    /// Quota tier of the last request that asked for units.
    public internal(set) var tier = 0
    /// Cumulative usage the OCS has acknowledged (answered reports).
    public internal(set) var reported = UsageSnapshot.zero
    /// Newest cumulative usage seen in the store.
    public internal(set) var latest = UsageSnapshot.zero
    public internal(set) var sessionEnded = false
    /// The request sent and not answered yet (at most one at a time, RFC 4006 5.1).
    public internal(set) var pending: ChargingRequest?
    /// When the pending request is due to be sent again after a failure (nil: waiting for its answer).
    public internal(set) var retryAt: Date?
    public internal(set) var attempts = 0
    public internal(set) var grant: Grant?
    /// Credit-Control-Failure-Handling in force (configured, or as the last CCA said).
    public internal(set) var failureHandling: ChargingFailureHandling
    /// False after 4011 CREDIT_CONTROL_NOT_APPLICABLE or a 5002 on update: no more CCRs.
    public internal(set) var creditControlled = true
    /// A RAR arrived while a request was pending: a CCR-U follows its answer.
    public internal(set) var reauthorizationOwed = false
    /// Disconnect already asked for (never twice for one cause).
    public internal(set) var disconnectCause: ChargingDisconnectCause?
    /// What aaa-core was told (replayed to a repeated charging-authorize).
    public internal(set) var decision: ChargingDecision?

    /// A new session: nothing sent yet. Call ``start(policy:now:)``.
    public init(mode: ChargingPolicy.Mode, failureHandling: ChargingFailureHandling) {
        self.mode = mode
        self.phase = .authorizing
        self.failureHandling = failureHandling
    }

    /// When ``tick(policy:now:)`` has something to do: a retry or the validity timer.
    public var nextDeadline: Date? {
        let validity = pending == nil && creditControlled ? grant?.validUntil : nil
        switch (retryAt, validity) {
        case let (r?, v?): return min(r, v)
        case let (r?, nil): return r
        case let (nil, v?): return v
        case (nil, nil): return nil
        }
    }

    public var isClosed: Bool { phase == .closed }
}

/// The answer given to aaa-core, kept so that a retransmitted charging-authorize gets the same one.
public enum ChargingDecision: Sendable, Hashable, Codable {
    case authorized(ChargingAuthorization)
    case denied(ChargingDenial)
}

/// Credit-Control-Failure-Handling (RFC 4006 8.14), stored with the session.
public enum ChargingFailureHandling: Int32, Sendable, Hashable, Codable {
    case terminate = 0
    case `continue` = 1
    case retryAndTerminate = 2

    init(_ value: CreditControlAnswer.FailureHandling) {
        self = Self(rawValue: value.rawValue) ?? .terminate
    }
}
