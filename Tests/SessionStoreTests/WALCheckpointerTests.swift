import Foundation
import GRDB
import Logging
@testable import SessionStore
import XCTest

/// The frontend's WAL checkpoints run beside the session writer: frames reach the database file
/// without the writer's own (now rare) automatic checkpoint.
final class WALCheckpointerTests: XCTestCase {
    func testFramesReachTheDatabaseFileWithoutTheWritersCheckpoint() async throws {
        let directory = NSTemporaryDirectory() + "twag-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/twag.sqlite"
        let store = try SQLiteSessionStore(path: path)
        let checkpointer = try store.startBackgroundCheckpoints(logger: Logger(label: "test"))
        defer { checkpointer.stop() }
        // SQLite reports no automatic checkpoint once its hook is replaced by the checkpointer's.
        let automatic = try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        XCTAssertEqual(automatic, 0)

        let initialSize = try fileSize(path)
        let commit = try XCTUnwrap(store.blockingCommit)
        var writes: [SessionWrite] = (0..<200).map { .authorized(session("twag:ckpt-\($0)")) }
        _ = try commit(writes)
        for round in 0..<60 {
            writes = (0..<200).map { i in
                .accounting(accounting(.interimUpdate, class: "twag:ckpt-\(i)", output: UInt64(round * 1_000 + i),
                                       fingerprint: "ckpt-\(round)-\(i)"))
            }
            _ = try commit(writes)
        }
        // ≈ 4,500 WAL frames: the writer's hook woke the thread (every 2,048), well under the
        // writer's own threshold (SQLite's 1,000 is replaced). Pages reach the database file, which
        // only a checkpoint writes, before the thread's idle round (1 s) would have.
        let deadline = ContinuousClock.now + .milliseconds(800)
        while try fileSize(path) <= initialSize, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertGreaterThan(try fileSize(path), initialSize + 100_000)
        let records = try await store.accountingRecordCount()
        XCTAssertEqual(records, 12_000)
    }

    /// The backstop: at its threshold the writer checkpoints itself and the WAL starts over.
    func testTheWriterCheckpointsItselfAtTheBackstop() async throws {
        let directory = NSTemporaryDirectory() + "twag-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/twag.sqlite"
        let store = try SQLiteSessionStore(path: path)
        // The thread is never woken and its idle round is 1 s: only the writer can checkpoint here.
        let checkpointer = try store.startBackgroundCheckpoints(writerCheckpointPages: 300, wakeEveryPages: 1_000_000,
                                                                logger: Logger(label: "test"))
        defer { checkpointer.stop() }
        let initialSize = try fileSize(path)
        let commit = try XCTUnwrap(store.blockingCommit)
        _ = try commit((0..<200).map { .authorized(session("twag:back-\($0)")) })
        for round in 0..<20 {
            _ = try commit((0..<200).map { i in
                .accounting(accounting(.interimUpdate, class: "twag:back-\(i)", output: UInt64(round * 1_000 + i),
                                       fingerprint: "back-\(round)-\(i)"))
            })
        }
        XCTAssertGreaterThan(try fileSize(path), initialSize + 100_000, "checkpointed by the writer, at once")
        XCTAssertLessThan(try fileSize(path + "-wal"), 400 * 2_100, "the WAL started over instead of growing")
    }

    /// The writer's checkpoint at the ceiling often finds the thread's own checkpoint running and
    /// gets SQLITE_BUSY. The commit before it is durable all the same: the hook must not turn that
    /// into a failed COMMIT (the frontend would withhold the answer of a stored record).
    func testABusyCheckpointAtTheCeilingDoesNotFailTheCommit() async throws {
        let directory = NSTemporaryDirectory() + "twag-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteSessionStore(path: directory + "/twag.sqlite")
        // Past 40 pages the writer checkpoints after every commit while the thread, woken every
        // page, checkpoints beside it: the two collide many times.
        let checkpointer = try store.startBackgroundCheckpoints(writerCheckpointPages: 40, wakeEveryPages: 1,
                                                                logger: Logger(label: "test"))
        defer { checkpointer.stop() }
        let commit = try XCTUnwrap(store.blockingCommit)
        _ = try commit((0..<50).map { .authorized(session("twag:busy-\($0)")) })
        for round in 0..<1_500 {
            let i = round % 50
            XCTAssertNoThrow(try commit([.accounting(accounting(.interimUpdate, class: "twag:busy-\(i)",
                                                                 output: UInt64(round), fingerprint: "busy-\(round)"))]),
                             "commit \(round)")
        }
        let records = try await store.accountingRecordCount()
        XCTAssertEqual(records, 1_500)
    }

    /// The thread wakes every 2,048 new pages, then every 128 on the last 2,048 before the ceiling,
    /// and again from the start once the WAL has started over.
    func testTheThreadRunsInShortRoundsBeforeTheCeiling() {
        let control = WALCheckpointer.Control(writerCheckpointPages: 10_000, wakeEveryPages: 2_048)
        XCTAssertFalse(control.shouldWake(walPages: 1_000))
        XCTAssertTrue(control.shouldWake(walPages: 2_048))
        XCTAssertFalse(control.shouldWake(walPages: 4_000))
        XCTAssertTrue(control.shouldWake(walPages: 4_096))
        XCTAssertTrue(control.shouldWake(walPages: 7_960), "on the last stretch")
        XCTAssertFalse(control.shouldWake(walPages: 8_000))
        XCTAssertTrue(control.shouldWake(walPages: 8_088))
        XCTAssertTrue(control.shouldWake(walPages: 8_216))
        XCTAssertTrue(control.shouldWake(walPages: 50), "the WAL started over")
        XCTAssertFalse(control.shouldWake(walPages: 178))
        XCTAssertTrue(control.shouldWake(walPages: 2_098))
    }

    /// `database_wal_max_mib` in the file's own pages (2 KiB for new files, 4 KiB for older ones),
    /// never below two wake-ups of the thread.
    func testTheCeilingIsCountedInTheFilesPages() {
        XCTAssertEqual(WALCheckpointer.pages(maximumWALBytes: 512 << 20, pageSize: 2048), 262_144)
        XCTAssertEqual(WALCheckpointer.pages(maximumWALBytes: 512 << 20, pageSize: 4096), 131_072)
        XCTAssertEqual(WALCheckpointer.pages(maximumWALBytes: 16 << 20, pageSize: 2048), 8_192)
        XCTAssertEqual(WALCheckpointer.pages(maximumWALBytes: 1 << 20, pageSize: 2048), 2 * WALCheckpointer.wakeEveryPages)
    }

    func testStopEndsTheThreadAndIsIdempotent() async throws {
        let directory = NSTemporaryDirectory() + "twag-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteSessionStore(path: directory + "/twag.sqlite")
        let checkpointer = try store.startBackgroundCheckpoints(logger: Logger(label: "test"))
        await checkpointer.shutdown()
        checkpointer.stop()
        // SQLite's automatic checkpoint is back on the writer: its default threshold applies again.
        let commit = try XCTUnwrap(store.blockingCommit)
        _ = try commit((0..<200).map { .authorized(session("twag:after-\($0)")) })
        let pages = try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        XCTAssertEqual(pages, 1_000)
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
