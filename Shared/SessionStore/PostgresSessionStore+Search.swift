import Foundation
import PostgresNIO

/// The operator surface's reads on PostgreSQL: every node's sessions, since the database is shared.
extension PostgresSessionStore {
    public func sessions(matching filter: SessionFilter, limit: Int, offset: Int) async throws(SessionStoreError)
        -> SessionPage
    {
        let (clause, bindings) = Self.bound(filter)
        var page = bindings
        page.append(Int64(min(max(limit, 0), 1_000)))
        page.append(Int64(max(offset, 0)))
        let count = bindings.count
        let pageBindings = page
        return try await call { client in
            let total = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM sessions \(clause)", binds: bindings))
                .selectedCount()
            let rows = try await client.query(PostgresQuery(unsafeSQL: """
                SELECT \(SessionRow.columns) FROM sessions \(clause) ORDER BY id DESC LIMIT $\(count + 1) OFFSET $\(count + 2)
                """, binds: pageBindings)).collect(SessionRow.init(postgres:))
            return SessionPage(sessions: rows, total: total)
        }
    }

    public func usageTotals(matching filter: SessionFilter) async throws(SessionStoreError) -> UsageTotals {
        let (clause, bindings) = Self.bound(filter)
        return try await call { client in
            let row = try await client.query(PostgresQuery(unsafeSQL: """
                SELECT count(*), count(*) FILTER (WHERE ended_at IS NULL), coalesce(sum(output_octets), 0)::bigint,
                       coalesce(sum(input_octets), 0)::bigint, coalesce(sum(session_time), 0)::bigint
                FROM sessions \(clause)
                """, binds: bindings)).collect { try $0.decode((Int64, Int64, Int64, Int64, Int64).self) }.first
            guard let row else { return UsageTotals(sessions: 0, active: 0, downloadOctets: 0, uploadOctets: 0, sessionSeconds: 0) }
            return UsageTotals(sessions: Int(row.0), active: Int(row.1), downloadOctets: row.2, uploadOctets: row.3,
                               sessionSeconds: row.4)
        }
    }

    public func accessPoints(limit: Int) async throws(SessionStoreError) -> [AccessPointRecord] {
        try await call { client in
            try await client.query("""
                SELECT a.nas_ip, a.ap_mac, a.ssid, a.called_station_id, a.nas_identifier, a.nas_port_type, a.framed_mtu,
                       a.source_ip, a.first_seen, a.last_seen, a.client_count,
                       (SELECT count(*) FROM sessions s WHERE s.ended_at IS NULL AND s.client_ip = a.source_ip
                          AND (a.ap_mac = '' OR s.called_station_id LIKE a.ap_mac || '%')) AS live
                FROM access_points a ORDER BY a.last_seen DESC LIMIT \(Int64(min(max(limit, 0), 10_000)))
                """).collect { row in
                let r = row.makeRandomAccess()
                return AccessPointRecord(
                    nasIP: try r["nas_ip"].decode(String.self), apMAC: try r["ap_mac"].decode(String.self),
                    ssid: try r["ssid"].decode(String?.self), calledStationID: try r["called_station_id"].decode(String?.self),
                    nasIdentifier: try r["nas_identifier"].decode(String?.self),
                    nasPortType: try r["nas_port_type"].decode(Int64?.self).map { Int($0) },
                    framedMTU: try r["framed_mtu"].decode(Int64?.self).map { Int($0) },
                    sourceIP: try r["source_ip"].decode(String.self), firstSeen: try r["first_seen"].decode(Date.self),
                    lastSeen: try r["last_seen"].decode(Date.self), clientCount: Int(try r["client_count"].decode(Int64.self)),
                    liveSessions: Int(try r["live"].decode(Int64.self)))
            }
        }
    }

    public func sessions(classes: [String]) async throws(SessionStoreError) -> [SessionRow] {
        guard !classes.isEmpty else { return [] }
        return try await call { client in
            try await client.query("""
                SELECT \(unescaped: SessionRow.columns) FROM sessions WHERE session_class = ANY(\(classes))
                """).collect(SessionRow.init(postgres:))
        }
    }

    public func chargingRecords(classes: [String]) async throws(SessionStoreError) -> [ChargingRecord] {
        guard !classes.isEmpty else { return [] }
        return try await call { client in
            try await client.query("""
                SELECT \(unescaped: ChargingRecord.columns) FROM charging_sessions WHERE session_class = ANY(\(classes))
                """).collect(ChargingRecord.init(postgres:))
        }
    }

    /// The filter's clause with `$n` placeholders and its values bound.
    static func bound(_ filter: SessionFilter) -> (String, PostgresBindings) {
        let (clause, arguments) = filter.clause { "$\($0)" }
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case let date as Date: bindings.append(date)
            case let number as Int: bindings.append(Int64(number))
            case let text as String: bindings.append(text)
            default: bindings.append("\(argument)")
            }
        }
        return (clause, bindings)
    }
}
