import Foundation

/// The latest authentication outcome of one subscriber identity, for the "RADIUS clients" view.
public struct AuthenticationEvent: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// A challenge is out, the phone has not answered yet.
        case authenticating
        case accepted
        case rejected
    }

    /// The EAP identity (NAI) the phone presented; the IMSI once known.
    public var identity: String
    public var imsi: String?
    public var state: State
    /// Reject reason (`eap_aka_auth_reject_count` label), nil otherwise.
    public var reason: String?
    /// RADIUS client (AP) address and the phone's Calling-Station-Id.
    public var accessPoint: String?
    public var callingStationID: String?
    /// Session Class, once accepted: joins the sessions table.
    public var sessionClass: String?
    public var at: Date

    /// StatusJSON writes snake_case: a key must survive "callingStationID" → "calling_station_id" →
    /// "callingStationId", hence the explicit spelling.
    enum CodingKeys: String, CodingKey {
        case identity, imsi, state, reason, accessPoint, sessionClass, at
        case callingStationID = "callingStationId"
    }

    /// The address part of an "ip:port" / "[v6]:port" endpoint (the AP, without its source port).
    public static func host(ofEndpoint endpoint: String) -> String {
        if endpoint.hasPrefix("["), let close = endpoint.firstIndex(of: "]") {
            return String(endpoint[endpoint.index(after: endpoint.startIndex)..<close])
        }
        let colons = endpoint.filter { $0 == ":" }.count
        if colons == 1, let colon = endpoint.firstIndex(of: ":") { return String(endpoint[..<colon]) }
        return endpoint
    }

    public init(identity: String, imsi: String?, state: State, reason: String? = nil,
                accessPoint: String?, callingStationID: String?, sessionClass: String? = nil, at: Date) {
        self.identity = identity
        self.imsi = imsi
        self.state = state
        self.reason = reason
        self.accessPoint = accessPoint
        self.callingStationID = callingStationID
        self.sessionClass = sessionClass
        self.at = at
    }
}
