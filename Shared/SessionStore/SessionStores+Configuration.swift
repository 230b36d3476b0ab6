import Logging
import TWAGConfiguration

extension SessionStores {
    /// The store a service's configuration names: `database_url` (or `database_path`), `node_id`,
    /// `database_synchronous`, `database_pool_size`, `database_request_timeout_ms`.
    public static func open(configuration: TWAGConfiguration, logger: Logger) throws(SessionStoreError) -> any SessionStore {
        let location: SessionStoreLocation
        do {
            location = try SessionStoreLocation(url: configuration.effectiveDatabaseURL)
        } catch {
            throw .database("database_url: \(error)")
        }
        return try open(location, nodeID: configuration.effectiveNodeID,
                        synchronous: configuration.databaseSynchronous == .full ? .full : .normal,
                        maximumConnections: configuration.databasePoolSize,
                        requestTimeout: .milliseconds(configuration.databaseRequestTimeoutMilliseconds),
                        nodeFailover: .seconds(configuration.nodeFailoverSeconds), logger: logger)
    }

    /// At a service's start: gives a store that connects in the background (PostgreSQL) `timeout`
    /// to become ready, so the first requests find it; then goes on either way, saying so.
    public static func awaitStartup(_ store: any SessionStore, timeout: Duration = .seconds(10), logger: Logger) async {
        if await store.waitUntilReady(timeout: timeout) { return }
        logger.warning("Store not reachable yet (\(store.availability)): serving; store writes fail until it is")
    }
}
