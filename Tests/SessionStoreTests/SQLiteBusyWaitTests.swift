import Foundation
import GRDB
import XCTest

@testable import SessionStore

final class SQLiteBusyWaitTests: XCTestCase {
    func testShortPollsFirstThenMillisecondsUntilAboutFiveSeconds() {
        XCTAssertEqual(SQLiteBusyWait.pause(afterTries: 0), 100, "a short transaction ahead costs a tenth of a millisecond")
        XCTAssertEqual(SQLiteBusyWait.pause(afterTries: 19), 100)
        XCTAssertEqual(SQLiteBusyWait.pause(afterTries: 20), 1_000)
        var waited = 0
        var tries = 0
        while let pause = SQLiteBusyWait.pause(afterTries: tries) {
            waited += Int(pause)
            tries += 1
        }
        XCTAssertEqual(waited, 5_000_000, "the same budget as the former busy_timeout of 5 s")
        XCTAssertNil(SQLiteBusyWait.pause(afterTries: tries + 1), "once given up, always given up")
    }

    /// Another process's transaction is waited out, not failed: a second pool on the same file
    /// holds the write lock for 300 ms while the store commits.
    func testAWriteWaitsForAnotherConnectionsTransaction() async throws {
        let directory = NSTemporaryDirectory() + "twag-busy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/twag.sqlite"
        let store = try SQLiteSessionStore(path: path)
        let other = try SharedDatabaseFile.openPool(path: path, synchronous: .normal)
        let holding = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        Thread {
            try? other.write { db in
                try db.execute(sql: "UPDATE sessions SET imsi = imsi")
                holding.signal()
                Thread.sleep(forTimeInterval: 0.3)
            }
            released.signal()
        }.start()
        holding.wait()
        let commit = try XCTUnwrap(store.blockingCommit)
        let began = ContinuousClock.now
        let results = try commit([.authorized(AuthorizedSession(
            sessionClass: "twag:busy", imsi: "001010000000001", userName: "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org",
            callingStationID: nil, calledStationID: nil, nasIP: nil, nasIdentifier: nil, clientIP: "127.0.0.1",
            frontendID: "fe", servingHSS: nil, hssRegistered: false, acceptedAt: Date()))])
        XCTAssertGreaterThan(ContinuousClock.now - began, .milliseconds(100), "it waited for the other transaction")
        guard case .authorized(let id)? = results.first else { return XCTFail("\(results)") }
        XCTAssertGreaterThan(id, 0)
        released.wait()
    }
}
