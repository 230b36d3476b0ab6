/// Field tags, one namespace for all messages so a tag means the same thing everywhere.
/// Tags are never reused; a retired tag stays reserved (docs/ipc.md lists which message carries which).
public struct IPCTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // hello
    public static let serviceName = Self(rawValue: 1)  // string: "radius-frontend", "aaa-core", "charging-agent"
    public static let instanceID = Self(rawValue: 2)  // string, unique per process
    public static let protocolVersion = Self(rawValue: 3)  // uint32, minor version of the catalogue

    // error
    public static let errorCode = Self(rawValue: 10)  // uint32 IPCErrorCode
    public static let errorMessage = Self(rawValue: 11)  // string, for logs

    // RADIUS context of an Access-Request (frontend -> core)
    public static let eapMessage = Self(rawValue: 20)  // bytes: the reassembled EAP packet
    public static let radiusState = Self(rawValue: 21)  // bytes: State echoed by the AP
    public static let userName = Self(rawValue: 22)  // string: RADIUS User-Name
    public static let nasIPAddress = Self(rawValue: 23)  // bytes: 4 or 16
    public static let nasIdentifier = Self(rawValue: 24)  // string
    public static let calledStationID = Self(rawValue: 25)  // string
    public static let callingStationID = Self(rawValue: 26)  // string
    public static let nasPortType = Self(rawValue: 27)  // uint32
    public static let framedMTU = Self(rawValue: 28)  // uint32
    public static let clientAddress = Self(rawValue: 29)  // string "ip:port" of the AP (logs, registry)
    public static let frontendID = Self(rawValue: 30)  // string: instance that owns the RADIUS exchange

    // Decision (core -> frontend)
    public static let msk = Self(rawValue: 40)  // bytes: 64, secret: never logged
    public static let sessionClass = Self(rawValue: 41)  // bytes: RADIUS Class naming the session
    public static let sessionTimeout = Self(rawValue: 42)  // uint32 seconds
    public static let acctInterimInterval = Self(rawValue: 43)  // uint32 seconds
    public static let rejectReason = Self(rawValue: 44)  // string, for logs and metrics labels
    public static let acceptedUserName = Self(rawValue: 45)  // string: User-Name for the Accept
    public static let imsi = Self(rawValue: 46)  // string digits
    public static let hssRegistered = Self(rawValue: 47)  // uint32 1: SAR REGISTRATION done for this session
    public static let servingHSS = Self(rawValue: 48)  // string: Origin-Host of the HSS that served the vectors

    // Charging
    public static let sessionID = Self(rawValue: 60)  // string: the TWAG session (Class)
    public static let chargingResult = Self(rawValue: 61)  // uint32: Diameter Result-Code
    public static let grantedOctets = Self(rawValue: 62)  // uint64
    public static let validityTime = Self(rawValue: 63)  // uint32 seconds
    public static let accountingRowID = Self(rawValue: 64)  // uint64: last committed store row
    public static let msisdn = Self(rawValue: 65)  // string digits, when known
    public static let chargingDegraded = Self(rawValue: 66)  // uint32 1: admitted without the OCS (CONTINUE)

    // Disconnect
    public static let acctSessionID = Self(rawValue: 80)  // string
    public static let disconnectCause = Self(rawValue: 81)  // string, for logs
    public static let errorCause = Self(rawValue: 82)  // uint32: RADIUS Error-Cause from the NAK
    public static let disconnectOutcome = Self(rawValue: 83)  // string: ack, nak, timeout, error
    public static let nasAddressText = Self(rawValue: 84)  // string: NAS-IP-Address / NAS-IPv6-Address as text

    public var description: String { "tag-\(rawValue)" }
}

/// Codes carried by `.error` frames.
public enum IPCErrorCode: UInt32, Sendable {
    case unsupportedMessage = 1
    case malformedMessage = 2
    case overloaded = 3
    case upstreamUnavailable = 4
    case timeout = 5
    case internalError = 6
}
