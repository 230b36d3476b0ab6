import Foundation
import OCSSimulator
import XCTest

/// The ledger's JSON names (Services/ocs-sim/README.md): the charging tests and `twag up` read them.
final class OCSLedgerJSONTests: XCTestCase {
    func testShapeAndNames() throws {
        var l = OCSFixture.ledger()
        _ = l.answer(OCSFixture.ccr(.initial, 0))
        _ = l.answer(OCSFixture.ccr(.update, 1, input: 100, output: 200, reason: .threshold))
        _ = l.answer(OCSFixture.ccr(.update, 1, input: 100, output: 200, reason: .threshold))
        l.recordServerRequest("RAR", session: "s1", result: 2001, now: OCSFixture.now)
        let object = try OCSFixture.object(l.json())

        let subscriber = try XCTUnwrap((object["subscribers"] as? [String: Any])?[OCSFixture.imsi] as? [String: Any])
        XCTAssertEqual(subscriber["balance_octets"] as? Int, 9_700)
        XCTAssertEqual(subscriber["reserved_octets"] as? Int, 1_000)
        XCTAssertEqual(subscriber["used_octets"] as? Int, 300)

        let session = try XCTUnwrap((object["sessions"] as? [String: Any])?["s1"] as? [String: Any])
        XCTAssertEqual(session["imsi"] as? String, OCSFixture.imsi)
        XCTAssertEqual(session["open"] as? Bool, true)
        XCTAssertEqual(session["used_input_octets"] as? Int, 100)
        XCTAssertEqual(session["used_output_octets"] as? Int, 200)
        XCTAssertEqual(session["used_octets"] as? Int, 300)
        XCTAssertEqual(session["granted_octets"] as? Int, 2_000)
        XCTAssertEqual(session["requests"] as? Int, 2)

        let events = try XCTUnwrap(object["events"] as? [[String: Any]])
        XCTAssertEqual(events.compactMap { $0["type"] as? String }, ["CCR-I", "CCR-U", "CCR-U", "RAR"])
        XCTAssertEqual(events[0]["granted_octets"] as? Int, 1_000)
        XCTAssertNil(events[0]["used_octets"], "a CCR-I reports no usage")
        XCTAssertEqual(events[1]["used_octets"] as? Int, 300)
        XCTAssertEqual(events[1]["reporting_reason"] as? Int, 0)
        XCTAssertEqual(events[1]["number"] as? Int, 1)
        XCTAssertEqual(events[1]["session"] as? String, "s1")
        XCTAssertEqual(events[1]["imsi"] as? String, OCSFixture.imsi)
        XCTAssertEqual(events[1]["result"] as? Int, 2001)
        XCTAssertEqual(events.map { $0["duplicate"] as? Bool }, [false, false, true, false])
        XCTAssertEqual(events[0]["at"] as? String, "2023-11-14T22:13:20.000Z")
        XCTAssertEqual(events[3]["result"] as? Int, 2001)
        XCTAssertEqual(object["duplicates"] as? Int, 1)
    }

    func testEventsAreBoundedAndDropsCounted() throws {
        var l = OCSFixture.ledger(balance: 1_000_000)
        l.maximumEvents = 10
        _ = l.answer(OCSFixture.ccr(.initial, 0))
        for n in 1...20 { _ = l.answer(OCSFixture.ccr(.update, UInt32(n), output: 1)) }
        XCTAssertLessThanOrEqual(l.events.count, 10)
        XCTAssertEqual(l.events.count + l.eventsDropped, 21)
        XCTAssertEqual(l.sessions["s1"]?.used, 20, "sessions stay complete")
        XCTAssertEqual(try OCSFixture.object(l.json())["events_dropped"] as? Int, l.eventsDropped)
    }
}
