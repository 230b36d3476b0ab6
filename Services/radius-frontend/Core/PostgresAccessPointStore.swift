import Foundation
import PostgresNIO
import SessionStore

/// The access point tables in the shared PostgreSQL store, through the session store's pool (one
/// pool a process). The tables come with the store's migrations (`PostgresSchema`).
public final class PostgresAccessPointStore: AccessPointStore {
    private let store: PostgresSessionStore

    public init(store: PostgresSessionStore) {
        self.store = store
    }

    public func apply(_ writes: [AccessPointWrite]) async throws(AccessPointStoreError) -> [AccessPointKey] {
        guard !writes.isEmpty else { return [] }
        return try await run { client in
            try await client.withTransaction(logger: Self.logger) { connection in
                var created: [AccessPointKey] = []
                for write in writes where try await Self.apply(write, on: connection) {
                    created.append(write.observation.key)
                }
                return created
            }
        }
    }

    /// One AP's upsert; true when the row is new.
    private static func apply(_ write: AccessPointWrite, on connection: PostgresConnection) async throws -> Bool {
        let o = write.observation
        let (nasIP, apMAC) = (o.key.nasIP, o.key.apMAC)
        let inserted = try await connection.query("""
            INSERT INTO access_points (nas_ip, ap_mac, source_ip, first_seen, last_seen)
            VALUES (\(nasIP), \(apMAC), \(o.sourceIP), \(write.firstSeen), \(write.lastSeen))
            ON CONFLICT (nas_ip, ap_mac) DO NOTHING RETURNING id
            """, logger: logger).collectCount()
        try await connection.query("""
            UPDATE access_points SET
                ssid = coalesce(\(o.ssid), ssid), called_station_id = coalesce(\(o.calledStationID), called_station_id),
                nas_identifier = coalesce(\(o.nasIdentifier), nas_identifier),
                nas_port_type = coalesce(\(o.nasPortType.map { Int64($0) }), nas_port_type),
                framed_mtu = coalesce(\(o.framedMTU.map { Int64($0) }), framed_mtu), source_ip = \(o.sourceIP),
                first_seen = least(first_seen, \(write.firstSeen)), last_seen = greatest(last_seen, \(write.lastSeen))
            WHERE nas_ip = \(nasIP) AND ap_mac = \(apMAC)
            """, logger: logger)
        if !write.newStations.isEmpty {
            try await connection.query("""
                INSERT INTO access_point_clients (access_point_id, calling_station_id, first_accepted)
                SELECT a.id, station, \(write.lastSeen) FROM access_points a, unnest(\(write.newStations)::text[]) AS station
                WHERE a.nas_ip = \(nasIP) AND a.ap_mac = \(apMAC)
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.query("""
                UPDATE access_points a SET client_count =
                    (SELECT count(*) FROM access_point_clients c WHERE c.access_point_id = a.id)
                WHERE a.nas_ip = \(nasIP) AND a.ap_mac = \(apMAC)
                """, logger: logger)
        }
        return inserted > 0
    }

    public func count() async throws(AccessPointStoreError) -> Int {
        try await run { client in
            var total = 0
            for try await value in try await client.query("SELECT count(*) FROM access_points").decode(Int64.self) {
                total = Int(value)
            }
            return total
        }
    }

    public func all() async throws(AccessPointStoreError) -> [AccessPointRow] {
        try await run { client in
            var rows: [AccessPointRow] = []
            let query: PostgresQuery = """
                SELECT nas_ip, ap_mac, ssid, called_station_id, nas_identifier, nas_port_type, framed_mtu,
                       source_ip, first_seen, last_seen, client_count
                FROM access_points ORDER BY nas_ip, ap_mac
                """
            for try await row in try await client.query(query) {
                let r = row.makeRandomAccess()
                rows.append(AccessPointRow(
                    nasIP: try r["nas_ip"].decode(String.self), apMAC: try r["ap_mac"].decode(String.self),
                    ssid: try r["ssid"].decode(String?.self), calledStationID: try r["called_station_id"].decode(String?.self),
                    nasIdentifier: try r["nas_identifier"].decode(String?.self),
                    nasPortType: try r["nas_port_type"].decode(Int64?.self).flatMap { UInt32(exactly: $0) },
                    framedMTU: try r["framed_mtu"].decode(Int64?.self).flatMap { UInt32(exactly: $0) },
                    sourceIP: try r["source_ip"].decode(String.self), firstSeen: try r["first_seen"].decode(Date.self),
                    lastSeen: try r["last_seen"].decode(Date.self), clientCount: Int(try r["client_count"].decode(Int64.self))))
            }
            return rows
        }
    }

    private static let logger = Logger(label: "twag.access-points")

    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T)
        async throws(AccessPointStoreError) -> T
    {
        do {
            return try await store.withClient(body)
        } catch {
            throw .database(error.description)
        }
    }
}

extension PostgresRowSequence {
    /// Rows returned (the rows themselves are not needed).
    fileprivate func collectCount() async throws -> Int {
        var count = 0
        for try await _ in self { count += 1 }
        return count
    }
}
