import Foundation
import PostgresNIO

extension SessionRow {
    /// A `sessions` row selected with ``SessionRow/columns`` on PostgreSQL.
    init(postgres row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        id = try r["id"].decode(Int64.self)
        nodeID = try r["node_id"].decode(String.self)
        registration = SessionRegistration(rawValue: try r["registration"].decode(String.self)) ?? .none
        accepted = AuthorizedSession(
            sessionClass: try r["session_class"].decode(String.self), imsi: try r["imsi"].decode(String.self),
            userName: try r["user_name"].decode(String.self),
            callingStationID: try r["calling_station_id"].decode(String?.self),
            calledStationID: try r["called_station_id"].decode(String?.self), nasIP: try r["nas_ip"].decode(String?.self),
            nasIdentifier: try r["nas_identifier"].decode(String?.self), clientIP: try r["client_ip"].decode(String.self),
            frontendID: try r["frontend_id"].decode(String.self), servingHSS: try r["serving_hss"].decode(String?.self),
            hssRegistered: registration != .none, acceptedAt: try r["accepted_at"].decode(Date.self))
        registrationAttempts = Int(try r["registration_attempts"].decode(Int64.self))
        acctSessionID = try r["acct_session_id"].decode(String?.self)
        framedIP = try r["framed_ip"].decode(String?.self)
        startedAt = try r["started_at"].decode(Date?.self)
        updatedAt = try r["updated_at"].decode(Date?.self)
        endedAt = try r["ended_at"].decode(Date?.self)
        endCause = try r["end_cause"].decode(String?.self)
        sessionTime = try r["session_time"].decode(Int64.self)
        inputOctets = try r["input_octets"].decode(Int64.self)
        outputOctets = try r["output_octets"].decode(Int64.self)
        inputPackets = try r["input_packets"].decode(Int64.self)
        outputPackets = try r["output_packets"].decode(Int64.self)
    }
}

extension ChargingRecord {
    /// A `charging_sessions` row selected with ``ChargingRecord/columns`` on PostgreSQL.
    init(postgres row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        self.init(sessionClass: try r["session_class"].decode(String.self), gySessionID: try r["gy_session_id"].decode(String.self),
                  imsi: try r["imsi"].decode(String.self), userName: try r["user_name"].decode(String?.self),
                  callingStationID: try r["calling_station_id"].decode(String?.self),
                  calledStationID: try r["called_station_id"].decode(String?.self), nasIP: try r["nas_ip"].decode(String?.self),
                  mode: try r["mode"].decode(String.self), phase: try r["phase"].decode(String.self),
                  state: try r["state"].decode(Data.self),
                  createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self))
    }
}

extension PostgresRowSequence {
    /// The integer of a `SELECT count(*)` (0 without a row).
    func selectedCount() async throws -> Int {
        try await collect { try Int($0.decode(Int64.self)) }.first ?? 0
    }

    /// Every row, decoded by `make`.
    func collect<T>(_ make: (PostgresRow) throws -> T) async throws -> [T] {
        var out: [T] = []
        for try await row in self { out.append(try make(row)) }
        return out
    }
}

extension Array {
    /// Every element of an async sequence (rows of a prepared statement).
    init<S: AsyncSequence>(_ sequence: S) async throws where S.Element == Element {
        self.init()
        for try await element in sequence { append(element) }
    }
}
