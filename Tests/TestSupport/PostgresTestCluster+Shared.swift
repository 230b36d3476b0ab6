import Foundation
import Synchronization

private let sharedCluster = Mutex<Result<PostgresTestCluster, any Error>?>(nil)

extension PostgresTestCluster {
    /// One cluster for the whole test process, started on first use and stopped when the process
    /// exits: test classes that run every case on both engines share it (one database per test).
    public static func shared() throws -> PostgresTestCluster {
        try sharedCluster.withLock { slot in
            if let slot { return try slot.get() }
            let result = Result { try PostgresTestCluster.start() }
            slot = result
            if case .success = result {
                atexit {
                    let cluster = sharedCluster.withLock { try? $0?.get() }
                    cluster?.stop()
                }
            }
            return try result.get()
        }
    }

    /// A new empty database on the shared cluster and its `postgres://` URL.
    public static func freshDatabase() throws -> String {
        let cluster = try shared()
        let name = "twag_\(UUID().uuidString.prefix(8).lowercased())"
        try cluster.createDatabase(name)
        return cluster.url(database: name)
    }
}
