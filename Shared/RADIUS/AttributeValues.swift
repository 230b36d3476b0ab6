// Enumerated values of `integer` attributes. Unlisted values stay readable through
// `RADIUSPacket.uint32(_:)`; the typed getters return nil for them.

/// Service-Type (6) values (subset used by 802.1X / WiFi).
public enum ServiceType: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case loginUser = 1
    case framedUser = 2
    case callbackLoginUser = 3
    case callbackFramedUser = 4
    case outboundUser = 5
    case administrativeUser = 6
    case nasPromptUser = 7
    case authenticateOnly = 8
    case callbackNASPrompt = 9
    case callCheck = 10
    case callbackAdministrative = 11
    case authorizeOnly = 17

    public var description: String {
        switch self {
        case .loginUser: return "Login-User"
        case .framedUser: return "Framed-User"
        case .callbackLoginUser: return "Callback-Login-User"
        case .callbackFramedUser: return "Callback-Framed-User"
        case .outboundUser: return "Outbound-User"
        case .administrativeUser: return "Administrative-User"
        case .nasPromptUser: return "NAS-Prompt-User"
        case .authenticateOnly: return "Authenticate-Only"
        case .callbackNASPrompt: return "Callback-NAS-Prompt"
        case .callCheck: return "Call-Check"
        case .callbackAdministrative: return "Callback-Administrative"
        case .authorizeOnly: return "Authorize-Only"
        }
    }
}

/// NAS-Port-Type (61) values (subset).
public enum NASPortType: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case async = 0
    case sync = 1
    case isdnSync = 2
    case virtual = 5
    case ethernet = 15
    case xDSL = 16
    case cable = 17
    case wirelessOther = 18
    case wireless80211 = 19
    case tokenRing = 20

    public var description: String {
        switch self {
        case .async: return "Async"
        case .sync: return "Sync"
        case .isdnSync: return "ISDN"
        case .virtual: return "Virtual"
        case .ethernet: return "Ethernet"
        case .xDSL: return "xDSL"
        case .cable: return "Cable"
        case .wirelessOther: return "Wireless-Other"
        case .wireless80211: return "Wireless-802.11"
        case .tokenRing: return "Token-Ring"
        }
    }
}

/// Termination-Action (29) values.
public enum TerminationAction: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case `default` = 0
    /// 802.1X: re-authenticate when Session-Timeout expires instead of disconnecting (RFC 3580).
    case radiusRequest = 1

    public var description: String { self == .default ? "Default" : "RADIUS-Request" }
}

/// Acct-Status-Type (40) values (RFC 2866, RFC 2867 Failed).
public enum AcctStatusType: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case start = 1
    case stop = 2
    case interimUpdate = 3
    /// The NAS restarted: every session it had is over.
    case accountingOn = 7
    /// The NAS is shutting down: every session it had is over.
    case accountingOff = 8
    case failed = 15

    public var description: String {
        switch self {
        case .start: return "Start"
        case .stop: return "Stop"
        case .interimUpdate: return "Interim-Update"
        case .accountingOn: return "Accounting-On"
        case .accountingOff: return "Accounting-Off"
        case .failed: return "Failed"
        }
    }
}

/// Acct-Authentic (45) values.
public enum AcctAuthentic: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case radius = 1
    case local = 2
    case remote = 3

    public var description: String {
        switch self {
        case .radius: return "RADIUS"
        case .local: return "Local"
        case .remote: return "Remote"
        }
    }
}

/// Acct-Terminate-Cause (49) values (RFC 2866, RFC 3580).
public enum AcctTerminateCause: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case userRequest = 1
    case lostCarrier = 2
    case lostService = 3
    case idleTimeout = 4
    case sessionTimeout = 5
    case adminReset = 6
    case adminReboot = 7
    case portError = 8
    case nasError = 9
    case nasRequest = 10
    case nasReboot = 11
    case portUnneeded = 12
    case portPreempted = 13
    case portSuspended = 14
    case serviceUnavailable = 15
    case callback = 16
    case userError = 17
    case hostRequest = 18
    case supplicantRestart = 19
    case reauthenticationFailure = 20
    case portReinit = 21
    case portDisabled = 22

    public var description: String {
        switch self {
        case .userRequest: return "User-Request"
        case .lostCarrier: return "Lost-Carrier"
        case .lostService: return "Lost-Service"
        case .idleTimeout: return "Idle-Timeout"
        case .sessionTimeout: return "Session-Timeout"
        case .adminReset: return "Admin-Reset"
        case .adminReboot: return "Admin-Reboot"
        case .portError: return "Port-Error"
        case .nasError: return "NAS-Error"
        case .nasRequest: return "NAS-Request"
        case .nasReboot: return "NAS-Reboot"
        case .portUnneeded: return "Port-Unneeded"
        case .portPreempted: return "Port-Preempted"
        case .portSuspended: return "Port-Suspended"
        case .serviceUnavailable: return "Service-Unavailable"
        case .callback: return "Callback"
        case .userError: return "User-Error"
        case .hostRequest: return "Host-Request"
        case .supplicantRestart: return "Supplicant-Restart"
        case .reauthenticationFailure: return "Reauthentication-Failure"
        case .portReinit: return "Port-Reinit"
        case .portDisabled: return "Port-Disabled"
        }
    }
}

/// Error-Cause (101) values (RFC 5176 3.5), carried in Disconnect/CoA ACK and NAK.
public enum ErrorCause: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case residualContextRemoved = 201
    case invalidEAPPacket = 202
    case unsupportedAttribute = 401
    case missingAttribute = 402
    case nasIdentificationMismatch = 403
    case invalidRequest = 404
    case unsupportedService = 405
    case unsupportedExtension = 406
    case invalidAttributeValue = 407
    case administrativelyProhibited = 501
    case proxyRequestNotRoutable = 502
    case sessionContextNotFound = 503
    case sessionContextNotRemovable = 504
    case proxyProcessingError = 505
    case resourcesUnavailable = 506
    case requestInitiated = 507
    case multipleSessionSelectionUnsupported = 508

    /// 2xx: success, sent in ACKs.
    public var isSuccess: Bool { (200...299).contains(rawValue) }

    /// 4xx/5xx are fatal; 202 Invalid-EAP-Packet is the one non-fatal error.
    public var isFatal: Bool { rawValue >= 400 }

    public var description: String {
        switch self {
        case .residualContextRemoved: return "Residual-Context-Removed"
        case .invalidEAPPacket: return "Invalid-EAP-Packet"
        case .unsupportedAttribute: return "Unsupported-Attribute"
        case .missingAttribute: return "Missing-Attribute"
        case .nasIdentificationMismatch: return "NAS-Identification-Mismatch"
        case .invalidRequest: return "Invalid-Request"
        case .unsupportedService: return "Unsupported-Service"
        case .unsupportedExtension: return "Unsupported-Extension"
        case .invalidAttributeValue: return "Invalid-Attribute-Value"
        case .administrativelyProhibited: return "Administratively-Prohibited"
        case .proxyRequestNotRoutable: return "Proxy-Request-Not-Routable"
        case .sessionContextNotFound: return "Session-Context-Not-Found"
        case .sessionContextNotRemovable: return "Session-Context-Not-Removable"
        case .proxyProcessingError: return "Proxy-Processing-Error"
        case .resourcesUnavailable: return "Resources-Unavailable"
        case .requestInitiated: return "Request-Initiated"
        case .multipleSessionSelectionUnsupported: return "Multiple-Session-Selection-Unsupported"
        }
    }
}
