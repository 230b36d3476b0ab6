import Diameter
import Logging
import XCTest
@testable import HSSSimulator

final class FaultInjectionTests: XCTestCase {
    func testDropperCountsFromOne() {
        var d = RequestDropper(every: 3)
        XCTAssertEqual((1...7).map { _ in d.shouldDrop() }, [false, false, true, false, false, true, false])
        var off = RequestDropper(every: 0)
        XCTAssertFalse((1...10).contains { _ in off.shouldDrop() })
        XCTAssertFalse(FaultInjection.none.isActive)
    }

    func testServiceDropsEveryNthRequest() async throws {
        let service = HSSService(core: try HSSFixture.hss(), persister: nil,
                                 faults: FaultInjection(dropEvery: 2), logger: Logger(label: "t"))
        var answered: [Bool] = []
        for _ in 0..<4 {
            answered.append(await service.handle(HSSFixture.sar(type: 1)) != nil)
        }
        XCTAssertEqual(answered, [true, false, true, false])
    }

    func testAnswerDelayIsApplied() async throws {
        let service = HSSService(core: try HSSFixture.hss(), persister: nil,
                                 faults: FaultInjection(answerDelay: .milliseconds(80)), logger: Logger(label: "t"))
        let start = ContinuousClock.now
        let answer = await service.handle(HSSFixture.sar(type: 1))
        XCTAssertEqual(answer?.resultCode, 2001)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(80))
    }
}
