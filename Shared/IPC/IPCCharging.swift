/// `charging-authorize` (docs/ipc.md): aaa-core asks charging-agent whether a subscriber it is about
/// to accept may use the service (the CCR-I), before the Access-Accept leaves.
public struct IPCChargingAuthorize: Sendable, Hashable {
    /// The TWAG session: the RADIUS Class the Accept will carry.
    public var sessionClass: String
    public var imsi: String
    public var msisdn: String?
    public var userName: String?
    public var callingStationID: String?
    public var calledStationID: String?
    /// NAS-IP-Address as text.
    public var nasIP: String?

    public init(sessionClass: String, imsi: String, msisdn: String? = nil, userName: String? = nil,
                callingStationID: String? = nil, calledStationID: String? = nil, nasIP: String? = nil) {
        self.sessionClass = sessionClass
        self.imsi = imsi
        self.msisdn = msisdn
        self.userName = userName
        self.callingStationID = callingStationID
        self.calledStationID = calledStationID
        self.nasIP = nasIP
    }

    public var fields: [IPCField] {
        var fields = [IPCField(.sessionID, string: sessionClass), IPCField(.imsi, string: imsi)]
        if let msisdn { fields.append(IPCField(.msisdn, string: msisdn)) }
        if let userName { fields.append(IPCField(.userName, string: userName)) }
        if let callingStationID { fields.append(IPCField(.callingStationID, string: callingStationID)) }
        if let calledStationID { fields.append(IPCField(.calledStationID, string: calledStationID)) }
        if let nasIP { fields.append(IPCField(.nasAddressText, string: nasIP)) }
        return fields
    }

    public init(frame: IPCFrame) throws(IPCFieldError) {
        self.init(sessionClass: try frame.required(.sessionID, frame.string), imsi: try frame.required(.imsi, frame.string),
                  msisdn: try frame.string(.msisdn), userName: try frame.string(.userName),
                  callingStationID: try frame.string(.callingStationID), calledStationID: try frame.string(.calledStationID),
                  nasIP: try frame.string(.nasAddressText))
    }
}

/// `charging-authorize-result`: admit (with the limits the Accept must carry) or refuse.
public struct IPCChargingResult: Sendable, Hashable {
    /// 2001 admitted; otherwise the OCS's Result-Code, or 0 when the OCS could not be reached.
    public var resultCode: UInt32
    /// Why a refusal (logs, metric label).
    public var reason: String?
    public var grantedOctets: UInt64?
    public var validityTime: UInt32?
    /// Session-Timeout for the Accept (from the granted time or Validity-Time).
    public var sessionTimeout: UInt32?
    /// Acct-Interim-Interval for the Accept: how fresh usage must be for the quota to hold.
    public var acctInterimInterval: UInt32?
    /// Admitted without an answer from the OCS (failure handling CONTINUE).
    public var degraded: Bool

    public static let admitted: UInt32 = 2001

    public init(resultCode: UInt32, reason: String? = nil, grantedOctets: UInt64? = nil, validityTime: UInt32? = nil,
                sessionTimeout: UInt32? = nil, acctInterimInterval: UInt32? = nil, degraded: Bool = false) {
        self.resultCode = resultCode
        self.reason = reason
        self.grantedOctets = grantedOctets
        self.validityTime = validityTime
        self.sessionTimeout = sessionTimeout
        self.acctInterimInterval = acctInterimInterval
        self.degraded = degraded
    }

    public var isAdmitted: Bool { resultCode == Self.admitted }

    public func frame(correlationID: UInt64) -> IPCFrame {
        var fields = [IPCField(.chargingResult, uint32: resultCode)]
        if let reason { fields.append(IPCField(.rejectReason, string: reason)) }
        if let grantedOctets { fields.append(IPCField(.grantedOctets, uint64: grantedOctets)) }
        if let validityTime { fields.append(IPCField(.validityTime, uint32: validityTime)) }
        if let sessionTimeout { fields.append(IPCField(.sessionTimeout, uint32: sessionTimeout)) }
        if let acctInterimInterval { fields.append(IPCField(.acctInterimInterval, uint32: acctInterimInterval)) }
        if degraded { fields.append(IPCField(.chargingDegraded, uint32: 1)) }
        return IPCFrame(type: .chargingAuthorizeResult, correlationID: correlationID, fields: fields)
    }

    public init(frame: IPCFrame) throws(IPCFieldError) {
        self.init(resultCode: try frame.required(.chargingResult, frame.uint32), reason: try frame.string(.rejectReason),
                  grantedOctets: try frame.uint64(.grantedOctets), validityTime: try frame.uint32(.validityTime),
                  sessionTimeout: try frame.uint32(.sessionTimeout),
                  acctInterimInterval: try frame.uint32(.acctInterimInterval),
                  degraded: try frame.uint32(.chargingDegraded) == 1)
    }
}
