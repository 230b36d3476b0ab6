import Foundation
import Logging
import TWAGConfiguration

extension SessionStores {
    /// The store a service's configuration names: `database_url` (or `database_path`), `node_id`,
    /// `database_synchronous`, `database_pool_size`, `database_request_timeout_ms`.
    public static func open(configuration: TWAGConfiguration, logger: Logger) throws(SessionStoreError) -> any SessionStore {
        var location: SessionStoreLocation
        do {
            location = try SessionStoreLocation(url: configuration.effectiveDatabaseURL)
        } catch {
            throw .database("database_url: \(error)")
        }
        if let file = configuration.databasePasswordFile {
            guard case .postgres(var postgres) = location else {
                throw .database("database_password_file is for a postgres:// database_url")
            }
            guard postgres.password == nil else {
                throw .database("database_password_file: the database_url has a password already; give it in one place")
            }
            postgres.password = try passwordFromFile(file)
            location = .postgres(postgres)
        }
        return try open(location, nodeID: configuration.effectiveNodeID,
                        synchronous: configuration.databaseSynchronous == .full ? .full : .normal,
                        maximumConnections: configuration.databasePoolSize,
                        requestTimeout: .milliseconds(configuration.databaseRequestTimeoutMilliseconds),
                        nodeFailover: .seconds(configuration.nodeFailoverSeconds), logger: logger)
    }

    /// The first line of `path` (a trailing newline is not part of the password).
    static func passwordFromFile(_ path: String) throws(SessionStoreError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .database("database_password_file: cannot read \(path)")
        }
        let password = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !password.isEmpty else { throw .database("database_password_file: \(path) is empty") }
        return password.hasSuffix("\r") ? String(password.dropLast()) : password
    }

    /// At a service's start: gives a store that connects in the background (PostgreSQL) `timeout`
    /// to become ready, so the first requests find it; then goes on either way, saying so.
    public static func awaitStartup(_ store: any SessionStore, timeout: Duration = .seconds(10), logger: Logger) async {
        if await store.waitUntilReady(timeout: timeout) { return }
        logger.warning("Store not reachable yet (\(store.availability)): serving; store writes fail until it is")
    }
}
