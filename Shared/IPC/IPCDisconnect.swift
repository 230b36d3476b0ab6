/// `disconnect-request` (docs/ipc.md): aaa-core or charging-agent asks a frontend to end a
/// subscriber's session with an RFC 5176 Disconnect-Request to the AP.
public struct IPCDisconnectRequest: Sendable, Equatable {
    /// The session's Class (store key; for logs).
    public var sessionClass: String
    /// Source address of the AP's RADIUS packets (IP text): where the request goes.
    public var clientIP: String
    public var userName: String
    public var acctSessionID: String?
    public var callingStationID: String?
    /// NAS-IP-Address / NAS-IPv6-Address as text, when the AP sent one.
    public var nasIP: String?
    public var nasIdentifier: String?
    /// Why (logs): "HSS Registration-Termination", "quota exhausted"...
    public var cause: String

    public init(sessionClass: String, clientIP: String, userName: String, acctSessionID: String?,
                callingStationID: String?, nasIP: String?, nasIdentifier: String?, cause: String) {
        self.sessionClass = sessionClass
        self.clientIP = clientIP
        self.userName = userName
        self.acctSessionID = acctSessionID
        self.callingStationID = callingStationID
        self.nasIP = nasIP
        self.nasIdentifier = nasIdentifier
        self.cause = cause
    }

    public var fields: [IPCField] {
        var fields = [IPCField(.sessionID, string: sessionClass), IPCField(.clientAddress, string: clientIP),
                      IPCField(.userName, string: userName), IPCField(.disconnectCause, string: cause)]
        if let acctSessionID { fields.append(IPCField(.acctSessionID, string: acctSessionID)) }
        if let callingStationID { fields.append(IPCField(.callingStationID, string: callingStationID)) }
        if let nasIP { fields.append(IPCField(.nasAddressText, string: nasIP)) }
        if let nasIdentifier { fields.append(IPCField(.nasIdentifier, string: nasIdentifier)) }
        return fields
    }

    public init(frame: IPCFrame) throws(IPCFieldError) {
        self.init(sessionClass: try frame.required(.sessionID, frame.string),
                  clientIP: try frame.required(.clientAddress, frame.string),
                  userName: try frame.required(.userName, frame.string),
                  acctSessionID: try frame.string(.acctSessionID), callingStationID: try frame.string(.callingStationID),
                  nasIP: try frame.string(.nasAddressText), nasIdentifier: try frame.string(.nasIdentifier),
                  cause: try frame.string(.disconnectCause) ?? "unspecified")
    }
}

/// `disconnect-result`: how the AP answered.
public enum IPCDisconnectOutcome: Sendable, Equatable {
    /// Disconnect-ACK.
    case acknowledged
    /// Disconnect-NAK with its Error-Cause (RFC 5176 3.5), when it carried one.
    case refused(errorCause: UInt32?)
    /// No valid answer after every retransmission.
    case noAnswer
    /// The request could not be sent (no secret for that AP, bad address...).
    case failed(String)

    /// The reply frame: `disconnect-result`, or `coa-result` for a `coa-request`.
    public func frame(correlationID: UInt64, type: IPCMessageType = .disconnectResult) -> IPCFrame {
        var fields: [IPCField]
        switch self {
        case .acknowledged: fields = [IPCField(.disconnectOutcome, string: "ack")]
        case .refused(let cause):
            fields = [IPCField(.disconnectOutcome, string: "nak")]
            if let cause { fields.append(IPCField(.errorCause, uint32: cause)) }
        case .noAnswer: fields = [IPCField(.disconnectOutcome, string: "timeout")]
        case .failed(let why): fields = [IPCField(.disconnectOutcome, string: "error"), IPCField(.errorMessage, string: why)]
        }
        return IPCFrame(type: type, correlationID: correlationID, fields: fields)
    }

    public init(frame: IPCFrame) throws(IPCFieldError) {
        switch try frame.string(.disconnectOutcome) {
        case "ack": self = .acknowledged
        case "nak": self = .refused(errorCause: try frame.uint32(.errorCause))
        case "timeout": self = .noAnswer
        default: self = .failed(try frame.string(.errorMessage) ?? "unknown outcome")
        }
    }
}
