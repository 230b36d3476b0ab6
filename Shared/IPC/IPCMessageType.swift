/// The IPC message catalogue for the three services (docs/ipc.md). Values are stable on the wire;
/// a receiver answers an unknown request type with `.error` (code `.unsupportedMessage`).
public struct IPCMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // Session control, any direction.
    /// First frame on a connection: who is speaking (service, instance id, protocol version).
    public static let hello = Self(rawValue: 0x0001)
    public static let helloAck = Self(rawValue: 0x0002)
    public static let ping = Self(rawValue: 0x0003)
    public static let pong = Self(rawValue: 0x0004)
    /// A request could not be served; carries `errorCode` and `errorMessage`.
    public static let error = Self(rawValue: 0x000F)

    // radius-frontend -> aaa-core: one Access-Request carrying EAP.
    public static let authRequest = Self(rawValue: 0x0100)
    // aaa-core -> radius-frontend: the decision for it.
    public static let authChallenge = Self(rawValue: 0x0101)
    public static let authAccept = Self(rawValue: 0x0102)
    public static let authReject = Self(rawValue: 0x0103)
    /// Drop the request without an answer (e.g. a stale State): the AP will retransmit or give up.
    public static let authDiscard = Self(rawValue: 0x0104)

    // aaa-core -> charging-agent: may this subscriber be accepted (CCR-I), and with what limits.
    public static let chargingAuthorize = Self(rawValue: 0x0200)
    public static let chargingAuthorizeResult = Self(rawValue: 0x0201)
    // radius-frontend -> charging-agent: accounting rows were committed to the store.
    public static let usageCommitted = Self(rawValue: 0x0210)
    public static let usageCommittedAck = Self(rawValue: 0x0211)

    // charging-agent or aaa-core -> radius-frontend: send a Disconnect-Request to the AP.
    public static let disconnectRequest = Self(rawValue: 0x0300)
    public static let disconnectResult = Self(rawValue: 0x0301)
    // charging-agent -> radius-frontend: send a CoA-Request (new Session-Timeout) to the AP.
    public static let coaRequest = Self(rawValue: 0x0302)
    public static let coaResult = Self(rawValue: 0x0303)

    public var description: String {
        switch self {
        case .hello: return "hello"
        case .helloAck: return "hello-ack"
        case .ping: return "ping"
        case .pong: return "pong"
        case .error: return "error"
        case .authRequest: return "auth-request"
        case .authChallenge: return "auth-challenge"
        case .authAccept: return "auth-accept"
        case .authReject: return "auth-reject"
        case .authDiscard: return "auth-discard"
        case .chargingAuthorize: return "charging-authorize"
        case .chargingAuthorizeResult: return "charging-authorize-result"
        case .usageCommitted: return "usage-committed"
        case .usageCommittedAck: return "usage-committed-ack"
        case .disconnectRequest: return "disconnect-request"
        case .disconnectResult: return "disconnect-result"
        case .coaRequest: return "coa-request"
        case .coaResult: return "coa-result"
        case .statusRequest: return "status-request"
        case .statusResult: return "status-result"
        case .diameterTest: return "diameter-test"
        case .diameterTestResult: return "diameter-test-result"
        case .operatorDisconnect: return "operator-disconnect"
        case .operatorDisconnectResult: return "operator-disconnect-result"
        default: return "type-0x" + String(rawValue, radix: 16)
        }
    }
}
