import Foundation
import PostgresNIO

extension PostgresSessionStore {
    /// One statement a batch: the server applies the writes in order (`twag_commit_writes`) in the
    /// statement's own transaction, so the batch is durable as a whole or not at all.
    public func commit(_ writes: [SessionWrite]) async throws(SessionStoreError) -> [SessionWriteResult] {
        guard !writes.isEmpty else { return [] }
        let statement = CommitWrites(batch: Self.json(writes), node: nodeID)
        let rows = try await call { client in
            var rows: [CommitWrites.Row] = []
            for try await row in try await client.execute(statement) { rows.append(row) }
            return rows
        }
        guard rows.count == writes.count else {
            throw .database("twag_commit_writes returned \(rows.count) results for \(writes.count) writes")
        }
        return try rows.sorted { $0.position < $1.position }.map { row throws(SessionStoreError) in
            switch row.kind {
            case "session": return .authorized(sessionID: row.session ?? 0)
            case "duplicate": return .accounting(.duplicate)
            case "nas_restart": return .accounting(.nasRestart(recordID: row.record ?? 0, endedSessions: Int(row.ended)))
            case "stored": return .accounting(.stored(recordID: row.record ?? 0, sessionID: row.session))
            default: throw .database("twag_commit_writes returned an unknown kind '\(row.kind)'")
            }
        }
    }

    static func json(_ writes: [SessionWrite]) -> String {
        var out = JSONRowsWriter()
        for write in writes {
            out.startRow()
            switch write {
            case .authorized(let s):
                out.add("kind", "session")
                out.add("session_class", s.sessionClass)
                out.add("imsi", s.imsi)
                out.add("user_name", s.userName)
                out.add("calling_station_id", s.callingStationID)
                out.add("called_station_id", s.calledStationID)
                out.add("nas_ip", s.nasIP)
                out.add("nas_identifier", s.nasIdentifier)
                out.add("client_ip", s.clientIP)
                out.add("frontend_id", s.frontendID)
                out.add("serving_hss", s.servingHSS)
                out.add("registration", (s.hssRegistered ? SessionRegistration.registered : .none).rawValue)
                out.add("accepted_at", s.acceptedAt)
            case .accounting(let e):
                out.add("kind", "accounting")
                out.add("received_at", e.receivedAt)
                out.add("frontend_id", e.frontendID)
                out.add("client_ip", e.clientIP)
                out.add("status_type", e.statusType)
                out.add("acct_session_id", e.acctSessionID)
                out.add("session_class", e.sessionClass)
                out.add("user_name", e.userName)
                out.add("nas_ip", e.nasIP)
                out.add("nas_identifier", e.nasIdentifier)
                out.add("calling_station_id", e.callingStationID)
                out.add("called_station_id", e.calledStationID)
                out.add("framed_ip", e.framedIP)
                out.add("session_time", e.sessionTime)
                // bigint columns, as on SQLite: a counter past 2^63 is clamped.
                out.add("input_octets", e.inputOctets.map { Int64(clamping: $0) })
                out.add("output_octets", e.outputOctets.map { Int64(clamping: $0) })
                out.add("input_packets", e.inputPackets)
                out.add("output_packets", e.outputPackets)
                out.add("terminate_cause", e.terminateCause)
                out.add("terminate_cause_name", e.terminateCauseName)
                out.add("delay_time", e.delayTime)
                out.add("event_timestamp", e.eventTimestamp)
                out.addHex("fingerprint", e.fingerprint)
            }
        }
        return out.json
    }
}

/// The group commit's statement, prepared once per connection.
struct CommitWrites: PostgresPreparedStatement {
    static let name = "twag_commit_writes_1"
    static let sql = """
        SELECT o_position, o_kind, o_record, o_session, o_ended FROM twag_commit_writes($1::jsonb, $2)
        """

    struct Row: Sendable {
        var position: Int32
        var kind: String
        var record: Int64?
        var session: Int64?
        var ended: Int32
    }

    var batch: String
    var node: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(batch)
        bindings.append(node)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let (position, kind, record, session, ended) = try row.decode((Int32, String, Int64?, Int64?, Int32).self)
        return Row(position: position, kind: kind, record: record, session: session, ended: ended)
    }
}
