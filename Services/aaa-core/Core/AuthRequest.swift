import IPC

/// The parts of an IPC auth-request aaa-core uses (docs/ipc.md).
public struct AuthRequest: Sendable {
    /// The reassembled EAP packet.
    public var eapMessage: [UInt8]
    /// State echoed by the AP; nil on the first Access-Request of a conversation.
    public var radiusState: [UInt8]?
    /// RADIUS User-Name (logs only: EAP carries the identity that counts).
    public var userName: String?
    /// The station's MAC (logs, charging).
    public var callingStationID: String?
    /// The AP's MAC and SSID (charging).
    public var calledStationID: String?
    /// NAS-IP-Address as text (charging).
    public var nasIP: String?
    /// AP address "ip:port" (logs).
    public var clientAddress: String?
    /// The frontend instance (logs).
    public var frontendID: String?

    public init(eapMessage: [UInt8], radiusState: [UInt8]? = nil, userName: String? = nil,
                callingStationID: String? = nil, clientAddress: String? = nil, frontendID: String? = nil,
                calledStationID: String? = nil, nasIP: String? = nil) {
        self.eapMessage = eapMessage
        self.radiusState = radiusState
        self.userName = userName
        self.callingStationID = callingStationID
        self.calledStationID = calledStationID
        self.nasIP = nasIP
        self.clientAddress = clientAddress
        self.frontendID = frontendID
    }

    /// Reads an `.authRequest` frame; eapMessage is required, an empty State counts as absent.
    public init(frame: IPCFrame) throws(IPCFieldError) {
        let eap = try frame.required(.eapMessage) { (tag) throws(IPCFieldError) in frame.bytes(tag) }
        let state = frame.bytes(.radiusState)
        self.init(eapMessage: eap, radiusState: state?.isEmpty == false ? state : nil,
                  userName: try frame.string(.userName), callingStationID: try frame.string(.callingStationID),
                  clientAddress: try frame.string(.clientAddress), frontendID: try frame.string(.frontendID),
                  calledStationID: try frame.string(.calledStationID),
                  nasIP: frame.bytes(.nasIPAddress).flatMap(Self.addressText))
    }
}

extension AuthRequest {
    /// Dotted IPv4 or colon-separated IPv6 text of a 4- or 16-octet address.
    static func addressText(_ bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        default: return nil
        }
    }
}

/// What aaa-core answers to one auth-request.
public enum AuthDecision: Sendable {
    /// Access-Challenge carrying the EAP-Request and our State.
    case challenge(eapMessage: [UInt8], radiusState: [UInt8])
    /// Access-Accept.
    case accept(AuthAcceptance)
    /// Access-Reject carrying EAP-Failure.
    case reject(eapMessage: [UInt8], reason: String)
    /// No answer.
    case discard(reason: String)
}

/// The contents of an Access-Accept.
public struct AuthAcceptance: Sendable {
    public var eapMessage: [UInt8]
    public var msk: [UInt8]
    /// RADIUS Class naming the session: "twag:" + 16 hex digits.
    public var sessionClass: String
    public var acceptedUserName: String
    public var imsi: String
    public var sessionTimeout: UInt32?
    public var acctInterimInterval: UInt32?
    /// Registered at the HSS (SAR REGISTRATION) for this session: deregister when it ends.
    public var hssRegistered: Bool = false
    /// Origin-Host of the HSS that served the vectors.
    public var servingHSS: String? = nil
}

extension AuthAcceptance: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AuthAcceptance(user: \(acceptedUserName), class: \(sessionClass), msk: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["user": acceptedUserName, "class": sessionClass]) }
}

extension AuthDecision {
    /// The reply frame, correlated with the request.
    public func frame(correlationID: UInt64) -> IPCFrame {
        switch self {
        case .challenge(let eap, let state):
            return IPCFrame(type: .authChallenge, correlationID: correlationID,
                            fields: [IPCField(.eapMessage, bytes: eap), IPCField(.radiusState, bytes: state)])
        case .accept(let a):
            var fields = [
                IPCField(.eapMessage, bytes: a.eapMessage), IPCField(.msk, bytes: a.msk),
                IPCField(.sessionClass, string: a.sessionClass), IPCField(.acceptedUserName, string: a.acceptedUserName),
            ]
            if let t = a.sessionTimeout { fields.append(IPCField(.sessionTimeout, uint32: t)) }
            if let i = a.acctInterimInterval { fields.append(IPCField(.acctInterimInterval, uint32: i)) }
            fields.append(IPCField(.imsi, string: a.imsi))
            if a.hssRegistered { fields.append(IPCField(.hssRegistered, uint32: 1)) }
            if let hss = a.servingHSS { fields.append(IPCField(.servingHSS, string: hss)) }
            return IPCFrame(type: .authAccept, correlationID: correlationID, fields: fields)
        case .reject(let eap, let reason):
            return IPCFrame(type: .authReject, correlationID: correlationID,
                            fields: [IPCField(.eapMessage, bytes: eap), IPCField(.rejectReason, string: reason)])
        case .discard(let reason):
            return IPCFrame(type: .authDiscard, correlationID: correlationID,
                            fields: [IPCField(.rejectReason, string: reason)])
        }
    }
}
