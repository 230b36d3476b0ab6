import XCTest
@testable import HSSSimulator

/// The registration table alone: who holds a registration, and when (and how often) its RTR is due.
final class RegistrationTableTests: XCTestCase {
    private let t0 = ContinuousClock.now
    private let imsi = "001010000000001"

    func testRegisterRecordsTheAAAServerWithoutRTRByDefault() {
        var table = SWxRegistrationTable()
        let r = table.register(imsi: imsi, aaaHost: "aaa1.lab", aaaRealm: "lab", now: t0, terminateAfter: nil)
        XCTAssertEqual(r, SWxRegistration(aaaHost: "aaa1.lab", aaaRealm: "lab"))
        XCTAssertEqual(table[imsi], r)
        XCTAssertNil(table.nextTerminationDue)
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .seconds(3600)), [], "nothing armed, nothing due")
        XCTAssertEqual(table[imsi], r, "an unarmed registration stays")
    }

    func testDeregistrationByTheHolderClearsCaseInsensitively() {
        var table = SWxRegistrationTable()
        let r = table.register(imsi: imsi, aaaHost: "aaa1.lab", aaaRealm: "lab", now: t0, terminateAfter: .seconds(1))
        XCTAssertEqual(table.deregister(imsi: imsi, aaaHost: "AAA1.Lab"), .cleared(r))
        XCTAssertNil(table[imsi])
        XCTAssertEqual(table.deregister(imsi: imsi, aaaHost: "aaa1.lab"), .notRegistered, "repeat is harmless")
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .seconds(2)), [], "the RTR went with the registration")
    }

    func testDeregistrationByAnotherServerLeavesTheRegistration() {
        var table = SWxRegistrationTable()
        let r = table.register(imsi: imsi, aaaHost: "aaa1.lab", aaaRealm: "lab", now: t0, terminateAfter: nil)
        XCTAssertEqual(table.deregister(imsi: imsi, aaaHost: "aaa2.lab"), .registeredElsewhere(r))
        XCTAssertEqual(table[imsi], r)
        XCTAssertEqual(table.deregister(imsi: "001010000000002", aaaHost: "aaa1.lab"), .notRegistered)
    }

    func testRTRIsDueOnlyAfterTheDelayAndOnlyOnce() {
        var table = SWxRegistrationTable()
        let r = table.register(imsi: imsi, aaaHost: "aaa1.lab", aaaRealm: "lab", now: t0,
                               terminateAfter: .milliseconds(500))
        XCTAssertEqual(r.terminationDue, t0 + .milliseconds(500))
        XCTAssertEqual(table.nextTerminationDue, t0 + .milliseconds(500))
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .milliseconds(499)), [])
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .milliseconds(500)),
                       [SWxTerminationDue(imsi: imsi, registration: r)])
        XCTAssertNil(table[imsi], "cleared when the RTR is handed out")
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .seconds(10)), [], "once per REGISTRATION")
    }

    func testReRegistrationArmsANewRTRAndReplacesTheHolder() {
        var table = SWxRegistrationTable()
        table.register(imsi: imsi, aaaHost: "aaa1.lab", aaaRealm: "lab", now: t0, terminateAfter: .seconds(1))
        let again = table.register(imsi: imsi, aaaHost: "aaa2.lab", aaaRealm: "lab2", now: t0 + .milliseconds(800),
                                   terminateAfter: .seconds(1))
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .seconds(1)), [], "the first timer no longer counts")
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .milliseconds(1800)),
                       [SWxTerminationDue(imsi: imsi, registration: again)])
        XCTAssertEqual(again.aaaHost, "aaa2.lab")
        XCTAssertEqual(again.aaaRealm, "lab2")
    }

    func testSeveralDueRTRsComeOutEarliestFirst() {
        var table = SWxRegistrationTable()
        table.register(imsi: "3", aaaHost: "a", aaaRealm: "r", now: t0, terminateAfter: .milliseconds(30))
        table.register(imsi: "2", aaaHost: "a", aaaRealm: "r", now: t0, terminateAfter: .milliseconds(10))
        table.register(imsi: "1", aaaHost: "a", aaaRealm: "r", now: t0, terminateAfter: .milliseconds(10))
        table.register(imsi: "4", aaaHost: "a", aaaRealm: "r", now: t0, terminateAfter: .seconds(10))
        XCTAssertEqual(table.takeDueTerminations(now: t0 + .milliseconds(30)).map(\.imsi), ["1", "2", "3"])
        XCTAssertEqual(table.entries.keys.sorted(), ["4"])
    }
}
