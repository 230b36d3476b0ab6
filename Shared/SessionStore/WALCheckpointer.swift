import Foundation
import GRDB
import GRDBSQLite
import Logging
import Synchronization

/// Copies the SQLite WAL back into the database file from a connection and thread of its own, so
/// the frontend's session writer does not stop to do it.
///
/// Left to SQLite, the committing connection checkpoints once the WAL passes 1,000 pages: under
/// accounting load that was a checkpoint every few tens of milliseconds, each holding the writer
/// for the page copies and two `fdatasync`s (≈ 6 ms on the lab's disk), and a large share of
/// Accounting-Requests waited behind one (issue #10: accounting p99). Here the writer's WAL hook
/// (SQLite calls it after each commit with the WAL's size) wakes this thread once
/// ``wakeEveryPages`` more pages are waiting, and a PASSIVE checkpoint copies them beside the
/// writer's commits.
///
/// The WAL can only start over once every frame is copied and no commit is running, which a
/// checkpoint beside a busy writer never sees: at a ceiling (`database_wal_max_mib`) the hook
/// checkpoints in the writer itself, as SQLite's automatic checkpoint would. By then this thread has
/// copied nearly everything, so that checkpoint costs the writer its two syncs, and its next commit
/// a third for the new WAL's header: ≈ 10 ms of held answers. At 128 MiB that was 1.7 times a
/// second at 25,000 accounting requests/s and most of the accounting p99; at 512 MiB every 7–9 s
/// (docs/performance.md). The WAL file grows to the ceiling and is reused.
public final class WALCheckpointer: Sendable {
    /// The WAL's default ceiling (`database_wal_max_mib`).
    public static let defaultMaximumWALBytes = 512 << 20
    /// New WAL pages that wake the thread (4 MiB of 2 KiB pages).
    public static let wakeEveryPages: Int32 = 2_048
    /// The writer's checkpoint threshold for a WAL ceiling: whole pages, at least two wake-ups' worth.
    static func pages(maximumWALBytes: Int, pageSize: Int) -> Int32 {
        let pages = maximumWALBytes / max(512, pageSize)
        return Int32(clamping: max(Int(wakeEveryPages) * 2, pages))
    }

    /// New WAL pages that wake the thread on the last stretch before the ceiling.
    static let finalStretchWakePages: Int32 = 128

    /// Without a wake-up (another process writing), the thread still checkpoints this often.
    static let idleRound: DispatchTimeInterval = .seconds(1)

    /// Shared by the thread and the writer's hook, which must not keep the checkpointer alive.
    final class Control: Sendable {
        let writerCheckpointPages: Int32
        let wakeEveryPages: Int32
        let finalStretchWakePages: Int32
        let stopped = Mutex(false)
        let wakeUp = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        /// WAL size when the thread was last woken.
        let signalledAt = Mutex<Int32>(0)

        init(writerCheckpointPages: Int32, wakeEveryPages: Int32) {
            self.writerCheckpointPages = writerCheckpointPages
            self.wakeEveryPages = wakeEveryPages
            finalStretchWakePages = min(wakeEveryPages, WALCheckpointer.finalStretchWakePages)
        }

        /// The WAL hook's work, on the writer's thread after a commit.
        func committed(_ connection: OpaquePointer, walPages: Int32) -> Int32 {
            if walPages >= writerCheckpointPages {
                // The commit is durable whatever this returns, but a code returned from the hook
                // fails the COMMIT all the same (SQLITE_BUSY whenever the thread's checkpoint is
                // running). As SQLite's own hook does, the result is dropped: the next commit retries.
                _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return SQLITE_OK
            }
            if shouldWake(walPages: walPages) { wakeUp.signal() }
            return SQLITE_OK
        }

        /// Whether a commit that left `walPages` in the WAL wakes the thread. On the last stretch
        /// before the ceiling it runs in short rounds, so the writer's own checkpoint there finds
        /// little left to copy and sync.
        func shouldWake(walPages: Int32) -> Bool {
            let step = walPages >= writerCheckpointPages &- wakeEveryPages ? finalStretchWakePages : wakeEveryPages
            return signalledAt.withLock { signalledAt in
                // A smaller WAL than last time: it started over.
                guard walPages >= signalledAt + step || walPages < signalledAt else { return false }
                signalledAt = walPages
                return true
            }
        }
    }

    private let control: Control
    private let writer: DatabasePool

    /// Installs the hook on `writer`'s connection and starts the thread with its own connection to `path`.
    init(writer: DatabasePool, path: String, writerCheckpointPages: Int32,
         wakeEveryPages: Int32 = WALCheckpointer.wakeEveryPages, syncEveryPages: Int32, logger: Logger) throws {
        self.writer = writer
        control = Control(writerCheckpointPages: writerCheckpointPages, wakeEveryPages: wakeEveryPages)
        var configuration = Configuration()
        configuration.label = "wal-checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let control = self.control
        writer.writeWithoutTransaction { db in
            // Replaces SQLite's automatic-checkpoint hook on this connection (one hook per connection).
            _ = sqlite3_wal_hook(db.sqliteConnection, { context, connection, _, pages in
                guard let context, let connection else { return SQLITE_OK }
                return Unmanaged<Control>.fromOpaque(context).takeUnretainedValue().committed(connection, walPages: pages)
            }, Unmanaged.passUnretained(control).toOpaque())
        }
        // The thread syncs the pages it copies (``WALSyncPacer``) through a descriptor of its own.
        let databaseFile = open(path, O_RDONLY | O_CLOEXEC)
        if databaseFile < 0 {
            logger.warning("Cannot open \(path) to sync it after checkpoints (errno \(errno)); the writer's checkpoint at the ceiling will")
        }
        let thread = Thread {
            defer { if databaseFile >= 0 { close(databaseFile) } }
            var failing = false
            var pacer = WALSyncPacer(everyPages: syncEveryPages)
            while !control.stopped.withLock({ $0 }) {
                _ = control.wakeUp.wait(timeout: .now() + Self.idleRound)
                guard !control.stopped.withLock({ $0 }) else { break }
                do {
                    // busy, log frames, checkpointed frames: PASSIVE never waits for the writer.
                    let copied = try connection.inDatabase { db in
                        try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)").flatMap { row -> Int32? in row[2] }
                    }
                    if databaseFile >= 0, let copied, pacer.copied(through: copied) { _ = fdatasync(databaseFile) }
                    if failing { logger.notice("WAL checkpoints resumed") }
                    failing = false
                } catch {
                    // Another process's checkpoint in progress is SQLITE_BUSY: the next round retries.
                    if !failing { logger.warning("WAL checkpoint failed: \(error); the writer's own checkpoint remains") }
                    failing = true
                }
            }
            control.finished.signal()
        }
        thread.name = "wal-checkpointer"
        thread.start()
    }

    /// Gives the writer's connection SQLite's automatic checkpoint back and stops the thread
    /// (after its current checkpoint).
    public func stop() {
        let wasRunning = control.stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard wasRunning else { return }
        // After this the hook (and its unretained context) is never called again.
        writer.writeWithoutTransaction { db in
            _ = sqlite3_wal_autocheckpoint(db.sqliteConnection, 1_000)
        }
        control.wakeUp.signal()
        control.finished.wait()
    }

    /// ``stop()`` off the caller's thread: it waits for the writer's connection and for a
    /// checkpoint in progress, which must not hold an event loop (services stop from tasks).
    public func shutdown() async {
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.stop()
                finished.resume()
            }
        }
    }

    deinit { stop() }
}

extension SQLiteSessionStore {
    /// Starts a ``WALCheckpointer`` on this file, driven by this process's writes; the writer
    /// restarts the WAL itself once it holds `maximumWALBytes` (in the file's pages).
    public func startBackgroundCheckpoints(maximumWALBytes: Int = WALCheckpointer.defaultMaximumWALBytes,
                                           logger: Logger) throws(SessionStoreError) -> WALCheckpointer {
        let pageSize: Int
        do {
            pageSize = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } ?? 4096
        } catch {
            throw .database(String(describing: error))
        }
        return try startBackgroundCheckpoints(
            writerCheckpointPages: WALCheckpointer.pages(maximumWALBytes: maximumWALBytes, pageSize: pageSize),
            wakeEveryPages: WALCheckpointer.wakeEveryPages, syncEveryPages: WALSyncPacer.pages(pageSize: pageSize), logger: logger)
    }

    /// The same with other thresholds (tests).
    func startBackgroundCheckpoints(writerCheckpointPages: Int32, wakeEveryPages: Int32, syncEveryPages: Int32 = 1,
                                    logger: Logger) throws(SessionStoreError) -> WALCheckpointer {
        do {
            return try WALCheckpointer(writer: pool, path: path, writerCheckpointPages: writerCheckpointPages,
                                       wakeEveryPages: wakeEveryPages, syncEveryPages: syncEveryPages, logger: logger)
        } catch {
            throw .database(String(describing: error))
        }
    }
}
