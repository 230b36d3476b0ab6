import ArgumentParser
import Foundation
import Logging
import SessionStore
import TWAGCLI
import TWAGConfiguration

/// `twag sessions`: the subscriber sessions and their usage from the shared store (the guide's
/// "Client Usage" view), read-only.
struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List subscriber sessions and their accounting usage from the shared store, every node's.")

    @Option(help: "Configuration file (its database_url or database_path is read).")
    var config = "config/twag.yaml"

    @Option(help: "Store to read instead of the configuration's: a SQLite file (e.g. .twag-lab/twag.sqlite), sqlite:PATH or postgres://…")
    var database: String?

    @Option(help: "Newest sessions to show.")
    var limit = 50

    @Flag(help: "Only sessions not ended.")
    var live = false

    @Flag(help: "One JSON object per session instead of the table.")
    var json = false

    /// Opens an existing store for reading: a missing SQLite file is an error here, not a new store.
    static func openStore(url: String, command: String) async throws -> any SessionStore {
        let location: SessionStoreLocation
        do {
            location = try SessionStoreLocation(argument: url)
        } catch {
            fail("twag \(command): database_url: \(error)")
        }
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            fail("twag \(command): no session store at \(path) (is the stack running? see --database, --lab-dir, --config)")
        }
        var logger = Logger(label: "twag")
        logger.logLevel = .critical
        let store = try SessionStores.open(location, nodeID: "twag-cli", logger: logger)
        guard await store.waitUntilReady(timeout: .seconds(10)) else {
            fail("twag \(command): the store at \(location) does not answer: \(store.availability)")
        }
        return store
    }

    func run() async throws {
        let url: String
        if let database {
            url = database
        } else {
            do {
                url = try TWAGConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment).effectiveDatabaseURL
            } catch {
                Self.fail("twag sessions: \(error)")
            }
        }
        let store = try await Self.openStore(url: url, command: "sessions")
        var rows = try await store.recentSessions(limit: max(1, limit))
        await store.close()
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
            "frontend": row.frontendID, "node": row.nodeID, "registration": row.registration.rawValue,
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
