import Foundation
import Logging
import PostgresStore

/// Where the shared store is (`database_url`): `sqlite:PATH` (one node, the default) or
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]` (several nodes).
public enum SessionStoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Why a `database_url` was refused.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public init(url: String) throws(ParseError) {
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            // sqlite:///var/lib/twag/twag.sqlite names the same file as sqlite:/var/lib/…
            if path.hasPrefix("///") { path.removeFirst(2) }
            guard !path.isEmpty else { throw ParseError(reason: "sqlite: needs a file path (sqlite:/var/lib/twag/twag.sqlite)") }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            do {
                self = .postgres(try PostgresLocation(url: url))
            } catch {
                throw ParseError(reason: error.description)
            }
        } else {
            throw ParseError(reason: "must start with sqlite: or postgres://")
        }
    }

    /// A command-line argument: a store URL, or a bare path naming a SQLite file.
    public init(argument: String) throws(ParseError) {
        let isURL = argument.hasPrefix("sqlite:") || argument.contains("://")
        try self.init(url: isURL ? argument : "sqlite:" + argument)
    }

    /// Safe to log: the password shows as `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location): return location.description
        }
    }

    /// `sqlite` or `postgresql` (metrics label, logs).
    public var engine: String {
        switch self {
        case .sqlite: return "sqlite"
        case .postgres: return "postgresql"
        }
    }
}

/// How a service opens the shared store.
public enum SessionStores {
    /// Opens the store at `location`. SQLite opens and migrates now (a failure is a configuration
    /// error); PostgreSQL returns at once and connects in the background (see ``PostgresSessionStore``).
    public static func open(_ location: SessionStoreLocation, nodeID: String, synchronous: SessionStoreSynchronous = .normal,
                            maximumConnections: Int = 8, requestTimeout: Duration = .seconds(5),
                            nodeFailover: Duration = .seconds(15), logger: Logger)
        throws(SessionStoreError) -> any SessionStore
    {
        switch location {
        case .sqlite(let path):
            return try SQLiteSessionStore(path: path, synchronous: synchronous, nodeID: nodeID)
        case .postgres(let postgres):
            return PostgresSessionStore(location: postgres, nodeID: nodeID, maximumConnections: maximumConnections,
                                        requestTimeout: requestTimeout, nodeFailover: nodeFailover, logger: logger)
        }
    }
}
