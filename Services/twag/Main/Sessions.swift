import ArgumentParser
import Foundation
import SessionStore
import TWAGCLI
import TWAGConfiguration

/// `twag sessions`: the subscriber sessions and their usage from the shared store (the guide's
/// "Client Usage" view), read-only.
struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List subscriber sessions and their accounting usage from the shared SQLite store.")

    @Option(help: "Configuration file (its database_path is read).")
    var config = "config/twag.yaml"

    @Option(help: "SQLite file to read instead of the configuration's database_path (e.g. .twag-lab/twag.sqlite).")
    var database: String?

    @Option(help: "Newest sessions to show.")
    var limit = 50

    @Flag(help: "Only sessions not ended.")
    var live = false

    @Flag(help: "One JSON object per session instead of the table.")
    var json = false

    func run() async throws {
        let path: String
        if let database {
            path = database
        } else {
            do {
                path = try TWAGConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment).databasePath
            } catch {
                Self.fail("twag sessions: \(error)")
            }
        }
        guard FileManager.default.fileExists(atPath: path) else {
            Self.fail("twag sessions: no session store at \(path) (is the stack running? see --database)")
        }
        var rows = try await SessionStore(path: path).recentSessions(limit: max(1, limit))
        if live { rows = rows.filter(\.isLive) }
        if json {
            for row in rows { print(try Self.json(row)) }
        } else {
            print(SessionUsageTable.render(rows, now: Date()))
        }
    }

    /// One line on stderr and exit 1: an operator error, not a usage error.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }

    static func json(_ row: SessionRow) throws -> String {
        let formatter = ISO8601DateFormatter()
        var object: [String: Any] = [
            "class": row.sessionClass, "imsi": row.imsi, "user": row.userName, "ap": row.clientIP,
            "frontend": row.frontendID, "registration": row.registration.rawValue,
            "accepted_at": formatter.string(from: row.acceptedAt), "live": row.isLive,
            "session_time_s": row.sessionTime, "input_octets": row.inputOctets, "output_octets": row.outputOctets,
        ]
        object["acct_session_id"] = row.acctSessionID
        object["calling_station_id"] = row.callingStationID
        object["called_station_id"] = row.calledStationID
        object["ended_at"] = row.endedAt.map(formatter.string(from:))
        object["end_cause"] = row.endCause
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
