import Foundation
import GRDB
import Logging
import Synchronization

/// Copies the SQLite WAL back into the database file from a connection and thread of its own, so
/// the frontend's session writer does not stop to do it.
///
/// Left to SQLite, the committing connection checkpoints once the WAL passes 1,000 pages: under
/// accounting load that was a checkpoint every few tens of milliseconds, each holding the writer
/// for the page copies and two `fdatasync`s (≈ 6 ms on the lab's disk), and a large share of
/// Accounting-Requests waited behind one (issue #10: accounting p99). A PASSIVE checkpoint here
/// runs beside the writer's commits instead. The writer keeps an automatic checkpoint at
/// ``writerCheckpointPages`` as the backstop that restarts the WAL: the WAL can only start over
/// once every frame is copied and no commit is running, which a checkpoint beside a busy writer
/// never sees; by then this thread has copied nearly everything, so that checkpoint is short.
public final class WALCheckpointer: Sendable {
    /// `wal_autocheckpoint` of the writer's connection while a checkpointer runs (128 MiB of 2 KiB
    /// pages, about 1.5 s of saturated accounting): that checkpoint holds the writer for its two
    /// `fdatasync`s, so it must be rare enough to stay out of the 99th percentile.
    public static let writerCheckpointPages = 65_536

    /// Shared with the thread, which must not keep the checkpointer itself alive.
    private final class Control: Sendable {
        let stopped = Mutex(false)
        let finished = DispatchSemaphore(value: 0)
    }

    private let control = Control()

    /// Opens a connection of its own to `path` and starts checkpointing every `interval`.
    public init(path: String, interval: Duration = .milliseconds(20), logger: Logger) throws {
        var configuration = Configuration()
        configuration.label = "wal-checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let control = self.control
        let pause = UInt32(interval.components.seconds) * 1_000_000
            + UInt32(interval.components.attoseconds / 1_000_000_000_000)
        let thread = Thread {
            var failing = false
            while !control.stopped.withLock({ $0 }) {
                do {
                    // busy, log frames, checkpointed frames: PASSIVE never waits for the writer.
                    _ = try connection.inDatabase { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
                    if failing { logger.notice("WAL checkpoints resumed") }
                    failing = false
                } catch {
                    // Another process's checkpoint in progress is SQLITE_BUSY: the next round retries.
                    if !failing { logger.warning("WAL checkpoint failed: \(error); the writer's own checkpoint remains") }
                    failing = true
                }
                usleep(pause)
            }
            control.finished.signal()
        }
        thread.name = "wal-checkpointer"
        thread.start()
    }

    /// Stops the thread (after its current checkpoint).
    public func stop() {
        let wasRunning = control.stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        if wasRunning { control.finished.wait() }
    }

    deinit { stop() }
}

extension SQLiteSessionStore {
    /// Starts a ``WALCheckpointer`` on this file and moves this process's automatic checkpoint
    /// to ``WALCheckpointer/writerCheckpointPages`` (its backstop).
    public func startBackgroundCheckpoints(logger: Logger) throws(SessionStoreError) -> WALCheckpointer {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerCheckpointPages)")
            }
            return try WALCheckpointer(path: path, logger: logger)
        } catch {
            throw .database(String(describing: error))
        }
    }
}
