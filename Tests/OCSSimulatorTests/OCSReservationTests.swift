import Diameter
import OCSSimulator
import XCTest

/// Reservations across sessions, the last units, closed and reopened sessions, duplicates of every type.
final class OCSReservationTests: XCTestCase {
    func testSessionsShareTheBalanceThroughReservations() {
        var l = OCSFixture.ledger(balance: 2_500)
        XCTAssertEqual(l.answer(OCSFixture.ccr(.initial, 0, session: "s1")).services.first?.grantedOctets, 1_000)
        XCTAssertEqual(l.answer(OCSFixture.ccr(.initial, 0, session: "s2")).services.first?.grantedOctets, 1_000)
        XCTAssertEqual(l.account?.reserved, 2_000)
        XCTAssertEqual(l.account?.available, 500)
        let last = l.answer(OCSFixture.ccr(.initial, 0, session: "s3"))
        XCTAssertEqual(last.services.first?.grantedOctets, 500, "min(asked, available)")
        XCTAssertEqual(last.services.first?.finalUnitAction, .terminate, "the last units")
        let refused = l.answer(OCSFixture.ccr(.initial, 0, session: "s4"))
        XCTAssertEqual(refused.resultCode, 4012)
        XCTAssertEqual(refused.services, [], "no MSCC with a top-level refusal")
        XCTAssertNil(l.sessions["s4"], "a refused CCR-I opens nothing")

        // s1 ends having used 200 of its 1000: 800 come back, 200 are debited.
        XCTAssertEqual(l.answer(OCSFixture.ccr(.termination, 1, session: "s1", input: 150, output: 50)).resultCode, 2001)
        XCTAssertEqual(l.account?.balance, 2_300)
        XCTAssertEqual(l.account?.reserved, 1_500)
        XCTAssertEqual(l.account?.used, 200)
        let again = l.answer(OCSFixture.ccr(.initial, 0, session: "s5"))
        XCTAssertEqual(again.services.first?.grantedOctets, 800)
        XCTAssertEqual(again.services.first?.finalUnitAction, .terminate)
    }

    func testAFullGrantLeavingCreditHasNoFinalUnits() {
        var l = OCSFixture.ledger(balance: 10_000, behaviour: OCSBehaviour(finalUnitsBelowOctets: 3_000))
        var low = l
        XCTAssertEqual(low.answer(OCSFixture.ccr(.initial, 0, requested: .octets(8_000))).services.first?.finalUnitAction,
                       .terminate, "2,000 left, under --fui-below-octets: the final grant")
        let i = l.answer(OCSFixture.ccr(.initial, 0, requested: .octets(6_000)))
        XCTAssertEqual(i.services.first?.grantedOctets, 6_000)
        XCTAssertNil(i.services.first?.finalUnitAction, "4,000 left: not final")
        XCTAssertEqual(i.services.first?.resultCode, 2001)
        XCTAssertEqual(i.services.first?.ratingGroup, 100, "echoed")
        XCTAssertEqual(i.services.first?.serviceIdentifier, 7, "echoed")
        XCTAssertNil(i.services.first?.validityTime, "none unless --validity-time")
        XCTAssertNil(i.services.first?.volumeQuotaThreshold, "none unless --volume-quota-threshold")
    }

    func testThresholdBelowTheGrantIsSentAsIs() {
        var l = OCSFixture.ledger(behaviour: OCSBehaviour(validityTime: 30, volumeQuotaThreshold: 200))
        let i = l.answer(OCSFixture.ccr(.initial, 0))
        XCTAssertEqual(i.services.first?.volumeQuotaThreshold, 200)
        XCTAssertEqual(i.services.first?.validityTime, 30)
    }

    func testClosedSessionIsUnknownToUpdatesAndTerminations() {
        var l = OCSFixture.ledger()
        _ = l.answer(OCSFixture.ccr(.initial, 0))
        _ = l.answer(OCSFixture.ccr(.termination, 1, output: 10))
        XCTAssertEqual(l.answer(OCSFixture.ccr(.update, 2, output: 10)).resultCode, 5002)
        XCTAssertEqual(l.answer(OCSFixture.ccr(.termination, 2, output: 10)).resultCode, 5002)
        XCTAssertEqual(l.sessions["s1"]?.used, 10, "nothing applied to a closed session")
        XCTAssertEqual(l.account?.reserved, 0)
    }

    func testDuplicatesOfEveryTypeAreAnsweredIdenticallyAndAppliedOnce() {
        var l = OCSFixture.ledger()
        let i = l.answer(OCSFixture.ccr(.initial, 0))
        let u = l.answer(OCSFixture.ccr(.update, 1, input: 100, output: 300, reason: .threshold))
        let t = l.answer(OCSFixture.ccr(.termination, 2, output: 50, reason: .final))
        let balance = l.account?.balance
        XCTAssertEqual(l.answer(OCSFixture.ccr(.termination, 2, output: 50, reason: .final)), t,
                       "a CCR-T retransmitted after the session closed")
        XCTAssertEqual(l.answer(OCSFixture.ccr(.update, 1, input: 100, output: 300, reason: .threshold)), u)
        XCTAssertEqual(l.answer(OCSFixture.ccr(.initial, 0)), i)
        XCTAssertEqual(l.account?.balance, balance)
        XCTAssertEqual(l.account?.balance, 10_000 - 450)
        XCTAssertEqual(l.account?.reserved, 0)
        XCTAssertEqual(l.sessions["s1"]?.used, 450)
        XCTAssertEqual(l.sessions["s1"]?.requests, 3, "duplicates are not requests")
        XCTAssertEqual(l.sessions["s1"]?.open, false)
        XCTAssertEqual(l.duplicates, 3)
        XCTAssertEqual(l.events.map(\.duplicate), [false, false, false, true, true, true])
        XCTAssertEqual(l.events.last?.result, 2001)
    }

    func testRefusalsAreRepeatedForTheirRetransmissionsToo() {
        var l = OCSFixture.ledger(balance: 0)
        XCTAssertEqual(l.answer(OCSFixture.ccr(.initial, 0)).resultCode, 4012)
        l.accounts[OCSFixture.imsi]?.balance = 5_000
        XCTAssertEqual(l.answer(OCSFixture.ccr(.initial, 0)).resultCode, 4012, "the answer already given, not a new one")
        XCTAssertEqual(l.duplicates, 1)
    }

    func testUpdateNumbersMustGoForward() {
        var l = OCSFixture.ledger()
        _ = l.answer(OCSFixture.ccr(.initial, 0))
        _ = l.answer(OCSFixture.ccr(.update, 1, output: 100))
        _ = l.answer(OCSFixture.ccr(.update, 2, output: 100))
        XCTAssertEqual(l.answer(OCSFixture.ccr(.termination, 1, output: 100)).resultCode, 5012,
                       "a number below the last, never answered for this type")
        XCTAssertEqual(l.sessions["s1"]?.used, 200)
        XCTAssertEqual(l.answer(OCSFixture.ccr(.termination, 3, output: 100)).resultCode, 2001)
        XCTAssertEqual(l.sessions["s1"]?.used, 300)
    }

    func testSessionIdOpenedAgainGivesItsOldGrantBack() {
        var l = OCSFixture.ledger(balance: 1_500)
        _ = l.answer(OCSFixture.ccr(.initial, 0))
        _ = l.answer(OCSFixture.ccr(.update, 1, output: 200))
        XCTAssertEqual(l.account?.reserved, 1_000)
        let reopened = l.answer(OCSFixture.ccr(.initial, 5))
        XCTAssertEqual(reopened.services.first?.grantedOctets, 1_000, "the old 1000 were released before granting")
        XCTAssertEqual(l.account?.reserved, 1_000)
        XCTAssertEqual(l.sessions["s1"]?.used, 200, "usage applied before stays counted")
    }

    func testUsageAboveTheBalanceEmptiesItWithoutWrapping() {
        var l = OCSFixture.ledger(balance: 1_000)
        _ = l.answer(OCSFixture.ccr(.initial, 0))
        let u = l.answer(OCSFixture.ccr(.update, 1, input: 900, output: 900))
        XCTAssertEqual(l.account?.balance, 0)
        XCTAssertEqual(l.sessions["s1"]?.used, 1_800, "the ledger keeps what was reported")
        XCTAssertEqual(u.resultCode, 2001)
        XCTAssertEqual(u.services.first?.resultCode, 4012)
        XCTAssertEqual(u.services.first?.hasGrant, false)
        XCTAssertEqual(l.sessions["s1"]?.open, true, "the session stays for a top-up")
    }
}
