import Foundation
import GRDB
import PostgresNIO

/// Moves a node's SQLite store into an empty PostgreSQL store (`twag store-copy`): sessions,
/// accounting records, charging state and access points, keeping every row's id so accounting
/// records still point at their sessions. The services must be stopped while it runs.
public enum StoreCopy {
    public struct Counts: Sendable, Equatable, CustomStringConvertible {
        public var sessions = 0
        public var accountingRecords = 0
        public var chargingSessions = 0
        public var accessPoints = 0
        public var accessPointClients = 0

        public var description: String {
            "\(sessions) sessions, \(accountingRecords) accounting records, \(chargingSessions) charging sessions, "
                + "\(accessPoints) access points (\(accessPointClients) stations)"
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case targetNotEmpty(String)
        case source(String)
        case target(SessionStoreError)

        public var description: String {
            switch self {
            case .targetNotEmpty(let table): return "the PostgreSQL store is not empty (\(table) has rows): copy into a new database"
            case .source(let reason): return "SQLite store: \(reason)"
            case .target(let error): return "\(error)"
            }
        }
    }

    /// Rows a page: one read and one INSERT statement each.
    static let page = 2_000

    /// Copies `source` into `target`; every session and charging row gets `nodeID`: the file held
    /// one node's rows, and they belong to that node under its name on PostgreSQL.
    public static func copy(from source: SQLiteSessionStore, to target: PostgresSessionStore, nodeID: String,
                            progress: @Sendable (String) -> Void = { _ in }) async throws(Failure) -> Counts {
        for table in ["sessions", "accounting_records", "charging_sessions", "access_points"] {
            let rows = try await run(target) { client in
                try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).collect { try $0.decode(Int64.self) }
            }
            if rows.first ?? 0 > 0 { throw .targetNotEmpty(table) }
        }
        var counts = Counts()
        counts.sessions = try await copyTable(source, target, table: "sessions", columns: sessionColumns, node: nodeID)
        progress("sessions: \(counts.sessions)")
        counts.accountingRecords = try await copyTable(source, target, table: "accounting_records", columns: accountingColumns,
                                                       node: nodeID)
        progress("accounting records: \(counts.accountingRecords)")
        counts.chargingSessions = try await copyTable(source, target, table: "charging_sessions", columns: chargingColumns,
                                                      node: nodeID, key: "rowid", keyed: false)
        progress("charging sessions: \(counts.chargingSessions)")
        if try read(source, { db in try db.tableExists("access_points") }) {
            counts.accessPoints = try await copyTable(source, target, table: "access_points", columns: accessPointColumns,
                                                      node: nodeID)
            // WITHOUT ROWID, and a few rows an AP: paged by offset.
            counts.accessPointClients = try await copyTable(source, target, table: "access_point_clients",
                                                            columns: clientColumns, node: nodeID, key: nil, keyed: false)
        }
        // Identity columns continue after the copied ids.
        for table in ["sessions", "accounting_records", "access_points"] {
            _ = try await run(target) { client in
                try await client.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM \(table)), false)
                    """)).collect { _ in 0 }
            }
        }
        return counts
    }

    enum Kind {
        case text, integer, date, bytes
    }

    static let sessionColumns: [(String, Kind)] = [
        ("id", .integer), ("session_class", .text), ("node_id", .text), ("imsi", .text), ("user_name", .text),
        ("calling_station_id", .text), ("called_station_id", .text), ("nas_ip", .text), ("nas_identifier", .text),
        ("client_ip", .text), ("frontend_id", .text), ("serving_hss", .text), ("registration", .text),
        ("registration_attempts", .integer), ("accepted_at", .date), ("acct_session_id", .text), ("framed_ip", .text),
        ("started_at", .date), ("updated_at", .date), ("ended_at", .date), ("end_cause", .text), ("session_time", .integer),
        ("input_octets", .integer), ("output_octets", .integer), ("input_packets", .integer), ("output_packets", .integer),
    ]
    static let accountingColumns: [(String, Kind)] = [
        ("id", .integer), ("received_at", .date), ("frontend_id", .text), ("client_ip", .text), ("session_id", .integer),
        ("status_type", .integer), ("acct_session_id", .text), ("session_class", .text), ("user_name", .text),
        ("nas_ip", .text), ("nas_identifier", .text), ("calling_station_id", .text), ("called_station_id", .text),
        ("framed_ip", .text), ("session_time", .integer), ("input_octets", .integer), ("output_octets", .integer),
        ("input_packets", .integer), ("output_packets", .integer), ("terminate_cause", .integer), ("delay_time", .integer),
        ("event_timestamp", .integer), ("fingerprint", .bytes),
    ]
    static let chargingColumns: [(String, Kind)] = [
        ("session_class", .text), ("gy_session_id", .text), ("imsi", .text), ("user_name", .text),
        ("calling_station_id", .text), ("called_station_id", .text), ("nas_ip", .text), ("mode", .text), ("phase", .text),
        ("state", .bytes), ("created_at", .date), ("updated_at", .date), ("node_id", .text),
    ]
    static let accessPointColumns: [(String, Kind)] = [
        ("id", .integer), ("nas_ip", .text), ("ap_mac", .text), ("ssid", .text), ("called_station_id", .text),
        ("nas_identifier", .text), ("nas_port_type", .integer), ("framed_mtu", .integer), ("source_ip", .text),
        ("first_seen", .date), ("last_seen", .date), ("client_count", .integer),
    ]
    static let clientColumns: [(String, Kind)] = [
        ("access_point_id", .integer), ("calling_station_id", .text), ("first_accepted", .date),
    ]

    /// Pages through `table` after the last `key` seen (a page costs the same however far the copy
    /// is; nil: by offset); each page is one INSERT … SELECT FROM jsonb_to_recordset.
    private static func copyTable(_ source: SQLiteSessionStore, _ target: PostgresSessionStore, table: String,
                                  columns: [(String, Kind)], node: String, key: String? = "id", keyed: Bool = true)
        async throws(Failure) -> Int
    {
        let sourceColumns = try read(source) { db in try db.columns(in: table).map(\.name) }
        var copied = 0
        var lastKey = Int64.min
        while true {
            let (offset, after) = (copied, lastKey)
            let rows = try read(source) { db in
                if let key {
                    return try Row.fetchAll(db, sql: "SELECT \(key) AS copy_key, * FROM \(table) WHERE \(key) > ? ORDER BY \(key) LIMIT ?",
                                            arguments: [after, page])
                }
                return try Row.fetchAll(db, sql: "SELECT * FROM \(table) LIMIT ? OFFSET ?", arguments: [page, offset])
            }
            guard !rows.isEmpty else { return copied }
            if key != nil, let last: Int64 = rows.last?["copy_key"] { lastKey = last }
            var json = JSONRowsWriter()
            for row in rows {
                json.startRow()
                for (name, kind) in columns {
                    if name == "node_id" {
                        json.add(name, node)
                        continue
                    }
                    guard sourceColumns.contains(name) else { continue }
                    switch kind {
                    case .text: json.add(name, row[name] as String?)
                    case .integer: json.add(name, row[name] as Int64?)
                    case .date: json.add(name, row[name] as Date?)
                    case .bytes: if let data = row[name] as Data? { json.addHex(name, data) }
                    }
                }
            }
            // Typed String: with GRDB imported, a literal here could become GRDB's SQL.
            let definitions = columns.map { name, kind -> String in
                "\(name) " + (kind == .integer ? "bigint" : kind == .date ? "double precision" : "text")
            }.joined(separator: ", ")
            let values = columns.map { name, kind -> String in
                switch kind {
                case .date: return "to_timestamp(r.\(name))"
                case .bytes: return "decode(r.\(name), 'hex')"
                default: return "r.\(name)"
                }
            }.joined(separator: ", ")
            let sql: String = """
                INSERT INTO \(table) (\(columns.map(\.0).joined(separator: ", "))) \(keyed ? "OVERRIDING SYSTEM VALUE" : "")
                SELECT \(values) FROM jsonb_to_recordset($1::jsonb) AS r(\(definitions))
                """
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(json.json)
            let statement = PostgresQuery(unsafeSQL: sql, binds: bindings)
            _ = try await run(target) { client in try await client.query(statement).collect { _ in 0 } }
            copied += rows.count
        }
    }

    private static func read<T>(_ store: SQLiteSessionStore, _ body: (Database) throws -> T) throws(Failure) -> T {
        do {
            return try store.pool.read(body)
        } catch {
            throw .source(String(describing: error))
        }
    }

    private static func run<T: Sendable>(_ store: PostgresSessionStore, _ body: @escaping @Sendable (PostgresClient) async throws -> T)
        async throws(Failure) -> T
    {
        do {
            return try await store.withClient(body)
        } catch {
            throw .target(error)
        }
    }
}
