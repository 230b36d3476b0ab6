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
        let autocheckpoint = try await store.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        XCTAssertEqual(autocheckpoint, 1_000, "a reader connection keeps SQLite's default; the writer's is raised")
        let writerAutocheckpoint = try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        XCTAssertEqual(writerAutocheckpoint, WALCheckpointer.writerCheckpointPages)

        let initialSize = try fileSize(path)
        let commit = try XCTUnwrap(store.blockingCommit)
        var writes: [SessionWrite] = (0..<200).map { .authorized(session("twag:ckpt-\($0)")) }
        _ = try commit(writes)
        for round in 0..<20 {
            writes = (0..<200).map { i in
                .accounting(accounting(.interimUpdate, class: "twag:ckpt-\(i)", output: UInt64(round * 1_000 + i),
                                       fingerprint: "ckpt-\(round)-\(i)"))
            }
            _ = try commit(writes)
        }
        // ≈ 12,000 WAL frames, well under the writer's threshold: pages reach the database file
        // (which only a checkpoint writes) through the checkpointer alone.
        let deadline = ContinuousClock.now + .seconds(10)
        while try fileSize(path) <= initialSize, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertGreaterThan(try fileSize(path), initialSize + 100_000)
        let records = try await store.accountingRecordCount()
        XCTAssertEqual(records, 4_000)
    }

    func testStopEndsTheThreadAndIsIdempotent() throws {
        let directory = NSTemporaryDirectory() + "twag-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteSessionStore(path: directory + "/twag.sqlite")
        let checkpointer = try store.startBackgroundCheckpoints(logger: Logger(label: "test"))
        checkpointer.stop()
        checkpointer.stop()
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
