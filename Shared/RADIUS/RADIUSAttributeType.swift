/// The standard RADIUS attribute types a WiFi AAA server reads or writes.
///
/// Attributes of other types are still decoded and re-encoded verbatim through
/// ``RADIUSAttribute/type``; this enum only names the ones the project understands.
public enum RADIUSAttributeType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case userName = 1
    case userPassword = 2
    case chapPassword = 3
    case nasIPAddress = 4
    case nasPort = 5
    case serviceType = 6
    case framedProtocol = 7
    case framedIPAddress = 8
    case framedIPNetmask = 9
    case framedRouting = 10
    case filterId = 11
    case framedMTU = 12
    case framedCompression = 13
    case loginIPHost = 14
    case loginService = 15
    case replyMessage = 18
    case state = 24
    case `class` = 25
    case vendorSpecific = 26
    case sessionTimeout = 27
    case idleTimeout = 28
    case terminationAction = 29
    case calledStationId = 30
    case callingStationId = 31
    case nasIdentifier = 32
    case proxyState = 33
    case acctStatusType = 40
    case acctDelayTime = 41
    case acctInputOctets = 42
    case acctOutputOctets = 43
    case acctSessionId = 44
    case acctAuthentic = 45
    case acctSessionTime = 46
    case acctInputPackets = 47
    case acctOutputPackets = 48
    case acctTerminateCause = 49
    case acctMultiSessionId = 50
    case acctLinkCount = 51
    case acctInputGigawords = 52
    case acctOutputGigawords = 53
    case eventTimestamp = 55
    case chapChallenge = 60
    case nasPortType = 61
    case connectInfo = 77
    case eapMessage = 79
    case messageAuthenticator = 80
    case acctInterimInterval = 85
    case nasPortId = 87
    case chargeableUserIdentity = 89
    case nasIPv6Address = 95
    case errorCause = 101
    case operatorName = 126

    /// The dictionary name (`User-Name`, `Acct-Input-Gigawords`, ...).
    public var name: String {
        switch self {
        case .userName: return "User-Name"
        case .userPassword: return "User-Password"
        case .chapPassword: return "CHAP-Password"
        case .nasIPAddress: return "NAS-IP-Address"
        case .nasPort: return "NAS-Port"
        case .serviceType: return "Service-Type"
        case .framedProtocol: return "Framed-Protocol"
        case .framedIPAddress: return "Framed-IP-Address"
        case .framedIPNetmask: return "Framed-IP-Netmask"
        case .framedRouting: return "Framed-Routing"
        case .filterId: return "Filter-Id"
        case .framedMTU: return "Framed-MTU"
        case .framedCompression: return "Framed-Compression"
        case .loginIPHost: return "Login-IP-Host"
        case .loginService: return "Login-Service"
        case .replyMessage: return "Reply-Message"
        case .state: return "State"
        case .class: return "Class"
        case .vendorSpecific: return "Vendor-Specific"
        case .sessionTimeout: return "Session-Timeout"
        case .idleTimeout: return "Idle-Timeout"
        case .terminationAction: return "Termination-Action"
        case .calledStationId: return "Called-Station-Id"
        case .callingStationId: return "Calling-Station-Id"
        case .nasIdentifier: return "NAS-Identifier"
        case .proxyState: return "Proxy-State"
        case .acctStatusType: return "Acct-Status-Type"
        case .acctDelayTime: return "Acct-Delay-Time"
        case .acctInputOctets: return "Acct-Input-Octets"
        case .acctOutputOctets: return "Acct-Output-Octets"
        case .acctSessionId: return "Acct-Session-Id"
        case .acctAuthentic: return "Acct-Authentic"
        case .acctSessionTime: return "Acct-Session-Time"
        case .acctInputPackets: return "Acct-Input-Packets"
        case .acctOutputPackets: return "Acct-Output-Packets"
        case .acctTerminateCause: return "Acct-Terminate-Cause"
        case .acctMultiSessionId: return "Acct-Multi-Session-Id"
        case .acctLinkCount: return "Acct-Link-Count"
        case .acctInputGigawords: return "Acct-Input-Gigawords"
        case .acctOutputGigawords: return "Acct-Output-Gigawords"
        case .eventTimestamp: return "Event-Timestamp"
        case .chapChallenge: return "CHAP-Challenge"
        case .nasPortType: return "NAS-Port-Type"
        case .connectInfo: return "Connect-Info"
        case .eapMessage: return "EAP-Message"
        case .messageAuthenticator: return "Message-Authenticator"
        case .acctInterimInterval: return "Acct-Interim-Interval"
        case .nasPortId: return "NAS-Port-Id"
        case .chargeableUserIdentity: return "Chargeable-User-Identity"
        case .nasIPv6Address: return "NAS-IPv6-Address"
        case .errorCause: return "Error-Cause"
        case .operatorName: return "Operator-Name"
        }
    }

    public var description: String { name }

    /// How the value octets are interpreted (FreeRADIUS dictionary data types).
    public enum DataType: Sendable, Hashable {
        case string, octets, integer, ipv4Address, ipv6Address, date, vendorSpecific
    }

    /// The data type of this attribute's value.
    public var dataType: DataType {
        switch self {
        case .userName, .replyMessage, .filterId, .calledStationId, .callingStationId, .nasIdentifier,
             .acctSessionId, .acctMultiSessionId, .connectInfo, .nasPortId, .operatorName, .userPassword:
            return .string
        case .chapPassword, .state, .class, .proxyState, .chapChallenge, .eapMessage,
             .messageAuthenticator, .chargeableUserIdentity:
            return .octets
        case .nasIPAddress, .framedIPAddress, .framedIPNetmask, .loginIPHost:
            return .ipv4Address
        case .nasIPv6Address:
            return .ipv6Address
        case .eventTimestamp:
            return .date
        case .vendorSpecific:
            return .vendorSpecific
        case .nasPort, .serviceType, .framedProtocol, .framedRouting, .framedMTU, .framedCompression,
             .loginService, .sessionTimeout, .idleTimeout, .terminationAction, .acctStatusType,
             .acctDelayTime, .acctInputOctets, .acctOutputOctets, .acctAuthentic, .acctSessionTime,
             .acctInputPackets, .acctOutputPackets, .acctTerminateCause, .acctLinkCount,
             .acctInputGigawords, .acctOutputGigawords, .nasPortType, .acctInterimInterval, .errorCause:
            return .integer
        }
    }
}
