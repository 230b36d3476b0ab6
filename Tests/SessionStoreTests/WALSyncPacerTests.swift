@testable import SessionStore
import XCTest

final class WALSyncPacerTests: XCTestCase {
    func testSyncsOncePerStretchOfCopiedPages() {
        var pacer = WALSyncPacer(everyPages: 1_000)
        XCTAssertFalse(pacer.copied(through: 400))
        XCTAssertFalse(pacer.copied(through: 999))
        XCTAssertTrue(pacer.copied(through: 1_000))
        XCTAssertFalse(pacer.copied(through: 1_000), "nothing new copied")
        XCTAssertFalse(pacer.copied(through: 1_900))
        XCTAssertTrue(pacer.copied(through: 2_500), "counted from the last sync, not in fixed steps")
        XCTAssertEqual(pacer.syncedThrough, 2_500)
    }

    func testARestartedWALCountsFromZero() {
        var pacer = WALSyncPacer(everyPages: 1_000)
        XCTAssertTrue(pacer.copied(through: 5_000))
        XCTAssertFalse(pacer.copied(through: 300), "the WAL started over: the restart's checkpoint synced")
        XCTAssertTrue(pacer.copied(through: 1_200))
    }

    func testThirtyTwoMebibytesOfTheFilesPages() {
        XCTAssertEqual(WALSyncPacer.pages(pageSize: 2_048), 16_384)
        XCTAssertEqual(WALSyncPacer.pages(pageSize: 4_096), 8_192)
        XCTAssertEqual(WALSyncPacer(everyPages: 0).everyPages, 1)
    }
}
