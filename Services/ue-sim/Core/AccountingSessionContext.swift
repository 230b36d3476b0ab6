import RADIUS

/// What a NAS remembers of an accepted station for its accounting (RFC 2866): built once after the
/// Access-Accept, it turns each Start / Interim-Update / Stop into an Accounting-Request. Pure.
public struct AccountingSessionContext: Sendable, Hashable {
    public let sessionID: AccountingSessionID
    /// The Access-Accept's User-Name (else the EAP identity the AP sent).
    public let userName: String
    /// The Access-Accept's Class attributes, echoed byte for byte and in order (RFC 2865 5.25): the
    /// server finds its session by them.
    public let classes: [[UInt8]]
    public let accessPoint: AccessPointProfile
    public let callingStationId: String
    public let framedIPAddress: IPv4Address

    public init(sessionID: AccountingSessionID, userName: String, classes: [[UInt8]], accessPoint: AccessPointProfile,
                callingStationId: String, framedIPAddress: IPv4Address) {
        self.sessionID = sessionID
        self.userName = userName
        self.classes = classes
        self.accessPoint = accessPoint
        self.callingStationId = callingStationId
        self.framedIPAddress = framedIPAddress
    }

    /// A distinct 10.x.y.z address for the session with this number (never .0 or .255 at the end).
    public static func framedIPAddress(sequence: Int) -> IPv4Address {
        let usable = UInt32(254 * 256 * 256)
        let index = UInt32(truncatingIfNeeded: sequence) % usable
        let high = index / 254
        return IPv4Address(10, UInt8(truncatingIfNeeded: high >> 8), UInt8(truncatingIfNeeded: high),
                           UInt8(truncatingIfNeeded: index % 254 + 1))
    }

    /// The identity the DAE matches Disconnect-Requests against.
    public var heldSession: HeldSession {
        HeldSession(sessionID: sessionID.value, userName: userName, callingStationId: callingStationId)
    }

    /// One Accounting-Request (Identifier and Request Authenticator are the socket's business).
    /// - Parameters:
    ///   - usage: session time in seconds and counters, for Interim-Update and Stop.
    ///   - cause: Acct-Terminate-Cause, for Stop.
    ///   - eventTimestamp: seconds since 1970 (RFC 2869 5.3).
    public func request(_ status: AcctStatusType, usage: (sessionTime: UInt32, counters: SessionCounters)? = nil,
                        cause: AcctTerminateCause? = nil, eventTimestamp: UInt32) -> RADIUSPacket {
        var attributes: [RADIUSAttribute] = [
            RADIUSAttribute(.acctStatusType, uint32: status.rawValue),
            RADIUSAttribute(.acctSessionId, string: sessionID.value),
            RADIUSAttribute(.userName, string: userName),
        ]
        attributes += classes.map { RADIUSAttribute(.class, value: $0) }
        attributes += [
            RADIUSAttribute(.nasIPAddress, ipv4: accessPoint.nasIPAddress),
            RADIUSAttribute(.nasIdentifier, string: accessPoint.nasIdentifier),
            RADIUSAttribute(.calledStationId, string: accessPoint.calledStationId),
            RADIUSAttribute(.callingStationId, string: callingStationId),
            RADIUSAttribute(.nasPortType, uint32: NASPortType.wireless80211.rawValue),
            RADIUSAttribute(.framedIPAddress, ipv4: framedIPAddress),
            RADIUSAttribute(.acctAuthentic, uint32: AcctAuthentic.radius.rawValue),
            RADIUSAttribute(.eventTimestamp, uint32: eventTimestamp),
            RADIUSAttribute(.acctDelayTime, uint32: 0),
        ]
        if let usage {
            attributes.append(RADIUSAttribute(.acctSessionTime, uint32: usage.sessionTime))
            attributes += usage.counters.attributes
        }
        if let cause { attributes.append(RADIUSAttribute(.acctTerminateCause, uint32: cause.rawValue)) }
        return RADIUSPacket(code: .accountingRequest, identifier: 0, attributes: attributes)
    }
}
