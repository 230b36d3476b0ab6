/// What the charging state machine asks its executor to do.
public enum ChargingAction: Sendable, Hashable {
    /// Send this CCR (`retransmission`: again, same number, T flag).
    case send(ChargingRequest, retransmission: Bool)
    /// Answer aaa-core's charging-authorize: admit the subscriber with these limits.
    case authorize(ChargingAuthorization)
    /// Answer aaa-core's charging-authorize: refuse (the Accept becomes a Reject).
    case deny(ChargingDenial)
    /// Ask the frontend that served the session to send a Disconnect-Request to the AP.
    case disconnect(cause: ChargingDisconnectCause)
    /// Ask the frontend that served the session to send a CoA-Request: a new grant's lifetime
    /// becomes the session's Session-Timeout (APs that NAK keep the old one until the next interim).
    case changeSessionTimeout(seconds: UInt32)
    /// The Gy session is over: nothing more will be sent for it.
    case close
}

/// The limits an admitted subscriber gets: they go into the Access-Accept.
public struct ChargingAuthorization: Sendable, Hashable, Codable {
    /// Octets granted by the CCA-I (nil: no volume limit, e.g. authorize-only or CONTINUE after a failure).
    public var grantedOctets: UInt64?
    /// Validity-Time of the grant, seconds.
    public var validityTime: UInt32?
    /// Session-Timeout the Accept should carry (from the granted time or the validity time).
    public var sessionTimeout: UInt32?
    /// Admitted without an answer from the OCS (failure handling CONTINUE).
    public var degraded: Bool

    public init(grantedOctets: UInt64?, validityTime: UInt32?, sessionTimeout: UInt32?, degraded: Bool = false) {
        self.grantedOctets = grantedOctets
        self.validityTime = validityTime
        self.sessionTimeout = sessionTimeout
        self.degraded = degraded
    }
}

/// Why a subscriber is refused at authorization.
public struct ChargingDenial: Sendable, Hashable, Codable {
    /// The Diameter result behind it (0 when the OCS could not be reached).
    public var resultCode: UInt32
    /// Short reason for logs and the `charging_rejects_total{reason}` label.
    public var reason: String

    public init(resultCode: UInt32, reason: String) {
        self.resultCode = resultCode
        self.reason = reason
    }
}

/// Why charging ends a subscriber's session (`charging_disconnects_total{cause}`).
public enum ChargingDisconnectCause: String, Sendable, Hashable, Codable, CaseIterable {
    /// The final units (Final-Unit-Indication) are used up.
    case finalUnitsUsed = "final_units_used"
    /// The OCS granted nothing more (4012 or no Granted-Service-Unit).
    case creditLimitReached = "credit_limit_reached"
    /// The OCS refused the service (4010, 5xxx).
    case serviceDenied = "service_denied"
    /// The OCS did not answer and the failure handling is TERMINATE / RETRY_AND_TERMINATE.
    case ocsUnreachable = "ocs_unreachable"
    /// Abort-Session-Request from the OCS.
    case abortedByOCS = "aborted_by_ocs"
}
