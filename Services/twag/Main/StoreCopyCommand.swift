import ArgumentParser
import Foundation
import Logging
import SessionStore

/// `twag store-copy`: moves a node's SQLite store into a new PostgreSQL store (docs/operations.md,
/// "Moving a SQLite store to PostgreSQL"). The services must be stopped.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-copy",
        abstract: "Copy a SQLite store (sessions, accounting, charging, access points) into an empty PostgreSQL store.")

    @Option(help: "The SQLite store: a file or sqlite:PATH.")
    var from: String

    @Option(help: "The PostgreSQL store: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]. Its schema is created if needed; it must hold no rows.")
    var to: String

    @Option(help: "node_id of the copied sessions and charging state: the node the file belonged to, as named in its configuration from now on.")
    var nodeID: String

    func run() async throws {
        guard case .sqlite(let path)? = try? SessionStoreLocation(argument: from) else { Sessions.fail("twag store-copy: --from: not a SQLite store") }
        guard FileManager.default.fileExists(atPath: path) else { Sessions.fail("twag store-copy: no SQLite store at \(path)") }
        let target: SessionStoreLocation
        do {
            target = try SessionStoreLocation(url: to)
        } catch {
            Sessions.fail("twag store-copy: --to: \(error)")
        }
        guard case .postgres(let location) = target else { Sessions.fail("twag store-copy: --to must be a postgres:// store") }
        var logger = Logger(label: "twag")
        logger.logLevel = .warning
        let source = try SQLiteSessionStore(path: path)
        let destination = PostgresSessionStore(location: location, nodeID: nodeID, requestTimeout: .seconds(60), logger: logger)
        guard await destination.waitUntilReady(timeout: .seconds(30)) else {
            Sessions.fail("twag store-copy: \(target) does not answer: \(destination.availability)")
        }
        do {
            let counts = try await StoreCopy.copy(from: source, to: destination, nodeID: nodeID) { print("copied \($0)") }
            print("twag store-copy: \(counts) copied from \(path) to \(target)")
        } catch {
            await destination.close()
            let partial = if case .targetNotEmpty = error { "" } else {
                " (the database may hold part of the copy: drop and create it again before the next attempt)"
            }
            Sessions.fail("twag store-copy: \(error)\(partial)")
        }
        await destination.close()
    }
}
