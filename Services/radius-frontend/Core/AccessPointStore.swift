import Foundation
import GRDB
import SessionStore
import TWAGConfiguration

/// One row of `access_points`, for the dashboard, the API and tests.
public struct AccessPointRow: Sendable, Equatable {
    public var nasIP: String
    public var apMAC: String
    public var ssid: String?
    public var calledStationID: String?
    public var nasIdentifier: String?
    public var nasPortType: UInt32?
    public var framedMTU: UInt32?
    public var sourceIP: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var clientCount: Int
}

/// Why the AP registry store failed. Wraps GRDB's errors so callers see one typed error.
public enum AccessPointStoreError: Error, Sendable, CustomStringConvertible {
    case database(String)

    public var description: String {
        switch self {
        case .database(let message): return "access point store: \(message)"
        }
    }
}

/// The `access_points` and `access_point_clients` tables of the shared store. Several frontend
/// instances (and nodes) write them: rows are upserted and `first_seen` / `last_seen` only ever
/// move outward.
public protocol AccessPointStore: Sendable {
    /// Applies `writes` in one transaction; returns the keys of APs this call created (first time
    /// any instance saw them).
    func apply(_ writes: [AccessPointWrite]) async throws(AccessPointStoreError) -> [AccessPointKey]
    /// Number of registered APs (`radius_access_points_count`).
    func count() async throws(AccessPointStoreError) -> Int
    /// Every row, ordered by NAS address and AP MAC.
    func all() async throws(AccessPointStoreError) -> [AccessPointRow]
}

/// The tables in the SQLite file (`sqlite:` store, WAL mode).
///
/// GRDB runs every write on its own serial writer queue, never on a NIO event loop; callers
/// `await` the async API.
public final class SQLiteAccessPointStore: AccessPointStore {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database and applies this service's migrations.
    public init(path: String, synchronous: TWAGConfiguration.DatabaseSynchronous = .normal) throws(AccessPointStoreError) {
        do {
            pool = try SharedDatabaseFile.open(path: path, synchronous: synchronous == .full ? .full : .normal,
                                               migrator: Self.migrator)
        } catch {
            throw .database(String(describing: error))
        }
    }

    /// The tables beside the sessions, on the session store's connections: the registry's write
    /// then waits its turn on the same writer instead of holding the file's write lock from a
    /// connection of its own, which sent the session writer into SQLite's busy sleeps.
    public init(sharing sessions: SQLiteSessionStore) throws(AccessPointStoreError) {
        do {
            try SharedDatabaseFile.migrate(sessions.pool, path: sessions.path, migrator: Self.migrator)
        } catch {
            throw .database(String(describing: error))
        }
        pool = sessions.pool
    }

    /// Identifiers are prefixed with the service: the file's `grdb_migrations` is shared.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("radius-frontend/1-access-points") { db in
            try db.execute(sql: """
                CREATE TABLE access_points (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    nas_ip TEXT NOT NULL,
                    ap_mac TEXT NOT NULL DEFAULT '',
                    ssid TEXT,
                    called_station_id TEXT,
                    nas_identifier TEXT,
                    nas_port_type INTEGER,
                    framed_mtu INTEGER,
                    source_ip TEXT NOT NULL,
                    first_seen DATETIME NOT NULL,
                    last_seen DATETIME NOT NULL,
                    client_count INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (nas_ip, ap_mac)
                );
                CREATE TABLE access_point_clients (
                    access_point_id INTEGER NOT NULL REFERENCES access_points(id) ON DELETE CASCADE,
                    calling_station_id TEXT NOT NULL,
                    first_accepted DATETIME NOT NULL,
                    PRIMARY KEY (access_point_id, calling_station_id)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }

    /// Applies `writes` in one transaction.
    /// - Returns: the keys of APs this call created (first time any instance saw them).
    public func apply(_ writes: [AccessPointWrite]) async throws(AccessPointStoreError) -> [AccessPointKey] {
        guard !writes.isEmpty else { return [] }
        do {
            return try await pool.write { db in
                var created: [AccessPointKey] = []
                for write in writes {
                    if try Self.apply(write, in: db) { created.append(write.observation.key) }
                }
                return created
            }
        } catch {
            throw .database(String(describing: error))
        }
    }

    private static func apply(_ write: AccessPointWrite, in db: Database) throws -> Bool {
        let o = write.observation
        try db.execute(sql: """
            INSERT OR IGNORE INTO access_points (nas_ip, ap_mac, source_ip, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?)
            """, arguments: [o.key.nasIP, o.key.apMAC, o.sourceIP, write.firstSeen, write.lastSeen])
        let created = db.changesCount > 0
        try db.execute(sql: """
            UPDATE access_points SET
                ssid = coalesce(?, ssid), called_station_id = coalesce(?, called_station_id),
                nas_identifier = coalesce(?, nas_identifier), nas_port_type = coalesce(?, nas_port_type),
                framed_mtu = coalesce(?, framed_mtu), source_ip = ?,
                first_seen = min(first_seen, ?), last_seen = max(last_seen, ?)
            WHERE nas_ip = ? AND ap_mac = ?
            """, arguments: [o.ssid, o.calledStationID, o.nasIdentifier, o.nasPortType.map { Int64($0) },
                             o.framedMTU.map { Int64($0) }, o.sourceIP, write.firstSeen, write.lastSeen,
                             o.key.nasIP, o.key.apMAC])
        if !write.newStations.isEmpty {
            for station in write.newStations {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO access_point_clients (access_point_id, calling_station_id, first_accepted)
                    SELECT id, ?, ? FROM access_points WHERE nas_ip = ? AND ap_mac = ?
                    """, arguments: [station, write.lastSeen, o.key.nasIP, o.key.apMAC])
            }
            try db.execute(sql: """
                UPDATE access_points SET client_count =
                    (SELECT count(*) FROM access_point_clients WHERE access_point_id = access_points.id)
                WHERE nas_ip = ? AND ap_mac = ?
                """, arguments: [o.key.nasIP, o.key.apMAC])
        }
        return created
    }

    /// Number of registered APs (`radius_access_points_count`).
    public func count() async throws(AccessPointStoreError) -> Int {
        do {
            return try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM access_points") ?? 0 }
        } catch {
            throw .database(String(describing: error))
        }
    }

    /// Every row, ordered by NAS address and AP MAC.
    public func all() async throws(AccessPointStoreError) -> [AccessPointRow] {
        do {
            return try await pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT nas_ip, ap_mac, ssid, called_station_id, nas_identifier, nas_port_type, framed_mtu,
                           source_ip, first_seen, last_seen, client_count
                    FROM access_points ORDER BY nas_ip, ap_mac
                    """).map { row in
                    AccessPointRow(
                        nasIP: row["nas_ip"], apMAC: row["ap_mac"], ssid: row["ssid"],
                        calledStationID: row["called_station_id"], nasIdentifier: row["nas_identifier"],
                        nasPortType: (row["nas_port_type"] as Int64?).flatMap { UInt32(exactly: $0) },
                        framedMTU: (row["framed_mtu"] as Int64?).flatMap { UInt32(exactly: $0) },
                        sourceIP: row["source_ip"], firstSeen: row["first_seen"], lastSeen: row["last_seen"],
                        clientCount: row["client_count"])
                }
            }
        } catch {
            throw .database(String(describing: error))
        }
    }

    /// The journal mode in force (tests check WAL).
    /// Whether this store writes through `sessions`' connections (tests).
    package func sharesConnections(with sessions: SQLiteSessionStore) -> Bool { pool === sessions.pool }

    public func journalMode() async throws(AccessPointStoreError) -> String {
        do {
            return try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
        } catch {
            throw .database(String(describing: error))
        }
    }
}
