import Foundation
import PostgresNIO

extension PostgresSessionStore {
    /// The agent's group commit: the new rows, then the new states, in one transaction of two
    /// statements whatever the batch size (rows travel as JSON, bytes as hex). A state is written
    /// only to a row this node still owns: an agent cut off from the database while another node
    /// took its sessions over must not write over the new owner's state when it comes back.
    @discardableResult
    public func writeCharging(inserts: [ChargingRecord], updates: [(sessionClass: String, phase: String, state: Data)],
                              at date: Date) async throws(SessionStoreError) -> Set<String>
    {
        guard !inserts.isEmpty || !updates.isEmpty else { return [] }
        var newRows = JSONRowsWriter()
        for r in inserts {
            newRows.startRow()
            newRows.add("session_class", r.sessionClass)
            newRows.add("gy_session_id", r.gySessionID)
            newRows.add("imsi", r.imsi)
            newRows.add("user_name", r.userName)
            newRows.add("calling_station_id", r.callingStationID)
            newRows.add("called_station_id", r.calledStationID)
            newRows.add("nas_ip", r.nasIP)
            newRows.add("mode", r.mode)
            newRows.add("phase", r.phase)
            newRows.addHex("state", r.state)
            newRows.add("created_at", r.createdAt)
            newRows.add("updated_at", r.updatedAt)
        }
        // One UPDATE … FROM applies a row once: the last state of a Class is the one that counts.
        var latest: [String: Int] = [:]
        for (index, update) in updates.enumerated() { latest[update.sessionClass] = index }
        var newStates = JSONRowsWriter()
        for (index, update) in updates.enumerated() where latest[update.sessionClass] == index {
            newStates.startRow()
            newStates.add("session_class", update.sessionClass)
            newStates.add("phase", update.phase)
            newStates.addHex("state", update.state)
        }
        let (rowsJSON, statesJSON, nodeID) = (newRows.json, newStates.json, self.nodeID)
        let insert = InsertChargingRows(rows: rowsJSON, node: nodeID)
        let update = UpdateChargingStates(states: statesJSON, at: date, node: nodeID)
        let updated = try await call { client in
            try await client.withTransaction(logger: self.logger) { connection -> Set<String> in
                if !inserts.isEmpty { _ = try await connection.execute(insert, logger: self.logger) }
                guard !updates.isEmpty else { return [] }
                return Set(try await Array(connection.execute(update, logger: self.logger)))
            }
        }
        return Set(updates.map(\.sessionClass)).subtracting(updated)
    }

    public func chargingRecord(class sessionClass: String) async throws(SessionStoreError) -> ChargingRecord? {
        try await call { client in
            try await client.query("""
                SELECT \(unescaped: ChargingRecord.columns) FROM charging_sessions WHERE session_class = \(sessionClass)
                """).collect(ChargingRecord.init(postgres:)).first
        }
    }

    public func openChargingRecords() async throws(SessionStoreError) -> [ChargingRecord] {
        try await call { [nodeID] client in
            try await client.query("""
                SELECT \(unescaped: ChargingRecord.columns) FROM charging_sessions
                WHERE phase <> 'closed' AND node_id = \(nodeID)
                """).collect(ChargingRecord.init(postgres:))
        }
    }

    /// One UPDATE claims the rows: of two survivors, the second finds them owned by the first. The
    /// silent nodes are computed first, as a constant list: when the second claimant waits on the
    /// first one's row locks, PostgreSQL re-checks only the row's own condition against its new
    /// version (`node_id = ANY(list)` then fails), whereas a correlated NOT EXISTS would be re-checked
    /// against the heartbeat rows it saw before and let it take the rows a second time.
    public func takeOverChargingRecords(silentFor: Duration) async throws(SessionStoreError) -> [ChargingRecord] {
        let silence = Self.seconds(silentFor)
        return try await call { [nodeID] client in
            try await client.query("""
                UPDATE charging_sessions c SET node_id = \(nodeID)
                WHERE c.phase <> 'closed' AND c.node_id = ANY(ARRAY(
                    SELECT DISTINCT o.node_id FROM charging_sessions o
                    WHERE o.phase <> 'closed' AND o.node_id <> \(nodeID) AND NOT EXISTS (
                        SELECT 1 FROM twag_nodes n WHERE n.node_id = o.node_id AND n.service = 'charging-agent'
                            AND n.last_seen > now() - make_interval(secs => \(silence)))))
                RETURNING \(unescaped: ChargingRecord.columns)
                """).collect(ChargingRecord.init(postgres:))
        }
    }

    public func sessionUsage(classes: [String]) async throws(SessionStoreError) -> [SessionUsageRow] {
        guard !classes.isEmpty else { return [] }
        return try await call { client in
            try await Array(client.execute(UsageByClass(classes: classes)))
        }
    }

    /// The oldest transaction still running: every record committed before it is visible.
    public func latestAccountingRecordID() async throws(SessionStoreError) -> Int64 {
        try await call { client in try await Self.watermark(client) }
    }

    public func sessionsWithAccounting(after cursor: Int64) async throws(SessionStoreError) -> (classes: [String], cursor: Int64) {
        try await call { client in
            // Taken first: records of transactions below it are all committed (or rolled back), so
            // the query below, a later snapshot, sees every one of them.
            let watermark = try await Self.watermark(client)
            guard watermark > cursor else { return ([], cursor) }
            let classes = try await client.query("""
                SELECT DISTINCT s.session_class FROM accounting_records a JOIN sessions s ON s.id = a.session_id
                WHERE a.xid >= \(String(cursor))::xid8 AND a.xid < \(String(watermark))::xid8
                """).collect { try $0.decode(String.self) }
            return (classes, watermark)
        }
    }

    private static func watermark(_ client: PostgresClient) async throws -> Int64 {
        let text = try await client.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
            .collect { try $0.decode(String.self) }.first ?? "0"
        return Int64(text) ?? 0
    }
}

/// The usage of several sessions, per charging tick: one prepared statement for any count.
struct UsageByClass: PostgresPreparedStatement {
    static let name = "twag_usage_by_class_1"
    static let sql = """
        SELECT session_class, input_octets, output_octets, session_time, ended_at FROM sessions
        WHERE session_class = ANY($1)
        """
    typealias Row = SessionUsageRow

    var classes: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(classes)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> SessionUsageRow {
        let (sessionClass, input, output, time, ended) = try row.decode((String, Int64, Int64, Int64, Date?).self)
        return SessionUsageRow(sessionClass: sessionClass, inputOctets: input, outputOctets: output, sessionTime: time,
                               endedAt: ended)
    }
}

/// charging-agent's new rows, as JSON (per request: prepared once per connection).
struct InsertChargingRows: PostgresPreparedStatement {
    static let name = "twag_insert_charging_rows_1"
    static let sql = """
        INSERT INTO charging_sessions (\(ChargingRecord.columns), node_id)
        SELECT r.session_class, r.gy_session_id, r.imsi, r.user_name, r.calling_station_id, r.called_station_id, r.nas_ip,
               r.mode, r.phase, decode(r.state, 'hex'), to_timestamp(r.created_at), to_timestamp(r.updated_at), $2
        FROM jsonb_to_recordset($1::jsonb) AS r(session_class text, gy_session_id text, imsi text, user_name text,
            calling_station_id text, called_station_id text, nas_ip text, mode text, phase text, state text,
            created_at double precision, updated_at double precision)
        ON CONFLICT (session_class) DO NOTHING
        """
    typealias Row = Void

    var rows: String
    var node: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(rows)
        bindings.append(node)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// charging-agent's new states, written only to rows this node owns; returns the rows written.
struct UpdateChargingStates: PostgresPreparedStatement {
    static let name = "twag_update_charging_states_1"
    static let sql = """
        UPDATE charging_sessions c SET phase = u.phase, state = decode(u.state, 'hex'), updated_at = $2
        FROM jsonb_to_recordset($1::jsonb) AS u(session_class text, phase text, state text)
        WHERE c.session_class = u.session_class AND c.node_id = $3
        RETURNING c.session_class
        """
    typealias Row = String

    var states: String
    var at: Date
    var node: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(states)
        bindings.append(at)
        bindings.append(node)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}
