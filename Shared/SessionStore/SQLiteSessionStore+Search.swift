import Foundation
import GRDB

/// The operator surface's reads: filtered pages of sessions, usage totals, access points, charging.
extension SQLiteSessionStore {
    /// Newest first; `limit` is capped at 1,000.
    public func sessions(matching filter: SessionFilter, limit: Int, offset: Int) async throws(SessionStoreError)
        -> SessionPage
    {
        let (clause, arguments) = filter.clause
        let limit = min(max(limit, 0), 1_000)
        let offset = max(offset, 0)
        return try await read { db in
            let bound = Self.bind(arguments)
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions \(clause)", arguments: bound) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(SessionRow.columns) FROM sessions \(clause) ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: bound + [limit, offset]
            ).map(SessionRow.init(row:))
            return SessionPage(sessions: rows, total: total)
        }
    }

    /// Totals over every matching session.
    public func usageTotals(matching filter: SessionFilter) async throws(SessionStoreError) -> UsageTotals {
        let (clause, arguments) = filter.clause
        return try await read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) AS sessions, coalesce(sum(ended_at IS NULL), 0) AS active,
                       coalesce(sum(output_octets), 0) AS down, coalesce(sum(input_octets), 0) AS up,
                       coalesce(sum(session_time), 0) AS seconds
                FROM sessions \(clause)
                """, arguments: Self.bind(arguments))
            return UsageTotals(sessions: row?["sessions"] ?? 0, active: row?["active"] ?? 0, downloadOctets: row?["down"] ?? 0,
                               uploadOctets: row?["up"] ?? 0, sessionSeconds: row?["seconds"] ?? 0)
        }
    }

    /// Registered access points, most recently seen first; empty until a frontend created the table.
    public func accessPoints(limit: Int) async throws(SessionStoreError) -> [AccessPointRecord] {
        try await read { db in
            guard try db.tableExists("access_points") else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT a.nas_ip, a.ap_mac, a.ssid, a.called_station_id, a.nas_identifier, a.nas_port_type, a.framed_mtu,
                       a.source_ip, a.first_seen, a.last_seen, a.client_count,
                       (SELECT count(*) FROM sessions s WHERE s.ended_at IS NULL AND s.client_ip = a.source_ip
                          AND (a.ap_mac = '' OR s.called_station_id LIKE a.ap_mac || '%')) AS live
                FROM access_points a ORDER BY a.last_seen DESC LIMIT ?
                """, arguments: [min(max(limit, 0), 10_000)]).map { row in
                AccessPointRecord(nasIP: row["nas_ip"], apMAC: row["ap_mac"], ssid: row["ssid"],
                                  calledStationID: row["called_station_id"], nasIdentifier: row["nas_identifier"],
                                  nasPortType: row["nas_port_type"], framedMTU: row["framed_mtu"], sourceIP: row["source_ip"],
                                  firstSeen: row["first_seen"], lastSeen: row["last_seen"], clientCount: row["client_count"],
                                  liveSessions: row["live"])
            }
        }
    }

    /// The sessions with these Classes (any order; unknown ones are left out).
    public func sessions(classes: [String]) async throws(SessionStoreError) -> [SessionRow] {
        try await rows(of: "SELECT \(SessionRow.columns) FROM sessions", classes: classes, SessionRow.init(row:))
    }

    /// Charging rows of these sessions (the dashboard shows charging beside usage).
    public func chargingRecords(classes: [String]) async throws(SessionStoreError) -> [ChargingRecord] {
        try await rows(of: "SELECT * FROM charging_sessions", classes: classes, ChargingRecord.init(row:))
    }

    /// `select` + `WHERE session_class IN (...)`, in chunks: SQLite binds at most 32,766 parameters.
    private func rows<T: Sendable>(of select: String, classes: [String], _ make: @escaping @Sendable (Row) -> T)
        async throws(SessionStoreError) -> [T]
    {
        guard !classes.isEmpty else { return [] }
        return try await read { db in
            var rows: [T] = []
            for start in stride(from: 0, to: classes.count, by: 500) {
                let chunk = Array(classes[start..<min(start + 500, classes.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                rows += try Row.fetchAll(db, sql: "\(select) WHERE session_class IN (\(marks))", arguments: StatementArguments(chunk))
                    .map(make)
            }
            return rows
        }
    }

    private static func bind(_ values: [any Sendable]) -> StatementArguments {
        StatementArguments(values.map { Optional(databaseValue($0)) })
    }

    private static func databaseValue(_ value: any Sendable) -> any DatabaseValueConvertible {
        switch value {
        case let date as Date: return date
        case let text as String: return text
        case let number as Int: return number
        default: return "\(value)"
        }
    }
}
