@testable import AAACore
import Logging
import TestSupport
import XCTest

/// A request's context reaches the lines that are written, and costs nothing for the ones dropped.
final class RequestLogTests: XCTestCase {
    func testLinesCarryTheRequestContextAndTheirOwnKeysWin() {
        let store = LogStore()
        var log = RequestLog(store.logger(level: .debug), callingStation: "02-00-00-00-00-01", accessPoint: "10.0.0.1")
        log.debug("before the identity")
        log.imsi = "001010000000001"
        log.warning("vector fetch failed", metadata: ["ap": "overridden"])
        let records = store.records
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].metadata, ["calling_station": "02-00-00-00-00-01", "ap": "10.0.0.1"])
        XCTAssertEqual(records[1].level, .warning)
        XCTAssertEqual(records[1].metadata,
                       ["calling_station": "02-00-00-00-00-01", "ap": "overridden", "imsi": "001010000000001"])
    }

    func testDroppedLinesBuildNothing() {
        let store = LogStore()
        let log = RequestLog(store.logger(level: .notice), callingStation: "02-00-00-00-00-01", accessPoint: nil)
        var built = false
        log.info("Authentication ACCEPTED", metadata: { built = true; return ["imsi": "x"] }())
        log.debug("\(String(describing: { built = true }()))")
        XCTAssertFalse(built)
        XCTAssertTrue(store.records.isEmpty)
        log.notice("EAP message discarded")
        XCTAssertEqual(store.records.map(\.message), ["EAP message discarded"])
        XCTAssertEqual(store.records.first?.metadata, ["calling_station": "02-00-00-00-00-01"])
    }
}
