import Foundation
import PostgresNIO

extension PostgresSessionStore {
    public func session(class sessionClass: String) async throws(SessionStoreError) -> SessionRow? {
        try await call { client in
            try await Array(client.execute(SessionByClass(sessionClass: sessionClass))).first
        }
    }

    public func recentSessions(limit: Int) async throws(SessionStoreError) -> [SessionRow] {
        try await call { client in
            try await client.query("""
                SELECT \(unescaped: SessionRow.columns) FROM sessions ORDER BY id DESC LIMIT \(Int64(max(0, limit)))
                """).collect(SessionRow.init(postgres:))
        }
    }

    public func liveSessions(imsi: String) async throws(SessionStoreError) -> [SessionRow] {
        try await call { client in
            try await client.query("""
                SELECT \(unescaped: SessionRow.columns) FROM sessions WHERE imsi = \(imsi) AND ended_at IS NULL ORDER BY id
                """).collect(SessionRow.init(postgres:))
        }
    }

    public func liveSessionCount() async throws(SessionStoreError) -> Int {
        try await count("SELECT count(*) FROM sessions WHERE ended_at IS NULL")
    }

    public func accountingRecordCount() async throws(SessionStoreError) -> Int {
        try await count("SELECT count(*) FROM accounting_records")
    }

    func count(_ query: PostgresQuery) async throws(SessionStoreError) -> Int {
        try await call { client in
            try await client.query(query).selectedCount()
        }
    }

    public func endSession(id: Int64, cause: String, at date: Date) async throws(SessionStoreError) {
        try await call { client in
            try await client.query("""
                UPDATE sessions SET ended_at = \(date), end_cause = \(cause) WHERE id = \(id) AND ended_at IS NULL
                """)
        }
    }

    @discardableResult
    public func expireStaleSessions(activeBefore: Date, unstartedBefore: Date?, now: Date) async throws(SessionStoreError)
        -> Int
    {
        try await call { client in
            try await client.withTransaction(logger: self.logger) { connection in
                var ended = try await connection.query("""
                    WITH ended AS (
                        UPDATE sessions SET ended_at = \(now), end_cause = 'Stale (no accounting update)'
                        WHERE ended_at IS NULL AND started_at IS NOT NULL AND coalesce(updated_at, started_at) < \(activeBefore)
                        RETURNING 1)
                    SELECT count(*) FROM ended
                    """, logger: self.logger).selectedCount()
                if let unstartedBefore {
                    ended += try await connection.query("""
                        WITH ended AS (
                            UPDATE sessions SET ended_at = \(now), end_cause = 'Stale (no accounting, session timeout passed)'
                            WHERE ended_at IS NULL AND started_at IS NULL AND accepted_at < \(unstartedBefore)
                            RETURNING 1)
                        SELECT count(*) FROM ended
                        """, logger: self.logger).selectedCount()
                }
                return ended
            }
        }
    }

    @discardableResult
    public func prune(before cutoff: Date, batch: Int) async throws(SessionStoreError) -> (records: Int, sessions: Int) {
        var total = (records: 0, sessions: 0)
        let batch = Int64(max(1, batch))
        while true {
            let deleted = try await call { client in
                try await client.withTransaction(logger: self.logger) { connection -> (Int, Int) in
                    let records = try await connection.query("""
                        WITH gone AS (
                            DELETE FROM accounting_records WHERE id IN (
                                SELECT id FROM accounting_records WHERE received_at < \(cutoff) ORDER BY id LIMIT \(batch))
                            RETURNING 1)
                        SELECT count(*) FROM gone
                        """, logger: self.logger).selectedCount()
                    // A session goes only once nothing points at it and it owes nothing (see SQLite's prune).
                    let sessions = try await connection.query("""
                        WITH gone AS (
                            DELETE FROM sessions WHERE id IN (
                                SELECT s.id FROM sessions s WHERE s.ended_at IS NOT NULL AND s.ended_at < \(cutoff)
                                    AND s.registration <> 'registered'
                                    AND NOT EXISTS (SELECT 1 FROM accounting_records r WHERE r.session_id = s.id)
                                    AND NOT EXISTS (SELECT 1 FROM charging_sessions c
                                                    WHERE c.session_class = s.session_class AND c.phase <> 'closed')
                                LIMIT \(batch))
                            RETURNING 1)
                        SELECT count(*) FROM gone
                        """, logger: self.logger).selectedCount()
                    try await connection.query("""
                        DELETE FROM charging_sessions WHERE session_class IN (
                            SELECT session_class FROM charging_sessions WHERE phase = 'closed' AND updated_at < \(cutoff)
                            LIMIT \(batch))
                        """, logger: self.logger)
                    return (records, sessions)
                }
            }
            total.records += deleted.0
            total.sessions += deleted.1
            if deleted.0 < batch && deleted.1 < batch { return total }
        }
    }
}

extension PostgresSessionStore {
    public func heartbeat(service: String) async throws(SessionStoreError) {
        try await call { [nodeID] client in
            try await client.query("""
                INSERT INTO twag_nodes (node_id, service, last_seen) VALUES (\(nodeID), \(service), now())
                ON CONFLICT (node_id, service) DO UPDATE SET last_seen = now()
                """)
        }
    }

    public func deregistrationCandidates(limit: Int) async throws(SessionStoreError) -> [DeregistrationCandidate] {
        let silence = Self.seconds(nodeFailover)
        return try await call { [nodeID] client in
            // This node's sessions, and those of nodes whose aaa-core stopped beating.
            let rows = try await client.query("""
                SELECT \(unescaped: SessionRow.columns) FROM sessions
                WHERE registration = 'registered' AND ended_at IS NOT NULL AND imsi IN (
                    SELECT imsi FROM sessions s WHERE registration = 'registered' AND ended_at IS NOT NULL
                        AND (s.node_id = \(nodeID) OR NOT EXISTS (
                            SELECT 1 FROM twag_nodes n WHERE n.node_id = s.node_id AND n.service = 'aaa-core'
                                AND n.last_seen > now() - make_interval(secs => \(silence))))
                    GROUP BY imsi ORDER BY min(id) LIMIT \(Int64(max(0, limit))))
                ORDER BY id
                """).collect(SessionRow.init(postgres:))
            var order: [String] = []
            var byIMSI: [String: [SessionRow]] = [:]
            for row in rows {
                if byIMSI[row.imsi] == nil { order.append(row.imsi) }
                byIMSI[row.imsi, default: []].append(row)
            }
            guard !order.isEmpty else { return [] }
            // A registered live session on any node keeps the registration.
            let live = Set(try await client.query("""
                SELECT DISTINCT imsi FROM sessions
                WHERE imsi = ANY(\(order)) AND ended_at IS NULL AND registration = 'registered'
                """).collect { try $0.decode(String.self) })
            return order.map { imsi in
                DeregistrationCandidate(imsi: imsi, sessions: byIMSI[imsi] ?? [], liveRegistrationRemains: live.contains(imsi))
            }
        }
    }

    public func setRegistration(_ state: SessionRegistration, sessionIDs: [Int64]) async throws(SessionStoreError) {
        guard !sessionIDs.isEmpty else { return }
        try await call { client in
            try await client.query("""
                UPDATE sessions SET registration = \(state.rawValue) WHERE id = ANY(\(sessionIDs)) AND registration = 'registered'
                """)
        }
    }

    public func recordRegistrationAttempt(sessionIDs: [Int64]) async throws(SessionStoreError) {
        guard !sessionIDs.isEmpty else { return }
        try await call { client in
            try await client.query("""
                UPDATE sessions SET registration_attempts = registration_attempts + 1 WHERE id = ANY(\(sessionIDs))
                """)
        }
    }

    public func registrationTerminated(imsi: String) async throws(SessionStoreError) -> [SessionRow] {
        try await call { client in
            try await client.withTransaction(logger: self.logger) { connection in
                try await connection.query("""
                    UPDATE sessions SET registration = 'hss_terminated' WHERE imsi = \(imsi) AND registration = 'registered'
                    """, logger: self.logger)
                return try await connection.query("""
                    SELECT \(unescaped: SessionRow.columns) FROM sessions WHERE imsi = \(imsi) AND ended_at IS NULL ORDER BY id
                    """, logger: self.logger).collect(SessionRow.init(postgres:))
            }
        }
    }
}

/// A session by its Class: on the accounting consumers' and the operator's per-request paths.
struct SessionByClass: PostgresPreparedStatement {
    static let name = "twag_session_by_class_1"
    static let sql = "SELECT \(SessionRow.columns) FROM sessions WHERE session_class = $1"
    typealias Row = SessionRow

    var sessionClass: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(sessionClass)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> SessionRow { try SessionRow(postgres: row) }
}
