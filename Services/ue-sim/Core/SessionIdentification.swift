import RADIUS

/// A session the simulated AP holds open, as a Disconnect-Request can name it.
public struct HeldSession: Sendable, Hashable {
    public let sessionID: String
    public let userName: String
    public let callingStationId: String

    public init(sessionID: String, userName: String, callingStationId: String) {
        self.sessionID = sessionID
        self.userName = userName
        self.callingStationId = callingStationId
    }
}

/// The session identification attributes of a Disconnect-Request (RFC 5176 section 3): every one
/// present must match; NAS-IP-Address / NAS-Identifier, when present, must name this AP.
public struct SessionIdentification: Sendable, Hashable {
    public var acctSessionId: String?
    public var userName: String?
    public var callingStationId: String?
    public var nasIPAddress: IPv4Address?
    public var nasIdentifier: String?

    public init(acctSessionId: String? = nil, userName: String? = nil, callingStationId: String? = nil,
                nasIPAddress: IPv4Address? = nil, nasIdentifier: String? = nil) {
        self.acctSessionId = acctSessionId
        self.userName = userName
        self.callingStationId = callingStationId
        self.nasIPAddress = nasIPAddress
        self.nasIdentifier = nasIdentifier
    }

    public init(_ packet: RADIUSPacket) {
        self.init(acctSessionId: packet.acctSessionId, userName: packet.userName,
                  callingStationId: packet.callingStationId, nasIPAddress: packet.nasIPAddress,
                  nasIdentifier: packet.nasIdentifier)
    }

    /// False when no session identification attribute is present (Error-Cause 402).
    public var namesASession: Bool {
        acctSessionId != nil || userName != nil || callingStationId != nil
    }

    /// False when the request names another NAS (Error-Cause 403).
    public func names(nasIPAddress ourAddress: IPv4Address, nasIdentifier ourIdentifier: String) -> Bool {
        (nasIPAddress.map { $0 == ourAddress } ?? true) && (nasIdentifier.map { $0 == ourIdentifier } ?? true)
    }

    /// Every identification attribute present matches. Calling-Station-Id compares as a MAC address
    /// when both sides are one (servers rewrite `aa:bb:...` vs `AA-BB-...`), else as text.
    public func matches(_ session: HeldSession) -> Bool {
        guard namesASession else { return false }
        if let acctSessionId, acctSessionId != session.sessionID { return false }
        if let userName, userName != session.userName { return false }
        if let callingStationId, !Self.sameStation(callingStationId, session.callingStationId) { return false }
        return true
    }

    static func sameStation(_ a: String, _ b: String) -> Bool {
        if let left = MACAddress(a), let right = MACAddress(b) { return left == right }
        return a == b
    }
}
