import Foundation
import GRDB

extension SQLiteSessionStore {
    /// One node per file: no other node watches this one.
    public func heartbeat(service: String) async throws(SessionStoreError) {}

    /// Subscribers whose registered sessions ended, oldest first, at most `limit` subscribers.
    /// Grouped by IMSI so one SAR covers every ended session of a subscriber.
    public func deregistrationCandidates(limit: Int) async throws(SessionStoreError) -> [DeregistrationCandidate] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(SessionRow.columns) FROM sessions
                WHERE registration = 'registered' AND ended_at IS NOT NULL AND imsi IN (
                    SELECT imsi FROM sessions WHERE registration = 'registered' AND ended_at IS NOT NULL
                    GROUP BY imsi ORDER BY min(id) LIMIT ?)
                ORDER BY id
                """, arguments: [limit]).map(SessionRow.init(row:))
            var order: [String] = []
            var byIMSI: [String: [SessionRow]] = [:]
            for row in rows {
                if byIMSI[row.imsi] == nil { order.append(row.imsi) }
                byIMSI[row.imsi, default: []].append(row)
            }
            return try order.map { imsi in
                let live = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM sessions WHERE imsi = ? AND ended_at IS NULL AND registration = 'registered')
                    """, arguments: [imsi]) ?? false
                return DeregistrationCandidate(imsi: imsi, sessions: byIMSI[imsi] ?? [], liveRegistrationRemains: live)
            }
        }
    }

    /// Moves sessions still `registered` to `state` (others are left alone: an RTR may have won).
    public func setRegistration(_ state: SessionRegistration, sessionIDs: [Int64]) async throws(SessionStoreError) {
        guard !sessionIDs.isEmpty else { return }
        try await write { db in
            for id in sessionIDs {
                try db.execute(sql: "UPDATE sessions SET registration = ? WHERE id = ? AND registration = 'registered'",
                               arguments: [state.rawValue, id])
            }
        }
    }

    /// Counts one failed deregistration attempt on each session.
    public func recordRegistrationAttempt(sessionIDs: [Int64]) async throws(SessionStoreError) {
        guard !sessionIDs.isEmpty else { return }
        try await write { db in
            for id in sessionIDs {
                try db.execute(sql: "UPDATE sessions SET registration_attempts = registration_attempts + 1 WHERE id = ?",
                               arguments: [id])
            }
        }
    }

    /// The HSS withdrew the subscriber's registration (RTR): no SAR is due any more for any of its
    /// sessions, and its live sessions are returned to be disconnected. One transaction.
    public func registrationTerminated(imsi: String) async throws(SessionStoreError) -> [SessionRow] {
        try await write { db in
            try db.execute(sql: "UPDATE sessions SET registration = 'hss_terminated' WHERE imsi = ? AND registration = 'registered'",
                           arguments: [imsi])
            return try Row.fetchAll(db, sql: """
                SELECT \(SessionRow.columns) FROM sessions WHERE imsi = ? AND ended_at IS NULL ORDER BY id
                """, arguments: [imsi]).map(SessionRow.init(row:))
        }
    }
}
