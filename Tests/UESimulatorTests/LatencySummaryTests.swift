import XCTest

@testable import UESimulator

final class LatencySummaryTests: XCTestCase {
    func testNearestRankOnOneToHundred() {
        let summary = LatencySummary(samples: (1...100).map(Double.init).shuffled())
        XCTAssertEqual(summary.count, 100)
        XCTAssertEqual(summary.p50, 50)
        XCTAssertEqual(summary.p90, 90)
        XCTAssertEqual(summary.p99, 99)
        XCTAssertEqual(summary.max, 100)
        XCTAssertEqual(summary.mean, 50.5, accuracy: 1e-9)
    }

    func testSmallAndEmptySamples() {
        XCTAssertEqual(LatencySummary(samples: []), LatencySummary(samples: []))
        XCTAssertEqual(LatencySummary(samples: []).p99, 0)
        let one = LatencySummary(samples: [7])
        XCTAssertEqual([one.p50, one.p90, one.p99, one.max], [7, 7, 7, 7])
        // Nearest rank on 4 samples: p50 is the 2nd, p90 and p99 the 4th.
        let four = LatencySummary(samples: [4, 1, 3, 2])
        XCTAssertEqual(four.p50, 2)
        XCTAssertEqual(four.p90, 4)
        XCTAssertEqual(four.p99, 4)
        // 1000 samples: p99 is the 990th value, not the maximum.
        let thousand = LatencySummary(samples: (1...1000).map(Double.init))
        XCTAssertEqual(thousand.p99, 990)
        XCTAssertEqual(thousand.p90, 900)
    }

    func testPercentileNeverLeavesTheSamples() {
        let sorted: [Double] = [1, 2, 3]
        XCTAssertEqual(LatencySummary.percentile(0, ofSorted: sorted), 1)
        XCTAssertEqual(LatencySummary.percentile(1, ofSorted: sorted), 3)
        XCTAssertEqual(LatencySummary.percentile(1.5, ofSorted: sorted), 3)
    }
}
