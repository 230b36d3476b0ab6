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
