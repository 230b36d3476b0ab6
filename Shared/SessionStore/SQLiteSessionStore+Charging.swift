import Foundation
import GRDB

/// charging-agent's state in the shared store: one row per charged session, written before any
/// request it implies is sent, and the usage it reads from the sessions the frontends keep current.
extension SQLiteSessionStore {
    /// New rows (an existing row for the same Class is kept) and new states, in one transaction: the
    /// agent's group commit. One node per file: nothing is ever taken over.
    @discardableResult
    public func writeCharging(inserts: [ChargingRecord], updates: [(sessionClass: String, phase: String, state: Data)],
                              at date: Date) async throws(SessionStoreError) -> Set<String>
    {
        guard !inserts.isEmpty || !updates.isEmpty else { return [] }
        let rows = updates.map { ($0.sessionClass, $0.phase, $0.state) }
        try await write { db in
            if !inserts.isEmpty {
                let insert = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO charging_sessions (\(ChargingRecord.columns))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for r in inserts {
                    try insert.execute(arguments: [r.sessionClass, r.gySessionID, r.imsi, r.userName, r.callingStationID,
                                                   r.calledStationID, r.nasIP, r.mode, r.phase, r.state,
                                                   StoredTimestamp(r.createdAt), StoredTimestamp(r.updatedAt)])
                }
            }
            let update = try db.cachedStatement(sql: """
                UPDATE charging_sessions SET phase = ?, state = ?, updated_at = ? WHERE session_class = ?
                """)
            for (sessionClass, phase, state) in rows {
                try update.execute(arguments: [phase, state, StoredTimestamp(date), sessionClass])
            }
        }
        return []
    }

    public func chargingRecord(class sessionClass: String) async throws(SessionStoreError) -> ChargingRecord? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(ChargingRecord.columns) FROM charging_sessions WHERE session_class = ?
                """), arguments: [sessionClass]).map(ChargingRecord.init(row:))
        }
    }

    /// Every row still owing the OCS something (a restarted agent resumes them).
    public func openChargingRecords() async throws(SessionStoreError) -> [ChargingRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(ChargingRecord.columns) FROM charging_sessions WHERE phase != 'closed'")
                .map(ChargingRecord.init(row:))
        }
    }

    /// One node per file: nothing to take over.
    public func takeOverChargingRecords(silentFor: Duration) async throws(SessionStoreError) -> [ChargingRecord] { [] }

    /// Usage of the named sessions; a class with no session row is absent from the result.
    public func sessionUsage(classes: [String]) async throws(SessionStoreError) -> [SessionUsageRow] {
        guard !classes.isEmpty else { return [] }
        return try await read { db in
            var out: [SessionUsageRow] = []
            var index = 0
            // SQLite caps bound parameters; 500 a query stays well under every build's limit.
            while index < classes.count {
                let chunk = Array(classes[index..<min(index + 500, classes.count)])
                index += chunk.count
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                // Cached per chunk size: compiling a statement is most of a small query's cost.
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT session_class, input_octets, output_octets, session_time, ended_at FROM sessions
                    WHERE session_class IN (\(marks))
                    """), arguments: StatementArguments(chunk))
                out += rows.map {
                    SessionUsageRow(sessionClass: $0["session_class"], inputOctets: $0["input_octets"],
                                    outputOctets: $0["output_octets"], sessionTime: $0["session_time"],
                                    endedAt: $0["ended_at"])
                }
            }
            return out
        }
    }

    /// The newest accounting record's id (0 when none): where a starting consumer begins.
    public func latestAccountingRecordID() async throws(SessionStoreError) -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM accounting_records") ?? 0 }
    }

    /// Sessions that received accounting records after `cursor` (an `accounting_records.id`), and the
    /// new cursor: how charging learns of new usage without rescanning every session.
    public func sessionsWithAccounting(after cursor: Int64) async throws(SessionStoreError)
        -> (classes: [String], cursor: Int64)
    {
        try await read { db in
            let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM accounting_records")) ?? 0
            guard newest > cursor else { return ([], max(cursor, newest)) }
            let classes = try String.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT s.session_class FROM accounting_records a JOIN sessions s ON s.id = a.session_id
                WHERE a.id > ? AND a.id <= ?
                """), arguments: [cursor, newest])
            return (classes, newest)
        }
    }
}
