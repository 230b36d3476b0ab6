@testable import SessionStore
import XCTest

/// The session writer's gathering rule: wait only while writes arrive back to back, never past the
/// oldest write's deadline, never for a full batch.
final class GroupCommitWindowTests: XCTestCase {
    private let window = GroupCommitWindow(delayNanoseconds: 500_000, maximumBatch: 512)
    private let now: UInt64 = 10_000_000_000

    func testBusyWriterWaitsUntilTheOldestWriteIsDelayOld() {
        XCTAssertEqual(window.wait(now: now, lastCommitEnd: now - 300_000, lastBatchSize: 3,
                                   firstQueuedAt: now - 100_000, pending: 2), 400_000)
    }

    func testAWriteAlreadyOlderThanTheDelayCommitsAtOnce() {
        XCTAssertEqual(window.wait(now: now, lastCommitEnd: now - 300_000, lastBatchSize: 3,
                                   firstQueuedAt: now - 600_000, pending: 9), 0)
    }

    func testALoneWriteOnAQuietWriterCommitsAtOnce() {
        // The last commit ended long ago: nothing suggests others are coming.
        XCTAssertEqual(window.wait(now: now, lastCommitEnd: now - 50_000_000, lastBatchSize: 40,
                                   firstQueuedAt: now - 10_000, pending: 1), 0)
        // No commit yet.
        XCTAssertEqual(window.wait(now: now, lastCommitEnd: 0, lastBatchSize: 0, firstQueuedAt: now, pending: 1), 0)
    }

    func testSingleWriteTransactionsMeanNoConcurrencyToGather() {
        XCTAssertEqual(window.wait(now: now, lastCommitEnd: now - 100_000, lastBatchSize: 1,
                                   firstQueuedAt: now - 10_000, pending: 1), 0)
    }

    func testAFullBatchCommitsAtOnce() {
        XCTAssertEqual(window.wait(now: now, lastCommitEnd: now - 100_000, lastBatchSize: 512,
                                   firstQueuedAt: now - 10_000, pending: 512), 0)
    }

    func testZeroDelayNeverWaits() {
        let off = GroupCommitWindow(delayNanoseconds: 0, maximumBatch: 512)
        XCTAssertEqual(off.wait(now: now, lastCommitEnd: now - 100_000, lastBatchSize: 30,
                                firstQueuedAt: now - 10_000, pending: 5), 0)
    }
}
