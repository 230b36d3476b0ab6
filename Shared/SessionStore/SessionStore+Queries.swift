import Foundation
import GRDB

extension SessionStore {
    /// The session with this Class, if any.
    public func session(class sessionClass: String) async throws(SessionStoreError) -> SessionRow? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(SessionRow.columns) FROM sessions WHERE session_class = ?",
                             arguments: [sessionClass]).map(SessionRow.init(row:))
        }
    }

    /// The newest sessions first (dashboard, API, tests).
    public func recentSessions(limit: Int = 100) async throws(SessionStoreError) -> [SessionRow] {
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

extension SessionStore {
    /// Ends live sessions the AP stopped reporting: accounting started but no update since
    /// `activeBefore` (the Stop was lost), or never started and accepted before `unstartedBefore`
    /// (nil: such sessions are kept, an AP may not do accounting at all).
    /// - Returns: how many sessions ended.
    @discardableResult
    public func expireStaleSessions(activeBefore: Date, unstartedBefore: Date?, now: Date = Date())
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
