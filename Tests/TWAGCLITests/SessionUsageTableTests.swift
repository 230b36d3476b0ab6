import Foundation
import SessionStore
import TWAGCLI
import XCTest

final class SessionUsageTableTests: XCTestCase {
    func testFormats() {
        XCTAssertEqual(SessionUsageTable.duration(314), "5m 14s")
        XCTAssertEqual(SessionUsageTable.duration(8 * 3600 + 27 * 60 + 5), "8h 27m")
        XCTAssertEqual(SessionUsageTable.duration(42), "42s")
        XCTAssertEqual(SessionUsageTable.duration(2 * 86_400 + 3 * 3600), "2d 3h")
        XCTAssertEqual(SessionUsageTable.bytes(193_320_000), "193.32 MB")
        XCTAssertEqual(SessionUsageTable.bytes(999), "999 B")
        XCTAssertEqual(SessionUsageTable.bytes(6_000_000_000), "6.00 GB")
    }

    func testRendersTheStoreRows() async throws {
        let directory = NSTemporaryDirectory() + "twag-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteSessionStore(path: directory + "/twag.sqlite")
        let accepted = Date(timeIntervalSince1970: 1_700_000_000)
        func session(_ sessionClass: String, station: String) -> SessionWrite {
            .authorized(AuthorizedSession(
                sessionClass: sessionClass, imsi: "001010000000001", userName: "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org",
                callingStationID: station, calledStationID: "64-D9-89-1D-A4-20:ONS", nasIP: "10.7.15.72", nasIdentifier: nil,
                clientIP: "10.7.15.72", frontendID: "fe-1", servingHSS: nil, hssRegistered: false, acceptedAt: accepted))
        }
        var stop = AccountingEntry(receivedAt: accepted.addingTimeInterval(400), frontendID: "fe-1", clientIP: "10.7.15.72",
                                   statusType: AccountingStatus.stop.rawValue, fingerprint: [1])
        stop.sessionClass = "twag:a"
        stop.acctSessionID = "00000010"
        stop.sessionTime = 314
        stop.outputOctets = 193_320_000
        stop.inputOctets = 427_730_000
        stop.terminateCauseName = "User-Request"
        _ = try await store.commit([session("twag:a", station: "86-81-69-A7-B4-B2"), session("twag:b", station: "86-81-69-A7-B4-B3"),
                                    .accounting(stop)])
        let text = SessionUsageTable.render(try await store.recentSessions(), now: accepted.addingTimeInterval(60))
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "2 Sessions  1 Active  ↓ 193.32 MB / ↑ 427.73 MB")
        XCTAssertTrue(lines[1].hasPrefix("SESSION ID"))
        let ended = try XCTUnwrap(lines.first { $0.hasPrefix("00000010") })
        XCTAssertTrue(ended.contains("86-81-69-A7-B4-B2"))
        XCTAssertTrue(ended.contains("64-D9-89-1D-A4-20:ONS"))
        XCTAssertTrue(ended.contains("ended (User-Request)"))
        XCTAssertTrue(ended.contains("5m 14s"))
        XCTAssertTrue(ended.contains("↓ 193.32 MB / ↑ 427.73 MB"))
        let active = try XCTUnwrap(lines.first { $0.hasPrefix("twag:b") })
        XCTAssertTrue(active.contains("active"))
        XCTAssertTrue(active.contains("1m 0s"))
    }
}
