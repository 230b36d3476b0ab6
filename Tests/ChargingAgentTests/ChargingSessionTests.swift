import ChargingAgent
import Diameter
import Foundation
import XCTest

/// The Gy client state machine with virtual time: each test is one behaviour an operator relies on,
/// including the edge cases that make other gateways give free data or hammer the OCS.
final class ChargingSessionTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let online = ChargingPolicy(mode: .online, quotaTiers: [1_000, 5_000, 10_000], thresholdPercent: 80)

    func cca(_ request: ChargingRequest, result: UInt32 = 2001, serviceResult: UInt32? = 2001, granted: UInt64? = nil,
             validity: UInt32? = nil, vqt: UInt32? = nil, final: Bool = false, seconds: UInt32? = nil,
             handling: CreditControlAnswer.FailureHandling? = nil, noService: Bool = false) -> CreditControlAnswer {
        CreditControlAnswer(
            sessionID: "s", resultCode: result, requestType: request.kind.requestType, requestNumber: request.number,
            failureHandling: handling,
            services: noService ? [] : [.init(resultCode: serviceResult, ratingGroup: 100, grantedOctets: granted,
                                              grantedSeconds: seconds, validityTime: validity, volumeQuotaThreshold: vqt,
                                              finalUnitAction: final ? .terminate : nil)])
    }

    func sent(_ actions: [ChargingAction], file: StaticString = #filePath, line: UInt = #line) -> ChargingRequest? {
        let requests = actions.compactMap { action -> ChargingRequest? in
            if case .send(let r, _) = action { return r }
            return nil
        }
        XCTAssertLessThanOrEqual(requests.count, 1, "one request at a time", file: file, line: line)
        return requests.first
    }

    /// A session admitted with `granted` octets.
    func admitted(granted: UInt64 = 1_000, validity: UInt32? = nil, vqt: UInt32? = nil, final: Bool = false,
                  policy: ChargingPolicy? = nil) throws -> ChargingSession {
        let policy = policy ?? online
        var s = ChargingSession(mode: policy.mode, failureHandling: policy.failureHandling)
        let ccrI = try XCTUnwrap(sent(s.start(policy: policy, now: t0)))
        XCTAssertEqual(ccrI.kind, .initial)
        XCTAssertEqual(ccrI.number, 0)
        let actions = s.answer(cca(ccrI, granted: granted, validity: validity, vqt: vqt, final: final), ratingGroup: 100,
                               policy: policy, now: t0)
        XCTAssertTrue(actions.contains { if case .authorize = $0 { return true } else { return false } }, "\(actions)")
        return s
    }

    func testInitialAsksFirstTierAndAdmitsWithTheGrant() throws {
        var s = ChargingSession(mode: .online, failureHandling: .terminate)
        let ccrI = try XCTUnwrap(sent(s.start(policy: online, now: t0)))
        XCTAssertEqual(ccrI.requested, .octets(1_000))
        XCTAssertNil(ccrI.used)
        let actions = s.answer(cca(ccrI, granted: 1_000, validity: 600, seconds: 300), ratingGroup: 100, policy: online, now: t0)
        XCTAssertEqual(actions, [.authorize(ChargingAuthorization(grantedOctets: 1_000, validityTime: 600, sessionTimeout: 300))])
        XCTAssertEqual(s.phase, .active)
        XCTAssertEqual(s.decision, .authorized(ChargingAuthorization(grantedOctets: 1_000, validityTime: 600, sessionTimeout: 300)))
    }

    func testThresholdAsksNextTierAndReportsExactDelta() throws {
        var s = try admitted()
        XCTAssertEqual(s.usage(UsageSnapshot(inputOctets: 100, outputOctets: 600, seconds: 10), ended: false, policy: online,
                               now: t0), [])
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(inputOctets: 100, outputOctets: 700, seconds: 20), ended: false,
                                              policy: online, now: t0)))
        XCTAssertEqual(ccrU.kind, .update)
        XCTAssertEqual(ccrU.number, 1)
        XCTAssertEqual(ccrU.requested, .octets(5_000))
        XCTAssertEqual(ccrU.used, UsageSnapshot(inputOctets: 100, outputOctets: 700, seconds: 20))
        XCTAssertEqual(ccrU.reportingReason, CreditControlRequest.ReportingReason.threshold.rawValue)
        // Usage while the CCR-U is out: nothing more is sent.
        XCTAssertEqual(s.usage(UsageSnapshot(inputOctets: 100, outputOctets: 950, seconds: 30), ended: false, policy: online,
                               now: t0), [])
        XCTAssertEqual(s.answer(cca(ccrU, granted: 5_000), ratingGroup: 100, policy: online, now: t0), [])
        XCTAssertEqual(s.grant?.base, 800, "the new grant counts from what the CCR-U reported")
        XCTAssertEqual(s.grant?.limit, 5_800)
        // The next report carries only what was not reported before, and then the last tier repeats.
        let ccrU2 = try XCTUnwrap(sent(s.usage(UsageSnapshot(inputOctets: 100, outputOctets: 4_900, seconds: 40),
                                               ended: false, policy: online, now: t0)))
        XCTAssertEqual(ccrU2.used, UsageSnapshot(inputOctets: 0, outputOctets: 4_200, seconds: 20))
        XCTAssertEqual(ccrU2.requested, .octets(10_000))
        _ = s.answer(cca(ccrU2, granted: 10_000), ratingGroup: 100, policy: online, now: t0)
        let ccrT = try XCTUnwrap(sent(s.usage(UsageSnapshot(inputOctets: 150, outputOctets: 5_000, seconds: 41), ended: true,
                                              policy: online, now: t0)))
        XCTAssertEqual(ccrT.kind, .termination)
        XCTAssertEqual(ccrT.used, UsageSnapshot(inputOctets: 50, outputOctets: 100, seconds: 1))
        XCTAssertEqual(ccrT.terminationCause, CreditControlRequest.TerminationCause.logout.rawValue)
        XCTAssertEqual(s.answer(cca(ccrT, noService: true), ratingGroup: 100, policy: online, now: t0), [.close])
        XCTAssertTrue(s.isClosed)
        XCTAssertEqual(s.reported, UsageSnapshot(inputOctets: 150, outputOctets: 5_000, seconds: 41))
    }

    func testVolumeQuotaThresholdFromTheOCSWinsOverThePercentage() throws {
        var s = try admitted(granted: 1_000, vqt: 100)
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 850), ended: false, policy: online, now: t0), [])
        XCTAssertNotNil(sent(s.usage(UsageSnapshot(outputOctets: 900), ended: false, policy: online, now: t0)))
    }

    func testExhaustedQuotaWithoutMoreCreditDisconnectsOnce() throws {
        var s = try admitted()
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 1_200), ended: false, policy: online, now: t0)))
        XCTAssertEqual(ccrU.reportingReason, CreditControlRequest.ReportingReason.quotaExhausted.rawValue)
        XCTAssertEqual(s.answer(cca(ccrU, serviceResult: 4012), ratingGroup: 100, policy: online, now: t0),
                       [.disconnect(cause: .creditLimitReached)])
        XCTAssertEqual(s.phase, .blocked)
        // More interim updates: no CCR-U storm, no second disconnect.
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 1_500), ended: false, policy: online, now: t0), [])
        let ccrT = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 1_600), ended: true, policy: online, now: t0)))
        XCTAssertEqual(ccrT.used?.totalOctets, 400)
        XCTAssertEqual(ccrT.terminationCause, CreditControlRequest.TerminationCause.serviceNotProvided.rawValue)
    }

    func testFinalUnitsAreUsedThenDisconnectAndNeverFlap() throws {
        var s = try admitted(granted: 1_000, final: true)
        // Past the threshold in the final-unit state: no CCR-U (it would only get the same answer).
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 900), ended: false, policy: online, now: t0), [])
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 1_000), ended: false, policy: online, now: t0),
                       [.disconnect(cause: .finalUnitsUsed)])
        for extra in [1_100, 1_200, 1_300] as [UInt64] {
            XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: extra), ended: false, policy: online, now: t0), [])
        }
        XCTAssertEqual(sent(s.usage(UsageSnapshot(outputOctets: 1_300), ended: true, policy: online, now: t0))?.kind,
                       .termination)
    }

    func testInitialAnswerWithFinalUnitsAndNoQuotaIsARejectThatClosesTheOCSSession() throws {
        var s = ChargingSession(mode: .online, failureHandling: .terminate)
        let ccrI = try XCTUnwrap(sent(s.start(policy: online, now: t0)))
        let actions = s.answer(cca(ccrI, granted: 0, final: true), ratingGroup: 100, policy: online, now: t0)
        XCTAssertEqual(actions.first, .deny(ChargingDenial(resultCode: 4012, reason: "no_quota")))
        let ccrT = try XCTUnwrap(sent(actions))
        XCTAssertEqual(ccrT.kind, .termination)
        XCTAssertEqual(ccrT.used, .zero)
        // FUI with no Granted-Service-Unit at all reads the same.
        var t = ChargingSession(mode: .online, failureHandling: .terminate)
        let i2 = try XCTUnwrap(sent(t.start(policy: online, now: t0)))
        XCTAssertEqual(t.answer(cca(i2, final: true), ratingGroup: 100, policy: online, now: t0).first,
                       .deny(ChargingDenial(resultCode: 4012, reason: "no_quota")))
    }

    func testRefusedAtInitialIsDeniedWithoutCCRT() throws {
        for (result, reason) in [(UInt32(4012), "credit_limit_reached"), (4010, "service_denied"), (5030, "user_unknown")] {
            var s = ChargingSession(mode: .authorizeOnly, failureHandling: .terminate)
            let policy = ChargingPolicy(mode: .authorizeOnly)
            let ccrI = try XCTUnwrap(sent(s.start(policy: policy, now: t0)))
            XCTAssertEqual(ccrI.requested, .none, "authorize-only asks for no units")
            XCTAssertEqual(s.answer(cca(ccrI, result: result, noService: true), ratingGroup: 100, policy: policy, now: t0),
                           [.deny(ChargingDenial(resultCode: result, reason: reason)), .close])
        }
    }

    func testAuthorizeOnlyNeverUpdatesAndReportsAtTheEnd() throws {
        let policy = ChargingPolicy(mode: .authorizeOnly)
        var s = try admitted(granted: 10, validity: 1, policy: policy)
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 1_000_000), ended: false, policy: policy, now: t0), [])
        XCTAssertEqual(s.tick(policy: policy, now: t0.addingTimeInterval(3_600)), [])
        XCTAssertEqual(s.reAuthorize(policy: policy, now: t0), [])
        let ccrT = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 2_000_000), ended: true, policy: policy, now: t0)))
        XCTAssertEqual(ccrT.kind, .termination)
        XCTAssertEqual(ccrT.number, 1)
        XCTAssertEqual(ccrT.used?.totalOctets, 2_000_000)
    }

    func testValidityTimeTriggersUpdateEvenInTheFinalUnitState() throws {
        var s = try admitted(granted: 1_000, validity: 60, final: true)
        XCTAssertEqual(s.nextDeadline, t0.addingTimeInterval(60))
        XCTAssertEqual(s.tick(policy: online, now: t0.addingTimeInterval(59)), [])
        let ccrU = try XCTUnwrap(sent(s.tick(policy: online, now: t0.addingTimeInterval(60))))
        XCTAssertEqual(ccrU.reportingReason, CreditControlRequest.ReportingReason.validityTime.rawValue)
        // A top-up meanwhile: a normal grant ends the final-unit state.
        _ = s.answer(cca(ccrU, granted: 5_000, validity: 60), ratingGroup: 100, policy: online, now: t0.addingTimeInterval(60))
        XCTAssertEqual(s.grant?.isFinal, false)
        XCTAssertEqual(s.grant?.validUntil, t0.addingTimeInterval(120))
    }

    func testANewGrantWithALifetimeAsksForACoAWithTheNewSessionTimeout() throws {
        var s = try admitted(granted: 1_000, validity: 300)
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 900), ended: false, policy: online, now: t0)))
        XCTAssertEqual(s.answer(cca(ccrU, granted: 5_000, validity: 600, seconds: 900), ratingGroup: 100, policy: online,
                                now: t0), [.changeSessionTimeout(seconds: 600)])
        // Validity-Time 0 and no CC-Time: nothing to change.
        let ccrU2 = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 5_000), ended: false, policy: online, now: t0)))
        XCTAssertEqual(s.answer(cca(ccrU2, granted: 5_000, validity: 0), ratingGroup: 100, policy: online, now: t0), [])
    }

    func testValidityTimeZeroIsNoTimeLimitNotALoop() throws {
        var s = try admitted(granted: 1_000, validity: 0)
        XCTAssertNil(s.grant?.validUntil)
        XCTAssertNil(s.nextDeadline)
        XCTAssertEqual(s.tick(policy: online, now: t0.addingTimeInterval(86_400)), [])
    }

    func testServerChoosesTheSlice() throws {
        let policy = ChargingPolicy(mode: .online, quotaTiers: [1_000], serverChoosesSlice: true)
        var s = ChargingSession(mode: .online, failureHandling: .terminate)
        let ccrI = try XCTUnwrap(sent(s.start(policy: policy, now: t0)))
        XCTAssertEqual(ccrI.requested, .serverChooses)
        _ = s.answer(cca(ccrI, granted: 777_777), ratingGroup: 100, policy: policy, now: t0)
        XCTAssertEqual(s.grant?.octets, 777_777)
        XCTAssertEqual(sent(s.usage(UsageSnapshot(outputOctets: 700_000), ended: false, policy: policy, now: t0))?.requested,
                       .serverChooses)
    }

    func testRARAfterTopUpRestoresAZeroQuotaSession() throws {
        var s = try admitted()
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 1_000), ended: false, policy: online, now: t0)))
        XCTAssertEqual(s.answer(cca(ccrU, serviceResult: 4012), ratingGroup: 100, policy: online, now: t0),
                       [.disconnect(cause: .creditLimitReached)])
        // The AP could not disconnect (no Dynamic Authorization); the subscriber tops up and the OCS sends RAR.
        let rar = try XCTUnwrap(s.reAuthorize(policy: online, now: t0))
        let ccrU2 = try XCTUnwrap(sent(rar))
        XCTAssertEqual(ccrU2.reportingReason, CreditControlRequest.ReportingReason.forcedReauthorisation.rawValue)
        XCTAssertEqual(s.answer(cca(ccrU2, granted: 5_000), ratingGroup: 100, policy: online, now: t0), [])
        XCTAssertEqual(s.phase, .active, "service restored")
        // And a later exhaustion disconnects again.
        let ccrU3 = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 6_000), ended: false, policy: online, now: t0)))
        XCTAssertEqual(s.answer(cca(ccrU3, serviceResult: 4012), ratingGroup: 100, policy: online, now: t0),
                       [.disconnect(cause: .creditLimitReached)])
    }

    func testRARWhileARequestIsPendingFollowsItsAnswer() throws {
        var s = try admitted()
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 900), ended: false, policy: online, now: t0)))
        XCTAssertEqual(s.reAuthorize(policy: online, now: t0), [])
        let next = try XCTUnwrap(sent(s.answer(cca(ccrU, granted: 5_000), ratingGroup: 100, policy: online, now: t0)))
        XCTAssertEqual(next.reportingReason, CreditControlRequest.ReportingReason.forcedReauthorisation.rawValue)
        XCTAssertEqual(next.number, 2)
    }

    func testASRDisconnectsThenTerminatesWithFinalUsage() throws {
        var s = try admitted()
        XCTAssertEqual(s.abort(policy: online, now: t0), [.disconnect(cause: .abortedByOCS)])
        let ccrT = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 300), ended: true, policy: online, now: t0)))
        XCTAssertEqual(ccrT.terminationCause, CreditControlRequest.TerminationCause.administrative.rawValue)
        _ = s.answer(cca(ccrT, noService: true), ratingGroup: 100, policy: online, now: t0)
        XCTAssertNil(s.abort(policy: online, now: t0), "a closed session is unknown: 5002")
        XCTAssertNil(s.reAuthorize(policy: online, now: t0))
    }

    func testSilentOCSOnUpdateWithTerminateDisconnectsAndKeepsRetryingTheSameRequest() throws {
        var s = try admitted()
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 1_100), ended: false, policy: online, now: t0)))
        XCTAssertEqual(s.failed(policy: online, now: t0), [.disconnect(cause: .ocsUnreachable)])
        // Quota is exhausted and the OCS is silent: no new grant appears from anywhere.
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 5_000), ended: false, policy: online, now: t0), [])
        XCTAssertEqual(s.tick(policy: online, now: t0.addingTimeInterval(1)), [])
        XCTAssertEqual(s.tick(policy: online, now: t0.addingTimeInterval(2)), [.send(ccrU, retransmission: true)])
        XCTAssertEqual(s.failed(policy: online, now: t0.addingTimeInterval(3)), [], "one disconnect only")
        XCTAssertEqual(s.nextDeadline, t0.addingTimeInterval(7), "backoff doubles")
        // The OCS comes back and answers the retransmission: usage then continues from there.
        XCTAssertEqual(s.tick(policy: online, now: t0.addingTimeInterval(7)), [.send(ccrU, retransmission: true)])
        _ = s.answer(cca(ccrU, granted: 5_000), ratingGroup: 100, policy: online, now: t0.addingTimeInterval(7))
        XCTAssertEqual(s.reported.totalOctets, 1_100)
        let ccrT = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 5_000), ended: true, policy: online, now: t0)))
        XCTAssertEqual(ccrT.used?.totalOctets, 3_900)
    }

    func testContinueKeepsServiceWithoutTheOCSAndReportsLater() throws {
        let policy = ChargingPolicy(mode: .online, quotaTiers: [1_000], failureHandling: .continue)
        var s = ChargingSession(mode: .online, failureHandling: .continue)
        let ccrI = try XCTUnwrap(sent(s.start(policy: policy, now: t0)))
        XCTAssertEqual(s.failed(policy: policy, now: t0),
                       [.authorize(ChargingAuthorization(grantedOctets: nil, validityTime: nil, sessionTimeout: nil, degraded: true))])
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 50_000), ended: false, policy: policy, now: t0), [])
        XCTAssertEqual(s.tick(policy: policy, now: t0.addingTimeInterval(2)), [.send(ccrI, retransmission: true)])
        // The late CCA-I does not re-answer aaa-core; the quota then applies to all usage so far.
        let next = try XCTUnwrap(sent(s.answer(cca(ccrI, granted: 1_000), ratingGroup: 100, policy: policy, now: t0)))
        XCTAssertEqual(next.kind, .update)
        XCTAssertEqual(next.used?.totalOctets, 50_000)
    }

    func testTerminateOnUnansweredInitialDeniesAndLaterClosesTheOCSSession() throws {
        var s = ChargingSession(mode: .online, failureHandling: .terminate)
        let ccrI = try XCTUnwrap(sent(s.start(policy: online, now: t0)))
        XCTAssertEqual(s.failed(policy: online, now: t0), [.deny(ChargingDenial(resultCode: 0, reason: "ocs_unreachable"))])
        XCTAssertEqual(s.tick(policy: online, now: t0.addingTimeInterval(2)), [.send(ccrI, retransmission: true)])
        let ccrT = try XCTUnwrap(sent(s.answer(cca(ccrI, granted: 1_000), ratingGroup: 100, policy: online, now: t0)))
        XCTAssertEqual(ccrT.kind, .termination)
        XCTAssertEqual(ccrT.used, .zero)
        // Without any answer it is given up after the configured attempts.
        var u = ChargingSession(mode: .online, failureHandling: .terminate)
        _ = u.start(policy: online, now: t0)
        _ = u.failed(policy: online, now: t0)
        _ = u.failed(policy: online, now: t0)
        XCTAssertEqual(u.failed(policy: online, now: t0), [.close])
    }

    func testOCSOverridesFailureHandlingAndProtocolErrorsAreRetried() throws {
        var s = try admitted()
        let ccrU = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 900), ended: false, policy: online, now: t0)))
        _ = s.answer(cca(ccrU, granted: 1_000, handling: .continue), ratingGroup: 100, policy: online, now: t0)
        XCTAssertEqual(s.failureHandling, .continue)
        let ccrU2 = try XCTUnwrap(sent(s.usage(UsageSnapshot(outputOctets: 1_900), ended: false, policy: online, now: t0)))
        // 3004 TOO_BUSY is no answer: retried, and with CONTINUE the service goes on.
        XCTAssertEqual(s.answer(cca(ccrU2, result: 3004, noService: true), ratingGroup: 100, policy: online, now: t0), [])
        XCTAssertEqual(s.pending, ccrU2)
        XCTAssertNotNil(s.nextDeadline)
    }

    func testNotApplicableAdmitsAndSendsNothingMore() throws {
        var s = ChargingSession(mode: .online, failureHandling: .terminate)
        let ccrI = try XCTUnwrap(sent(s.start(policy: online, now: t0)))
        XCTAssertEqual(s.answer(cca(ccrI, result: 4011, noService: true), ratingGroup: 100, policy: online, now: t0),
                       [.authorize(ChargingAuthorization(grantedOctets: nil, validityTime: nil, sessionTimeout: nil))])
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 1 << 40), ended: false, policy: online, now: t0), [])
        XCTAssertEqual(s.usage(UsageSnapshot(outputOctets: 1 << 40), ended: true, policy: online, now: t0), [.close])
    }

    func testARestartDuringAuthorizationFollowsWhetherTheSubscriberWasAccepted() throws {
        // Not accepted: the CCA-I, whatever it says, only closes the OCS session.
        var lost = ChargingSession(mode: .online, failureHandling: .terminate)
        let ccrI = try XCTUnwrap(sent(lost.start(policy: online, now: t0)))
        lost.resumed(accepted: false)
        XCTAssertEqual(lost.phase, .abandoned)
        let ccrT = try XCTUnwrap(sent(lost.answer(cca(ccrI, granted: 1_000), ratingGroup: 100, policy: online, now: t0)))
        XCTAssertEqual(ccrT.kind, .termination)
        // Accepted before the crash: the grant applies to the running session, and a refusal ends it.
        var running = ChargingSession(mode: .online, failureHandling: .terminate)
        let i2 = try XCTUnwrap(sent(running.start(policy: online, now: t0)))
        running.resumed(accepted: true)
        XCTAssertEqual(running.answer(cca(i2, granted: 1_000), ratingGroup: 100, policy: online, now: t0), [])
        XCTAssertEqual(running.grant?.octets, 1_000)
        var refused = ChargingSession(mode: .online, failureHandling: .terminate)
        let i3 = try XCTUnwrap(sent(refused.start(policy: online, now: t0)))
        refused.resumed(accepted: true)
        XCTAssertEqual(refused.answer(cca(i3, result: 4012, noService: true), ratingGroup: 100, policy: online, now: t0),
                       [.disconnect(cause: .creditLimitReached), .close])
    }

    func testStateSurvivesItsStoredFormWithItsPendingRequest() throws {
        var s = try admitted(validity: 30)
        _ = s.usage(UsageSnapshot(inputOctets: 5, outputOctets: 900, seconds: 9), ended: false, policy: online, now: t0)
        _ = s.reAuthorize(policy: online, now: t0)
        let restored = try ChargingSession(storedForm: s.storedForm())
        XCTAssertEqual(restored, s)
        XCTAssertNotNil(restored.pending)
        // Every other state the tests reach encodes and decodes to itself too.
        var denied = ChargingSession(mode: .authorizeOnly, failureHandling: .continue)
        _ = denied.start(policy: ChargingPolicy(mode: .authorizeOnly), now: t0)
        _ = denied.failed(policy: ChargingPolicy(mode: .authorizeOnly, failureHandling: .terminate), now: t0)
        XCTAssertEqual(try ChargingSession(storedForm: denied.storedForm()), denied)
        var blocked = try admitted(final: true)
        _ = blocked.usage(UsageSnapshot(outputOctets: 2_000), ended: false, policy: online, now: t0)
        _ = blocked.abort(policy: online, now: t0)
        XCTAssertEqual(try ChargingSession(storedForm: blocked.storedForm()), blocked)
    }

    func testAStoredFormThatIsCutOrForeignIsATypedError() throws {
        let bytes = try admitted(validity: 30).storedForm()
        for cut in 0..<bytes.count {
            XCTAssertThrowsError(try ChargingSession(storedForm: Array(bytes[..<cut])))
        }
        var future = bytes
        future[0] = 99
        XCTAssertThrowsError(try ChargingSession(storedForm: future)) {
            XCTAssertEqual($0 as? ChargingStateDecodingError, .unknownVersion(99))
        }
        XCTAssertThrowsError(try ChargingSession(storedForm: bytes + [0]))
    }
}
