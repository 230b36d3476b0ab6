@testable import AAACore
import IPC
import NIOConcurrencyHelpers
import XCTest

/// The CCR-I step before an Accept: what charging decides is what the AP gets.
final class ChargingGateTests: XCTestCase {
    final class FixedCharging: ChargingAuthorizer {
        let gate: ChargingGate
        let seen = NIOLockedValueBox<[IPCChargingAuthorize]>([])
        init(_ gate: ChargingGate) { self.gate = gate }

        func authorize(_ request: IPCChargingAuthorize) async -> ChargingGate {
            seen.withLockedValue { $0.append(request) }
            return gate
        }
    }

    func testAdmittedAcceptCarriesTheTighterLimits() async throws {
        var settings = AAACoreSettings()
        settings.sessionTimeoutSeconds = 3600
        settings.acctInterimIntervalSeconds = 600
        let charging = FixedCharging(.admitted(IPCChargingResult(resultCode: 2001, grantedOctets: 10_000,
                                                                 validityTime: 300, sessionTimeout: 300,
                                                                 acctInterimInterval: 60)))
        var harness = EngineHarness(settings: settings, hss: try Subscriber.hss(), charging: charging)
        var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, _) = try await harness.run(&phone)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(try reply.uint32(.sessionTimeout), 300)
        XCTAssertEqual(try reply.uint32(.acctInterimInterval), 60)
        let asked = try XCTUnwrap(charging.seen.withLockedValue { $0.first })
        XCTAssertEqual(asked.imsi, Subscriber.imsi)
        XCTAssertEqual(asked.sessionClass, try reply.string(.sessionClass), "one name for the session everywhere")
    }

    func testRefusedByTheOCSIsARejectCountedAsSuch() async throws {
        let charging = FixedCharging(.refused(.chargingRefused(resultCode: 4012, reason: "credit_limit_reached")))
        var harness = EngineHarness(hss: try Subscriber.hss(), charging: charging)
        var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, _) = try await harness.run(&phone)
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), "charging refused: credit_limit_reached (result code 4012)")
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "charging_refused")]), 1)
    }

    func testTighterLimit() {
        XCTAssertEqual(AuthenticationEngine.tighter(600, 60), 60)
        XCTAssertEqual(AuthenticationEngine.tighter(nil, 60), 60)
        XCTAssertEqual(AuthenticationEngine.tighter(600, nil), 600)
        XCTAssertNil(AuthenticationEngine.tighter(nil, nil))
    }
}

/// Every reject reason's metric label is in the list whose counters exist from start.
final class RejectReasonLabelTests: XCTestCase {
    func testEveryReasonLabelIsPreCreated() {
        let reasons: [ConversationRejectReason] = [
            .noUsableIdentity("x"), .methodRefused(desired: [1]), .userUnknown, .hssUnavailable("x"),
            .hssRejected(resultCode: 5001), .invalidVector("x"), .amfSeparationBitMissing, .resMismatch,
            .checkcodeMismatch, .unsupportedKDF([2]), .repeatedSynchronizationFailure, .peerRejectedAuthentication,
            .clientError(code: 0), .protocolViolation("x"), .timeout, .overloaded, .unknownConversation,
            .internalError("x"), .non3GPPAccessBarred, .registrationRefused(resultCode: 5001),
            .registrationUnavailable("x"), .chargingRefused(resultCode: 4012, reason: "x"), .chargingUnavailable("x"),
        ]
        XCTAssertEqual(Set(reasons.map(\.metricLabel)), Set(ConversationRejectReason.metricLabels))
        XCTAssertEqual(reasons.count, ConversationRejectReason.metricLabels.count)
    }
}
