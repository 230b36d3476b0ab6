import Foundation
import GRDB

extension SQLiteSessionStore {
    /// Applies `writes` in one transaction (the group commit of the frontend's writer): either all
    /// are durable or none is.
    public func commit(_ writes: [SessionWrite]) async throws(SessionStoreError) -> [SessionWriteResult] {
        guard !writes.isEmpty else { return [] }
        return try await write { [nodeID] db in try Self.apply(writes, node: nodeID, in: db) }
    }

    /// The same, blocking the calling thread (``SessionWriter``'s own thread; never an event loop).
    func commitNow(_ writes: [SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult] {
        guard !writes.isEmpty else { return [] }
        do {
            return try pool.write { [nodeID] db in try Self.apply(writes, node: nodeID, in: db) }
        } catch {
            throw .database(String(describing: error))
        }
    }

    static func apply(_ writes: [SessionWrite], node: String, in db: Database) throws -> [SessionWriteResult] {
        try writes.map { write in
            switch write {
            case .authorized(let session): return .authorized(sessionID: try insert(session, node: node, in: db))
            case .accounting(let entry): return .accounting(try apply(entry, in: db))
            }
        }
    }

    static func insert(_ s: AuthorizedSession, node: String, in db: Database) throws -> Int64 {
        // Cached statements: this runs once per Access-Accept, parsing it each time showed in profiles.
        var insert = BoundStatement(try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO sessions (session_class, imsi, user_name, calling_station_id, called_station_id,
                nas_ip, nas_identifier, client_ip, frontend_id, serving_hss, registration, accepted_at, node_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        for text in [s.sessionClass, s.imsi, s.userName, s.callingStationID, s.calledStationID, s.nasIP, s.nasIdentifier,
                     s.clientIP, s.frontendID, s.servingHSS, (s.hssRegistered ? SessionRegistration.registered : .none).rawValue] {
            insert.bind(text)
        }
        insert.bind(StoredTimestamp(s.acceptedAt))
        insert.bind(node)
        try insert.execute(in: db)
        if db.changesCount > 0 { return db.lastInsertedRowID }
        return try sessionID(ofClass: s.sessionClass, in: db) ?? 0
    }

    static func sessionID(ofClass sessionClass: String, in db: Database) throws -> Int64? {
        var select = BoundStatement(try db.cachedStatement(sql: "SELECT id FROM sessions WHERE session_class = ?"))
        select.bind(sessionClass)
        return try select.fetchInt64(in: db)
    }

    static func apply(_ e: AccountingEntry, in db: Database) throws -> AccountingOutcome {
        let session: MatchedSession? = switch e.status {
        case .start?, .interimUpdate?, .stop?: try matchSession(e, in: db)
        default: nil
        }
        let sessionID = session?.id
        var insert = BoundStatement(try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO accounting_records (received_at, frontend_id, client_ip, session_id, status_type,
                acct_session_id, session_class, user_name, nas_ip, nas_identifier, calling_station_id, called_station_id,
                framed_ip, session_time, input_octets, output_octets, input_packets, output_packets, terminate_cause,
                delay_time, event_timestamp, fingerprint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        insert.bind(StoredTimestamp(e.receivedAt))
        insert.bind(e.frontendID)
        insert.bind(e.clientIP)
        insert.bind(sessionID)
        insert.bind(Int64(e.statusType))
        for text in [e.acctSessionID, e.sessionClass, e.userName, e.nasIP, e.nasIdentifier, e.callingStationID,
                     e.calledStationID, e.framedIP] {
            insert.bind(text)
        }
        for number in [e.sessionTime.map { Int64($0) }, e.inputOctets.map(Self.sqlInteger), e.outputOctets.map(Self.sqlInteger),
                       e.inputPackets.map { Int64($0) }, e.outputPackets.map { Int64($0) }, e.terminateCause.map { Int64($0) },
                       e.delayTime.map { Int64($0) }, e.eventTimestamp.map { Int64($0) }] {
            insert.bind(number)
        }
        insert.bind(blob: e.fingerprint)
        try insert.execute(in: db)
        let stored = db.changesCount > 0
        let recordID = db.lastInsertedRowID
        switch e.status {
        case .accountingOn?, .accountingOff?:
            // Applied even to a record seen before: an AP without Event-Timestamp sends the same
            // Accounting-On at every reboot, and ending sessions that began before the event is idempotent.
            let ended = try endSessions(ofNAS: e, in: db)
            return stored ? .nasRestart(recordID: recordID, endedSessions: ended) : .duplicate
        default:
            break
        }
        guard stored else { return .duplicate }
        switch e.status {
        case .accountingOn?, .accountingOff?:
            return .nasRestart(recordID: recordID, endedSessions: 0)
        case .start?, .interimUpdate?, .stop?:
            if let session { try update(session, with: e, in: db) }
            return .stored(recordID: recordID, sessionID: sessionID)
        case nil:
            return .stored(recordID: recordID, sessionID: nil)
        }
    }

    /// A session row an accounting request belongs to, and whether its Acct-Session-Id is known yet.
    struct MatchedSession {
        let id: Int64
        let hasAcctSessionID: Bool
    }

    /// The session an accounting request belongs to: by our Class when the AP echoed it; else by
    /// Acct-Session-Id from the same AP once a Start named it; else the newest live session of that
    /// User-Name and Calling-Station-Id not yet started (APs that drop Class).
    static func matchSession(_ e: AccountingEntry, in db: Database) throws -> MatchedSession? {
        if let sessionClass = e.sessionClass {
            var select = BoundStatement(try db.cachedStatement(sql: """
                SELECT id, acct_session_id IS NOT NULL FROM sessions WHERE session_class = ?
                """))
            select.bind(sessionClass)
            if let found = try select.fetchFirst(in: db, { row in
                row.int64(0).map { MatchedSession(id: $0, hasAcctSessionID: row.int64(1) == 1) }
            }), let found {
                return found
            }
        }
        if let acct = e.acctSessionID {
            var select = BoundStatement(try db.cachedStatement(sql: """
                SELECT id FROM sessions WHERE client_ip = ? AND acct_session_id = ? ORDER BY id DESC LIMIT 1
                """))
            select.bind(e.clientIP)
            select.bind(acct)
            if let id = try select.fetchInt64(in: db) { return MatchedSession(id: id, hasAcctSessionID: true) }
        }
        guard let user = e.userName, let station = e.callingStationID else { return nil }
        var select = BoundStatement(try db.cachedStatement(sql: """
            SELECT id FROM sessions WHERE user_name = ? AND calling_station_id = ? AND client_ip = ?
                AND acct_session_id IS NULL AND ended_at IS NULL
            ORDER BY id DESC LIMIT 1
            """))
        select.bind(user)
        select.bind(station)
        select.bind(e.clientIP)
        return try select.fetchInt64(in: db).map { MatchedSession(id: $0, hasAcctSessionID: false) }
    }

    /// Counters only move forward: a late interim update must not undo a later one. Cached statements,
    /// like every statement on the accounting path: compiling one cost more than running it.
    ///
    /// Acct-Session-Id is set only while the row has none: naming an indexed column in SET makes
    /// SQLite delete and re-insert the row's `sessions_by_acct_session` entry even when the value
    /// stays, one more page in the WAL for every Interim-Update.
    static func update(_ session: MatchedSession, with e: AccountingEntry, in db: Database) throws {
        let namesSession = !session.hasAcctSessionID && e.acctSessionID != nil
        var update = BoundStatement(try db.cachedStatement(sql: namesSession ? namingUpdateSQL : countersUpdateSQL))
        if namesSession { update.bind(e.acctSessionID) }
        update.bind(e.framedIP)
        let received = StoredTimestamp.text(e.receivedAt)
        for _ in 0..<3 { update.bind(received) }
        for number in [e.sessionTime.map { Int64($0) }, e.inputOctets.map(Self.sqlInteger), e.outputOctets.map(Self.sqlInteger),
                       e.inputPackets.map { Int64($0) }, e.outputPackets.map { Int64($0) }, session.id] {
            update.bind(number)
        }
        try update.execute(in: db)
        if e.status == .stop {
            var end = BoundStatement(try db.cachedStatement(sql: """
                UPDATE sessions SET ended_at = coalesce(ended_at, ?), end_cause = coalesce(end_cause, ?) WHERE id = ?
                """))
            end.bind(StoredTimestamp(e.receivedAt))
            end.bind(e.terminateCauseName ?? "Stop")
            end.bind(session.id)
            try end.execute(in: db)
        }
    }

    /// The interim update: framed IP, times (the arrival three times), counters, then the id.
    private static let countersUpdateSQL = "UPDATE sessions SET " + countersSQL
    /// The same naming the Acct-Session-Id first (the row's first record carrying one).
    private static let namingUpdateSQL = "UPDATE sessions SET acct_session_id = coalesce(acct_session_id, ?), " + countersSQL
    private static let countersSQL = """
        framed_ip = coalesce(?, framed_ip),
            started_at = coalesce(started_at, ?),
            updated_at = max(coalesce(updated_at, ?), ?),
            session_time = max(session_time, coalesce(?, 0)),
            input_octets = max(input_octets, coalesce(?, 0)),
            output_octets = max(output_octets, coalesce(?, 0)),
            input_packets = max(input_packets, coalesce(?, 0)),
            output_packets = max(output_packets, coalesce(?, 0))
        WHERE id = ?
        """

    /// Accounting-On/Off (RFC 2866 5.1): the NAS rebooted or is going down, every session it had
    /// before that moment is gone (sessions accepted since are not: the record may be a late
    /// retransmission). The moment is Event-Timestamp, else the arrival minus Acct-Delay-Time. The
    /// NAS is named by NAS-Identifier, else NAS-IP-Address, within the packets' source address.
    static func endSessions(ofNAS e: AccountingEntry, in db: Database) throws -> Int {
        let cause = e.status == .accountingOn ? "Accounting-On" : "Accounting-Off"
        let event = e.eventTimestamp.map { Date(timeIntervalSince1970: TimeInterval($0)) }
            ?? e.receivedAt.addingTimeInterval(-TimeInterval(e.delayTime ?? 0))
        let live = "ended_at IS NULL AND accepted_at <= ? AND client_ip = ?"
        if let identifier = e.nasIdentifier {
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, end_cause = ? WHERE \(live) AND nas_identifier = ?",
                           arguments: [StoredTimestamp(e.receivedAt), cause, StoredTimestamp(event), e.clientIP, identifier])
        } else if let ip = e.nasIP {
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, end_cause = ? WHERE \(live) AND nas_ip = ?",
                           arguments: [StoredTimestamp(e.receivedAt), cause, StoredTimestamp(event), e.clientIP, ip])
        } else {
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, end_cause = ? WHERE \(live)",
                           arguments: [StoredTimestamp(e.receivedAt), cause, StoredTimestamp(event), e.clientIP])
        }
        return db.changesCount
    }

    /// SQLite integers are signed 64-bit; a counter beyond that is clamped (2^63 octets is not a real session).
    static func sqlInteger(_ value: UInt64) -> Int64 { Int64(clamping: value) }
}
