import Diameter
import Logging
import XCTest
@testable import HSSSimulator

/// `--batch-answers-ms`: answers leave only at ticks, like pyHSS's ~100 ms bursts.
final class AnswerBatchingTests: XCTestCase {
    func testScheduleReleasesAtTheNextTick() throws {
        let s = try XCTUnwrap(AnswerBatchSchedule(interval: .milliseconds(100)))
        XCTAssertEqual(s.release(readyAt: .zero), .milliseconds(100))
        XCTAssertEqual(s.release(readyAt: .milliseconds(1)), .milliseconds(100))
        XCTAssertEqual(s.release(readyAt: .microseconds(99_999)), .milliseconds(100))
        XCTAssertEqual(s.release(readyAt: .milliseconds(100)), .milliseconds(200))
        XCTAssertEqual(s.release(readyAt: .milliseconds(250)), .milliseconds(300))
        XCTAssertEqual(s.release(readyAt: .milliseconds(-5)), .milliseconds(100))
        XCTAssertNil(AnswerBatchSchedule(interval: .zero))
        XCTAssertTrue(FaultInjection(batchInterval: .milliseconds(100)).isActive)
    }

    func testServiceHoldsAnswersUntilTheTickAndReleasesThemTogether() async throws {
        let start = ContinuousClock.now
        let service = HSSService(core: try CxFixture.hss(), persister: nil,
                                 faults: FaultInjection(batchInterval: .milliseconds(300)), logger: Logger(label: "t"))
        let arrivals = await withTaskGroup(of: (Duration, UInt32?).self) { group in
            for _ in 0..<3 {
                group.addTask {
                    let answer = await service.handle(CxFixture.mar())
                    return (ContinuousClock.now - start, answer?.resultCode)
                }
            }
            var all: [(Duration, UInt32?)] = []
            for await a in group { all.append(a) }
            return all
        }
        XCTAssertEqual(arrivals.map(\.1), [2001, 2001, 2001])
        let times = arrivals.map(\.0)
        let first = try XCTUnwrap(times.min())
        let last = try XCTUnwrap(times.max())
        XCTAssertGreaterThanOrEqual(first, .milliseconds(300), "held until the first tick")
        XCTAssertLessThan(last - first, .milliseconds(150), "released in one batch")
    }
}
