import Foundation
@testable import SessionStore
import XCTest

/// The batch encoding sent to PostgreSQL, read back by an independent JSON parser.
final class JSONRowsWriterTests: XCTestCase {
    func testRowsParseBackWithTheirValues() throws {
        var writer = JSONRowsWriter()
        writer.startRow()
        writer.add("text", "plain ascii")
        writer.add("hostile", "q\"b\\s\u{1}\u{1F}\u{0}é📶")
        writer.add("missing", String?.none)
        writer.add("big", Int64.max)
        writer.add("negative", Int64(-42))
        writer.add("clamped", UInt64.max)
        writer.add("at", Date(timeIntervalSince1970: 1_700_000_000.123456))
        writer.add("before", Date(timeIntervalSince1970: -1.5))
        writer.addHex("bytes", [0x00, 0x7F, 0xFF])
        writer.startRow()
        writer.add("n", UInt32(7))
        let data = Data(writer.json.utf8)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        XCTAssertEqual(rows.count, 2)
        let first = rows[0]
        XCTAssertEqual(first["text"] as? String, "plain ascii")
        XCTAssertEqual(first["hostile"] as? String, "q\"b\\s\u{1}\u{1F}\u{FFFD}é📶", "NUL becomes U+FFFD")
        XCTAssertNil(first["missing"])
        XCTAssertTrue(writer.json.contains("\"big\":9223372036854775807"), writer.json)
        XCTAssertEqual(first["negative"] as? Int, -42)
        XCTAssertTrue(writer.json.contains("\"clamped\":9223372036854775807"), writer.json)
        XCTAssertTrue(writer.json.contains("\"at\":1700000000.123456"), writer.json)
        XCTAssertEqual(first["before"] as? Double, -1.5)
        XCTAssertEqual(first["bytes"] as? String, "007fff")
        XCTAssertEqual(rows[1]["n"] as? Int, 7)
    }

    func testAnEmptyBatchIsAnEmptyArray() {
        XCTAssertEqual(JSONRowsWriter().json, "[]")
    }
}
