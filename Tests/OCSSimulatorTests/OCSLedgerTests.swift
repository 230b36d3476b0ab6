import Diameter
import Foundation
import OCSSimulator
import XCTest

/// The lab OCS's rules, which the charging tests rely on as their oracle.
final class OCSLedgerTests: XCTestCase {
    func ccr(_ type: CreditControlRequest.RequestType, _ number: UInt32, imsi: String = OCSFixture.imsi,
             requested: CreditControlRequest.RequestedUnits = .octets(1_000), input: UInt64 = 0,
             output: UInt64 = 0) -> CreditControlRequest {
        OCSFixture.ccr(type, number, imsi: imsi, requested: requested, input: input, output: output)
    }

    func ledger(balance: UInt64 = 10_000, behaviour: OCSBehaviour = OCSBehaviour()) -> OCSLedger {
        OCSFixture.ledger(balance: balance, behaviour: behaviour)
    }

    func testGrantsReservesAndDebitsExactly() {
        var l = ledger()
        let i = l.answer(ccr(.initial, 0))
        XCTAssertEqual(i.resultCode, 2001)
        XCTAssertEqual(i.services.first?.grantedOctets, 1_000)
        XCTAssertEqual(i.services.first?.ratingGroup, 100)
        XCTAssertEqual(l.accounts["001010000000001"]?.reserved, 1_000)
        let u = l.answer(ccr(.update, 1, input: 100, output: 700))
        XCTAssertEqual(u.services.first?.grantedOctets, 1_000)
        XCTAssertEqual(l.accounts["001010000000001"]?.balance, 9_200)
        XCTAssertEqual(l.accounts["001010000000001"]?.reserved, 1_000)
        let t = l.answer(ccr(.termination, 2, output: 50))
        XCTAssertEqual(t.resultCode, 2001)
        XCTAssertEqual(l.accounts["001010000000001"]?.balance, 9_150)
        XCTAssertEqual(l.accounts["001010000000001"]?.reserved, 0)
        XCTAssertEqual(l.sessions["s1"]?.used, 850)
        XCTAssertEqual(l.sessions["s1"]?.open, false)
        XCTAssertEqual(l.events.map(\.type), ["CCR-I", "CCR-U", "CCR-T"])
    }

    func testDuplicatesGetTheSameAnswerAndAreAppliedOnce() {
        var l = ledger()
        _ = l.answer(ccr(.initial, 0))
        let first = l.answer(ccr(.update, 1, output: 500))
        let again = l.answer(ccr(.update, 1, output: 500))
        XCTAssertEqual(first, again)
        XCTAssertEqual(l.sessions["s1"]?.used, 500)
        XCTAssertEqual(l.duplicates, 1)
        XCTAssertEqual(l.answer(ccr(.update, 0, output: 1)).resultCode, 5012, "an old number never seen as an update")
    }

    func testEmptyBalanceRefusesAtInitialAndStopsGrantingAtUpdate() {
        var empty = ledger(balance: 0)
        XCTAssertEqual(empty.answer(ccr(.initial, 0)).resultCode, 4012)
        var l = ledger(balance: 1_500)
        let i = l.answer(ccr(.initial, 0))
        XCTAssertNil(i.services.first?.finalUnitAction)
        let u = l.answer(ccr(.update, 1, output: 1_000))
        XCTAssertEqual(u.services.first?.grantedOctets, 500)
        XCTAssertEqual(u.services.first?.finalUnitAction, .terminate, "the last units")
        let u2 = l.answer(ccr(.update, 2, output: 500))
        XCTAssertEqual(u2.resultCode, 2001)
        XCTAssertEqual(u2.services.first?.resultCode, 4012)
        XCTAssertNil(u2.services.first?.grantedOctets)
        XCTAssertEqual(u2.services.first?.hasGrant, false, "no Granted-Service-Unit at all")
        // Top-up: the same session gets credit again.
        l.accounts["001010000000001"]?.balance += 5_000
        XCTAssertEqual(l.answer(ccr(.update, 3)).services.first?.grantedOctets, 1_000)
    }

    func testUnknownSessionAndSubscriberAndEvent() {
        var l = ledger()
        XCTAssertEqual(l.answer(ccr(.update, 1)).resultCode, 5002)
        XCTAssertEqual(l.answer(ccr(.termination, 1)).resultCode, 5002)
        XCTAssertEqual(l.answer(ccr(.initial, 0, imsi: "001019999999999")).resultCode, 5030)
        XCTAssertEqual(l.answer(ccr(.event, 0)).resultCode, 5012)
    }

    func testDefaultSliceValidityThresholdAndFinalUnits() {
        var l = ledger(balance: 10_000, behaviour: OCSBehaviour(defaultGrantOctets: 4_000, validityTime: 0,
                                                              volumeQuotaThreshold: 9_999, finalUnitsBelowOctets: 3_000))
        let i = l.answer(ccr(.initial, 0, requested: .serverChooses))
        XCTAssertEqual(i.services.first?.grantedOctets, 4_000)
        XCTAssertEqual(i.services.first?.validityTime, 0, "0 is sent as 0")
        XCTAssertEqual(i.services.first?.volumeQuotaThreshold, 4_000, "capped to the grant")
        let u = l.answer(ccr(.update, 1, requested: .octets(8_000), output: 4_000))
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
        r = await control.handle(method: "POST", uri: "/balance?imsi=001010000000001&octets=42")
        XCTAssertEqual(r.status, 200)
        let set = await service.snapshot()
        XCTAssertEqual(set.account?.balance, 42)
        r = await control.handle(method: "POST", uri: "/faults?answer_delay_ms=-1")
        XCTAssertEqual(r.status, 400)
        r = await control.handle(method: "POST", uri: "/rar")
        XCTAssertEqual(r.status, 400)
        r = await control.handle(method: "POST", uri: "/asr?imsi=001019999999999")
        XCTAssertEqual(r.status, 404)
    }
}
