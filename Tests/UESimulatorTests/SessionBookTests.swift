import NIOCore
import NIOPosix
import RADIUS
@testable import UESimulator
import XCTest

/// Holding phones share timers per tick: every wait still ends at (never before) its deadline, and
/// waits due in the same tick all end.
final class SessionBookTests: XCTestCase {
    private func book() -> SessionBook {
        SessionBook(responder: DisconnectResponder(secret: Array("s".utf8), nasIPAddress: IPv4Address(127, 0, 0, 1),
                                                   nasIdentifier: "ue-sim-ap"))
    }

    func testWaitsInOneTickAndInLaterTicksAllEndAtTheirDeadline() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let book = book()
        let start = NIODeadline.now()
        let deadlines = [start + .milliseconds(20), start + .milliseconds(20), start + .milliseconds(40)]
        try await withThrowingTaskGroup(of: (Int, SessionBook.WaitResult, NIODeadline).self) { tasks in
            for (index, deadline) in deadlines.enumerated() {
                tasks.addTask {
                    let result = await book.wait(sessionID: "S\(index)", until: deadline, on: loop)
                    return (index, result, .now())
                }
            }
            for try await (index, result, ended) in tasks {
                XCTAssertEqual(result, .deadline)
                XCTAssertGreaterThanOrEqual(ended, deadlines[index])
                XCTAssertLessThan(ended, deadlines[index] + .milliseconds(500))
            }
        }
    }
}
