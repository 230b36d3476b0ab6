import Foundation
@testable import ServiceSupport
import XCTest

/// Log lines are stamped by integer arithmetic: the same text as Foundation's ISO 8601 format style
/// (milliseconds, UTC), which is what operators' log tooling was written against.
final class LogTimestampTests: XCTestCase {
    func testSameTextAsFoundationsISO8601Style() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
                     Date(timeIntervalSince1970: 1_796_362_212.875), Date(timeIntervalSince1970: 4_102_444_799.5)]
        for _ in 0..<20_000 {
            // Eighths of a second, exact in binary: the style truncates a double just below a whole
            // millisecond (…731.9999) where this formatter rounds to it first; not what is compared.
            dates.append(Date(timeIntervalSince1970: Double(generator.next(upperBound: UInt64(4_102_444_800 * 8))) / 8))
        }
        for date in dates {
            XCTAssertEqual(TWAGLogHandler.timestamp(date), date.formatted(style), "\(date.timeIntervalSince1970)")
        }
    }

    /// The calendar arithmetic itself is checked against GRDB's formatter (StoredTimestampTests).
    func testTruncatesToTheMillisecond() {
        XCTAssertEqual(TWAGLogHandler.timestamp(Date(timeIntervalSince1970: 1_764_835_200.123_9)), "2025-12-04T08:00:00.123Z")
    }
}
