import Foundation
import GRDB
@testable import SessionStore
import XCTest

/// The fast date binding writes exactly what GRDB's DateFormatter-based one writes.
final class StoredTimestampTests: XCTestCase {
    func testSameTextAsGRDB() {
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
                     Date(timeIntervalSince1970: 1_796_362_212.9996), Date(timeIntervalSince1970: 4_102_444_799.999)]
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double(generator.next(upperBound: UInt64(4_102_444_800_000))) / 1000
                + Double(generator.next(upperBound: UInt64(1000))) / 1_000_000))
        }
        for date in dates {
            XCTAssertEqual(StoredTimestamp(date).databaseValue, date.databaseValue, "\(date.timeIntervalSince1970)")
        }
    }
}
