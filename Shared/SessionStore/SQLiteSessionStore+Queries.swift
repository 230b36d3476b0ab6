import Foundation
import GRDB

extension SQLiteSessionStore {
    /// The session with this Class, if any.
    public func session(class sessionClass: String) async throws(SessionStoreError) -> SessionRow? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(SessionRow.columns) FROM sessions WHERE session_class = ?"),
                             arguments: [sessionClass]).map(SessionRow.init(row:))
        }
    }

    /// The newest sessions first (dashboard, API, tests).
    public func recentSessions(limit: Int) async throws(SessionStoreError) -> [SessionRow] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(SessionRow.columns) FROM sessions ORDER BY id DESC LIMIT ?",
                             arguments: [limit]).map(SessionRow.init(row:))
        }
    }

    /// Live (not ended) sessions of a subscriber, oldest first.
    public func liveSessions(imsi: String) async throws(SessionStoreError) -> [SessionRow] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SessionRow.columns) FROM sessions WHERE imsi = ? AND ended_at IS NULL ORDER BY id
                """, arguments: [imsi]).map(SessionRow.init(row:))
        }
    }

    /// Sessions not ended (`radius_active_clients_count`).
    public func liveSessionCount() async throws(SessionStoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions WHERE ended_at IS NULL") ?? 0 }
    }

    /// Number of stored accounting records (tests, diagnostics).
    public func accountingRecordCount() async throws(SessionStoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM accounting_records") ?? 0 }
    }

    /// Ends a live session the NAS no longer knows (Disconnect-NAK Session-Context-Not-Found).
    public func endSession(id: Int64, cause: String, at date: Date) async throws(SessionStoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, end_cause = ? WHERE id = ? AND ended_at IS NULL",
                           arguments: [date, cause, id])
        }
    }
}

extension SQLiteSessionStore {
    /// Ends live sessions the AP stopped reporting: accounting started but no update since
    /// `activeBefore` (the Stop was lost), or never started and accepted before `unstartedBefore`
    /// (nil: such sessions are kept, an AP may not do accounting at all).
    /// - Returns: how many sessions ended.
    @discardableResult
    public func expireStaleSessions(activeBefore: Date, unstartedBefore: Date?, now: Date)
        async throws(SessionStoreError) -> Int
    {
        try await write { db in
            try db.execute(sql: """
                UPDATE sessions SET ended_at = ?, end_cause = 'Stale (no accounting update)'
                WHERE ended_at IS NULL AND started_at IS NOT NULL AND coalesce(updated_at, started_at) < ?
                """, arguments: [now, activeBefore])
            var ended = db.changesCount
            if let unstartedBefore {
                try db.execute(sql: """
                    UPDATE sessions SET ended_at = ?, end_cause = 'Stale (no accounting, session timeout passed)'
                    WHERE ended_at IS NULL AND started_at IS NULL AND accepted_at < ?
                    """, arguments: [now, unstartedBefore])
                ended += db.changesCount
            }
            return ended
        }
    }
}

extension SQLiteSessionStore {
    /// Deletes accounting records received before `cutoff`, and sessions that ended before it and
    /// owe the HSS nothing (a session still `registered` waits for its deregistration). At most
    /// `batch` rows a table per transaction, so a large backlog never holds the writer for long.
    /// - Returns: records and sessions deleted.
    @discardableResult
    public func prune(before cutoff: Date, batch: Int) async throws(SessionStoreError) -> (records: Int, sessions: Int) {
        var total = (records: 0, sessions: 0)
        while true {
            let deleted = try await write { db -> (Int, Int) in
                try db.execute(sql: """
                    DELETE FROM accounting_records WHERE id IN (
                        SELECT id FROM accounting_records WHERE received_at < ? ORDER BY id LIMIT ?)
                    """, arguments: [cutoff, batch])
                let records = db.changesCount
                // Records of a session go first: none may point at a deleted session.
                try db.execute(sql: """
                    DELETE FROM sessions WHERE id IN (
                        SELECT s.id FROM sessions s WHERE s.ended_at IS NOT NULL AND s.ended_at < ?
                            AND s.registration != 'registered'
                            AND NOT EXISTS (SELECT 1 FROM accounting_records r WHERE r.session_id = s.id)
                            AND NOT EXISTS (SELECT 1 FROM charging_sessions c
                                            WHERE c.session_class = s.session_class AND c.phase != 'closed')
                        LIMIT ?)
                    """, arguments: [cutoff, batch])
                let sessions = db.changesCount
                // Charging state of sessions long over (still unreported usage keeps a row open).
                try db.execute(sql: """
                    DELETE FROM charging_sessions WHERE session_class IN (
                        SELECT session_class FROM charging_sessions WHERE phase = 'closed' AND updated_at < ? LIMIT ?)
                    """, arguments: [cutoff, batch])
                return (records, sessions)
            }
            total.records += deleted.0
            total.sessions += deleted.1
            if deleted.0 < batch && deleted.1 < batch { return total }
        }
    }
}
