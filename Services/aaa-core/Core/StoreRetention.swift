import Foundation
import Logging
import SessionStore

/// Keeps the shared store from growing without bound (`accounting_retention_days`): every hour,
/// accounting records older than the retention and sessions that ended before it are deleted.
/// Run by aaa-core, of which there is one, rather than by every frontend.
public struct StoreRetention: Sendable {
    public let store: any SessionStore
    public let retentionDays: Int
    private let logger: Logger

    public init(store: any SessionStore, retentionDays: Int, logger: Logger) {
        self.store = store
        self.retentionDays = max(1, retentionDays)
        self.logger = logger
    }

    /// One pass. - Returns: records and sessions deleted.
    @discardableResult
    public func pruneOnce(now: Date = Date()) async -> (records: Int, sessions: Int) {
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        do {
            let deleted = try await store.prune(before: cutoff)
            if deleted.records + deleted.sessions > 0 {
                logger.info("Store retention: deleted \(deleted.records) accounting record(s) and \(deleted.sessions) ended session(s) older than \(retentionDays) days")
            }
            return deleted
        } catch {
            logger.warning("Store retention failed: \(error)")
            return (0, 0)
        }
    }

    /// Prunes at start and every `interval` until cancelled.
    public func run(interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            await pruneOnce()
            try? await Task.sleep(for: interval)
        }
    }
}
