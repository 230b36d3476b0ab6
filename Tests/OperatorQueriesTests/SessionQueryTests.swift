import Foundation
import OperatorQueries
import SessionStore
import XCTest

final class SessionQueryTests: XCTestCase {
    func refusal(_ parameters: [String: String]) -> String? {
        do {
            _ = try SessionQuery(parameters: parameters)
            return nil
        } catch {
            return error.description
        }
    }

    func testFiltersAreReadAndChecked() throws {
        let query = try SessionQuery(parameters: [
            "imsi": "001010000000001", "ap": "AA-BB-CC-DD-EE-FF", "state": "live", "since": "2026-12-04T10:00:00Z",
            "until": "2026-12-04T11:00:00.500Z", "limit": "20", "offset": "40",
        ])
        XCTAssertEqual(query.filter.imsi, "001010000000001")
        XCTAssertEqual(query.filter.accessPoint, "AA-BB-CC-DD-EE-FF")
        XCTAssertEqual(query.filter.liveness, .live)
        XCTAssertEqual(query.filter.since?.timeIntervalSince1970, 1_796_378_400)
        XCTAssertEqual(query.limit, 20)
        XCTAssertEqual(query.offset, 40)
        XCTAssertEqual(try SessionQuery(parameters: [:]).limit, 100)
    }

    func testHostileParametersAreRefusedWithTheirName() {
        XCTAssertEqual(refusal(["imsi": "1' OR '1'='1"]), "imsi: must be 6 to 15 digits")
        XCTAssertEqual(refusal(["imsi": String(repeating: "1", count: 16)]), "imsi: must be 6 to 15 digits")
        XCTAssertEqual(refusal(["ap": String(repeating: "a", count: 65)]), "ap: must be 1 to 64 printable ASCII characters")
        XCTAssertEqual(refusal(["ap": "a b"]), "ap: must be 1 to 64 printable ASCII characters")
        XCTAssertEqual(refusal(["ap": "ä"]), "ap: must be 1 to 64 printable ASCII characters")
        XCTAssertEqual(refusal(["state": "all"]), "state: must be live or ended")
        XCTAssertEqual(refusal(["since": "yesterday"]), "since: must be an RFC 3339 time such as 2026-12-04T10:00:00Z")
        XCTAssertEqual(refusal(["since": "2026-12-04T11:00:00Z", "until": "2026-12-04T10:00:00Z"]), "until: must be after since")
        XCTAssertEqual(refusal(["limit": "0"]), "limit: must be an integer in 1...1000")
        XCTAssertEqual(refusal(["limit": "99999999999999999999"]), "limit: must be an integer in 1...1000")
        XCTAssertEqual(refusal(["offset": "-1"]), "offset: must be an integer in 0...10000000")
        XCTAssertEqual(refusal(["drop": "table"]), "drop: unknown parameter")
    }
}
