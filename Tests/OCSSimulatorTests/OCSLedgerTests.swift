import Diameter
import Foundation
import OCSSimulator
import XCTest

/// The lab OCS's rules, which the charging tests rely on as their oracle.
final class OCSLedgerTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func ccr(_ type: CreditControlRequest.RequestType, _ number: UInt32, session: String = "s1",
             imsi: String = "001010000000001", requested: CreditControlRequest.RequestedUnits = .octets(1_000),
             input: UInt64 = 0, output: UInt64 = 0, totalOnly: Bool = false) -> CreditControlRequest {
        CreditControlRequest(
            sessionID: session, originHost: "gy.twag", originRealm: "twag", destinationRealm: "lab",
            serviceContextID: "32251@3gpp.org", requestType: type, requestNumber: number, imsi: imsi,
            eventTimestamp: 0, ratingGroup: 100, requested: type == .termination ? .none : requested,
            used: type == .initial ? nil : .init(inputOctets: input, outputOctets: output, seconds: 1, reason: nil))
    }

    func ledger(balance: UInt64 = 10_000, behaviour: OCSBehaviour = OCSBehaviour()) -> OCSLedger {
        OCSLedger(accounts: [OCSAccount(imsi: "001010000000001", balance: balance)], behaviour: behaviour)
    }

    func testGrantsReservesAndDebitsExactly() {
        var l = ledger()
        let i = l.handle(ccr(.initial, 0), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(i.resultCode, 2001)
        XCTAssertEqual(i.services.first?.grantedOctets, 1_000)
        XCTAssertEqual(i.services.first?.ratingGroup, 100)
        XCTAssertEqual(l.accounts["001010000000001"]?.reserved, 1_000)
        let u = l.handle(ccr(.update, 1, input: 100, output: 700), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(u.services.first?.grantedOctets, 1_000)
        XCTAssertEqual(l.accounts["001010000000001"]?.balance, 9_200)
        XCTAssertEqual(l.accounts["001010000000001"]?.reserved, 1_000)
        let t = l.handle(ccr(.termination, 2, output: 50), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(t.resultCode, 2001)
        XCTAssertEqual(l.accounts["001010000000001"]?.balance, 9_150)
        XCTAssertEqual(l.accounts["001010000000001"]?.reserved, 0)
        XCTAssertEqual(l.sessions["s1"]?.used, 850)
        XCTAssertEqual(l.sessions["s1"]?.open, false)
        XCTAssertEqual(l.events.map(\.type), ["CCR-I", "CCR-U", "CCR-T"])
    }

    func testDuplicatesGetTheSameAnswerAndAreAppliedOnce() {
        var l = ledger()
        _ = l.handle(ccr(.initial, 0), originHost: "ocs", originRealm: "lab", now: now)
        let first = l.handle(ccr(.update, 1, output: 500), originHost: "ocs", originRealm: "lab", now: now)
        let again = l.handle(ccr(.update, 1, output: 500), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(first, again)
        XCTAssertEqual(l.sessions["s1"]?.used, 500)
        XCTAssertEqual(l.duplicates, 1)
        XCTAssertEqual(l.handle(ccr(.update, 0, output: 1), originHost: "ocs", originRealm: "lab", now: now).resultCode, 5012,
                       "an old number never seen as an update")
    }

    func testEmptyBalanceRefusesAtInitialAndStopsGrantingAtUpdate() {
        var empty = ledger(balance: 0)
        XCTAssertEqual(empty.handle(ccr(.initial, 0), originHost: "ocs", originRealm: "lab", now: now).resultCode, 4012)
        var l = ledger(balance: 1_500)
        let i = l.handle(ccr(.initial, 0), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertNil(i.services.first?.finalUnitAction)
        let u = l.handle(ccr(.update, 1, output: 1_000), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(u.services.first?.grantedOctets, 500)
        XCTAssertEqual(u.services.first?.finalUnitAction, .terminate, "the last units")
        let u2 = l.handle(ccr(.update, 2, output: 500), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(u2.resultCode, 2001)
        XCTAssertEqual(u2.services.first?.resultCode, 4012)
        XCTAssertNil(u2.services.first?.grantedOctets)
        // Top-up: the same session gets credit again.
        l.accounts["001010000000001"]?.balance += 5_000
        XCTAssertEqual(l.handle(ccr(.update, 3), originHost: "ocs", originRealm: "lab", now: now).services.first?.grantedOctets,
                       1_000)
    }

    func testUnknownSessionAndSubscriberAndEvent() {
        var l = ledger()
        XCTAssertEqual(l.handle(ccr(.update, 1), originHost: "ocs", originRealm: "lab", now: now).resultCode, 5002)
        XCTAssertEqual(l.handle(ccr(.termination, 1), originHost: "ocs", originRealm: "lab", now: now).resultCode, 5002)
        XCTAssertEqual(l.handle(ccr(.initial, 0, imsi: "001019999999999"), originHost: "ocs", originRealm: "lab", now: now)
            .resultCode, 5030)
        XCTAssertEqual(l.handle(ccr(.event, 0), originHost: "ocs", originRealm: "lab", now: now).resultCode, 5012)
    }

    func testDefaultSliceValidityThresholdAndFinalUnits() {
        var l = ledger(balance: 10_000, behaviour: OCSBehaviour(defaultGrantOctets: 4_000, validityTime: 0,
                                                              volumeQuotaThreshold: 9_999, finalUnitsBelowOctets: 3_000))
        let i = l.handle(ccr(.initial, 0, requested: .serverChooses), originHost: "ocs", originRealm: "lab", now: now)
        XCTAssertEqual(i.services.first?.grantedOctets, 4_000)
        XCTAssertEqual(i.services.first?.validityTime, 0, "0 is sent as 0")
        XCTAssertEqual(i.services.first?.volumeQuotaThreshold, 4_000, "capped to the grant")
        let u = l.handle(ccr(.update, 1, requested: .octets(8_000), output: 4_000), originHost: "ocs", originRealm: "lab",
                         now: now)
        XCTAssertEqual(u.services.first?.grantedOctets, 6_000)
        XCTAssertEqual(u.services.first?.finalUnitAction, .terminate)
    }

    func testBalanceFileErrorsNameTheEntry() {
        XCTAssertEqual(try BalanceFile.parse("subscribers:\n  - imsi: \"001010000000001\"\n    balance_octets: 5\n",
                                             source: "b.yaml").first?.balance, 5)
        for (text, expected) in [
            ("subscribers:\n  - imsi: \"12\"\n    balance_octets: 5\n", "b.yaml: subscribers[0].imsi"),
            ("subscribers:\n  - imsi: \"001010000000001\"\n    balance_octets: -1\n", "subscribers[0].balance_octets"),
            ("subscribers:\n  - imsi: \"001010000000001\"\n    balance: 1\n", "unknown key balance"),
            ("nothing: 1\n", "subscribers:"),
        ] {
            XCTAssertThrowsError(try BalanceFile.parse(text, source: "b.yaml")) {
                XCTAssertTrue("\($0)".contains(expected), "\($0)")
            }
        }
    }

    func testControlRoutes() async throws {
        let service = OCSService(ledger: ledger(), originHost: "ocs", originRealm: "lab", ledgerPath: nil,
                                 logger: .init(label: "test"))
        let control = OCSControl(service: service)
        var r = await control.handle(method: "POST", uri: "/topup?imsi=001010000000001&octets=5")
        XCTAssertEqual(r.status, 200)
        XCTAssertTrue(String(decoding: r.body, as: UTF8.self).contains("10005"))
        r = await control.handle(method: "POST", uri: "/topup?imsi=001010000000001&octets=-5")
        XCTAssertEqual(r.status, 400)
        r = await control.handle(method: "POST", uri: "/topup?imsi=999&octets=5")
        XCTAssertEqual(r.status, 404)
        r = await control.handle(method: "POST", uri: "/faults?silent=1&answer_delay_ms=5")
        XCTAssertEqual(r.status, 200)
        let faults = await service.faults
        XCTAssertEqual(faults, OCSFaults(answerDelayMilliseconds: 5, silent: true))
        r = await control.handle(method: "POST", uri: "/faults?silent=maybe")
        XCTAssertEqual(r.status, 400)
        r = await control.handle(method: "GET", uri: "/ledger")
        let object = try JSONSerialization.jsonObject(with: r.body) as? [String: Any]
        XCTAssertNotNil(object?["subscribers"])
        r = await control.handle(method: "DELETE", uri: "/ledger")
        XCTAssertEqual(r.status, 404)
    }
}
