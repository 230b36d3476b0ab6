import Foundation
import GRDB

/// One row of `sessions`: the session as accepted (``AuthorizedSession``, whose fields read
/// directly: `row.imsi`) plus what accounting and the HSS registration made of it since.
@dynamicMemberLookup
public struct SessionRow: Sendable, Equatable {
    public var id: Int64
    /// The TWAG node that accepted it (`node_id`).
    public var nodeID: String
    public var accepted: AuthorizedSession
    public var registration: SessionRegistration
    public var registrationAttempts: Int
    public var acctSessionID: String?
    public var framedIP: String?
    public var startedAt: Date?
    public var updatedAt: Date?
    public var endedAt: Date?
    public var endCause: String?
    public var sessionTime: Int64
    public var inputOctets: Int64
    public var outputOctets: Int64
    public var inputPackets: Int64
    public var outputPackets: Int64

    public var isLive: Bool { endedAt == nil }

    public subscript<Value>(dynamicMember field: KeyPath<AuthorizedSession, Value>) -> Value {
        accepted[keyPath: field]
    }

    static let columns = """
        id, session_class, imsi, user_name, calling_station_id, called_station_id, nas_ip, nas_identifier, client_ip,
        frontend_id, serving_hss, registration, registration_attempts, accepted_at, acct_session_id, framed_ip,
        started_at, updated_at, ended_at, end_cause, session_time, input_octets, output_octets, input_packets,
        output_packets, node_id
        """

    init(row: Row) {
        id = row["id"]
        nodeID = row["node_id"]
        registration = SessionRegistration(rawValue: row["registration"] ?? "") ?? .none
        accepted = AuthorizedSession(
            sessionClass: row["session_class"], imsi: row["imsi"], userName: row["user_name"],
            callingStationID: row["calling_station_id"], calledStationID: row["called_station_id"], nasIP: row["nas_ip"],
            nasIdentifier: row["nas_identifier"], clientIP: row["client_ip"], frontendID: row["frontend_id"],
            servingHSS: row["serving_hss"], hssRegistered: registration != .none, acceptedAt: row["accepted_at"])
        registrationAttempts = row["registration_attempts"]
        acctSessionID = row["acct_session_id"]
        framedIP = row["framed_ip"]
        startedAt = row["started_at"]
        updatedAt = row["updated_at"]
        endedAt = row["ended_at"]
        endCause = row["end_cause"]
        sessionTime = row["session_time"]
        inputOctets = row["input_octets"]
        outputOctets = row["output_octets"]
        inputPackets = row["input_packets"]
        outputPackets = row["output_packets"]
    }
}

/// A subscriber whose registered session(s) ended: aaa-core decides whether to deregister.
public struct DeregistrationCandidate: Sendable, Equatable {
    public var imsi: String
    /// The ended sessions that still hold the registration.
    public var sessions: [SessionRow]
    /// Whether another live session of the subscriber is registered: it keeps the registration.
    public var liveRegistrationRemains: Bool

    /// The HSS to address (the newest ended session's), nil to route by realm.
    public var servingHSS: String? { sessions.last?.servingHSS }
    public var sessionIDs: [Int64] { sessions.map(\.id) }
    /// Attempts made so far (the highest over the sessions).
    public var attempts: Int { sessions.map(\.registrationAttempts).max() ?? 0 }
}
