@testable import AAACore
import EAP
import EAPAKA
import IPC
import Logging
import Milenage
import WireFormat
import XCTest

/// The engine over IPC frames: what a radius-frontend sees.
final class AuthenticationEngineTests: XCTestCase {
    func phone(_ identity: String = Subscriber.akaPrimeIdentity, k: [UInt8] = Subscriber.k,
               sequence: USIMSequenceState = USIMSequenceState()) throws -> SimulatedPhone {
        try SimulatedPhone(k: k, opc: Subscriber.opc, identity: identity, sequence: sequence)
    }

    func testAKAPrimeAcceptCarriesTheSessionAndTheKeys() async throws {
        var settings = AAACoreSettings()
        settings.sessionTimeoutSeconds = 3600
        settings.acctInterimIntervalSeconds = 300
        var harness = EngineHarness(settings: settings, hss: try Subscriber.hss())
        var p = try phone()
        let (reply, rounds) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 2, "two RADIUS round trips")
        XCTAssertEqual(reply.bytes(.msk), p.msk)
        XCTAssertEqual(try EAPPacket(decoding: try XCTUnwrap(reply.bytes(.eapMessage))).code, .success)
        let sessionClass = try XCTUnwrap(try reply.string(.sessionClass))
        XCTAssertTrue(sessionClass.hasPrefix("twag:"))
        XCTAssertEqual(sessionClass.count, 21)
        XCTAssertTrue(sessionClass.dropFirst(5).allSatisfy(\.isHexDigit))
        XCTAssertEqual(try reply.string(.acceptedUserName), Subscriber.akaPrimeIdentity)
        XCTAssertEqual(try reply.string(.imsi), Subscriber.imsi)
        XCTAssertEqual(try reply.uint32(.sessionTimeout), 3600)
        XCTAssertEqual(try reply.uint32(.acctInterimInterval), 300)
        let count = await harness.engine.table.count
        XCTAssertEqual(count, 0, "finished conversations leave the table")

        XCTAssertEqual(harness.counter("eap_aka_identity_count"), 1)
        XCTAssertEqual(harness.counter("eap_aka_challenge_count"), 1)
        XCTAssertEqual(harness.counter("eap_aka_auth_success_count"), 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "eap_aka_auth_reject_count"), 0)

        let info = harness.logs.messages(at: .info)
        XCTAssertEqual(info, ["Phase 1: Identity response", "Phase 2: AKA Challenge", "Authentication ACCEPTED"])
        let records = harness.logs.records
        XCTAssertEqual(records.first?.metadata["identity"], "\(Subscriber.akaPrimeIdentity)")
        XCTAssertEqual(records.last?.metadata["imsi"], "\(Subscriber.imsi)")
        let msk = try XCTUnwrap(p.msk).hexString
        XCTAssertFalse(records.contains { "\($0.message) \($0.metadata)".contains(msk) }, "MSK never logged")
    }

    func testEverySessionGetsItsOwnClass() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var first = try phone()
        var second = try phone(Subscriber.akaIdentity)
        let a = try await harness.run(&first).0
        let b = try await harness.run(&second).0
        XCTAssertEqual(b.type, .authAccept)
        XCTAssertNotEqual(try a.string(.sessionClass), try b.string(.sessionClass))
        XCTAssertNil(try a.uint32(.sessionTimeout), "no Session-Timeout unless configured")
        XCTAssertEqual(try a.uint32(.acctInterimInterval), 600)
    }

    func testRESMismatchIsLoggedAtDebugOnlyAndCountedByReason() async throws {
        var hss = try Subscriber.hss()
        hss.corruptsXRES = true
        var harness = EngineHarness(hss: hss)
        var p = try phone()
        let (reply, _) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), "RES verification failed")
        XCTAssertEqual(try EAPPacket(decoding: try XCTUnwrap(reply.bytes(.eapMessage))).code, .failure)
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "res_mismatch")]), 1)
        let debug = harness.logs.messages(at: .debug).filter { $0.hasPrefix("RES verification failed: expected ") }
        XCTAssertEqual(debug.count, 1)
        XCTAssertTrue(debug[0].contains(", got "))
        let info = harness.logs.messages(at: .info)
        XCTAssertTrue(info.contains("Authentication REJECTED: RES verification failed"))
        XCTAssertFalse(info.contains { $0.contains("expected") })
        let rejected = harness.logs.records.first { $0.message.hasPrefix("Authentication REJECTED") }
        XCTAssertEqual(rejected?.metadata["imsi"], "\(Subscriber.imsi)")
    }

    func testResynchronisationIsCounted() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try phone(sequence: USIMSequenceState(initial: try XCTUnwrap(SequenceNumber(0x4000))))
        let (reply, rounds) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 3)
        XCTAssertEqual(harness.counter("eap_aka_sync_failure_count"), 1)
        XCTAssertEqual(harness.counter("eap_aka_challenge_count"), 2)
        let requests = await harness.hss.requests
        XCTAssertNotNil(requests.last?.resync)
    }

    func testWrongKeyUnknownIMSIAndHSSDownAreRejectedWithTheirReasons() async throws {
        var wrongK = Subscriber.k
        wrongK[15] ^= 0x80
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try phone(k: wrongK)
        var (reply, _) = try await harness.run(&p)
        XCTAssertEqual(try reply.string(.rejectReason), ConversationRejectReason.peerRejectedAuthentication.text)

        var unknown = try phone("6001019999999999@\(Subscriber.realm)")
        (reply, _) = try await harness.run(&unknown)
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), "user unknown")
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "user_unknown")]), 1)

        await harness.hss.set { $0.failure = .unavailable("no open SWx peer") }
        var p2 = try phone()
        (reply, _) = try await harness.run(&p2)
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), "HSS unavailable: no open SWx peer")
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "hss_unavailable")]), 1)
        XCTAssertTrue(harness.logs.records.contains { $0.level == .warning && $0.message.hasPrefix("Vector fetch failed") })
    }

    func testFullTableRejectsNewConversationsAsOverloaded() async throws {
        var settings = AAACoreSettings()
        settings.maxConversations = 1
        var harness = EngineHarness(settings: settings, hss: try Subscriber.hss())
        var first = try phone()
        let challenge = await harness.send(eap: try first.identityResponse(identifier: 1))
        XCTAssertEqual(challenge.type, .authChallenge)
        var second = try phone(Subscriber.akaIdentity)
        let refused = await harness.send(eap: try second.identityResponse(identifier: 5))
        XCTAssertEqual(refused.type, .authReject)
        XCTAssertEqual(try refused.string(.rejectReason), "overloaded")
        XCTAssertEqual(try EAPPacket(decoding: try XCTUnwrap(refused.bytes(.eapMessage))), .failure(identifier: 5))
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "overloaded")]), 1)
        let refusedCount = await harness.engine.table.refusedCount
        XCTAssertEqual(refusedCount, 1)
        // The first conversation is unaffected.
        let response = try first.respond(to: try XCTUnwrap(challenge.bytes(.eapMessage)))
        let accept = await harness.send(eap: response, state: challenge.bytes(.radiusState))
        XCTAssertEqual(accept.type, .authAccept)
    }

    func testExpiredStateIsRejectedAsUnknown() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try phone()
        let challenge = await harness.send(eap: try p.identityResponse(identifier: 1))
        let response = try p.respond(to: try XCTUnwrap(challenge.bytes(.eapMessage)))
        harness.clock.advance(.seconds(61))
        let expired = await harness.engine.table.expire(now: harness.clock.now)
        XCTAssertEqual(expired, 1)
        let reply = await harness.send(eap: response, state: challenge.bytes(.radiusState))
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), "unknown or expired conversation")
    }

    func testIdentityWithAStaleStateStartsAFreshConversation() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try phone()
        let stale = [1, 0x0A, 0x0B, 0x0C] + [UInt8](repeating: 7, count: 16)
        let reply = await harness.send(eap: try p.identityResponse(identifier: 1), state: stale)
        XCTAssertEqual(reply.type, .authChallenge)
        XCTAssertNotEqual(reply.bytes(.radiusState), stale)
    }

    func testForeignStateIsDiscardedAndTamperedMACKeepsTheConversation() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try phone()
        let challenge = await harness.send(eap: try p.identityResponse(identifier: 1))
        let state = try XCTUnwrap(challenge.bytes(.radiusState))
        XCTAssertEqual(Array(state.prefix(4)), [1, 0x0A, 0x0B, 0x0C])
        let response = try p.respond(to: try XCTUnwrap(challenge.bytes(.eapMessage)))
        var foreign = state
        foreign[1] ^= 0xFF
        var reply = await harness.send(eap: response, state: foreign)
        XCTAssertEqual(reply.type, .authDiscard)

        var tampered = response
        tampered[tampered.count - 1] ^= 0x01
        reply = await harness.send(eap: tampered, state: state)
        XCTAssertEqual(reply.type, .authDiscard)
        XCTAssertNotNil(try reply.string(.rejectReason))
        reply = await harness.send(eap: response, state: state)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(reply.bytes(.msk), p.msk)
    }

    func testAnonymousIdentityTakesThreeRoundTrips() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: "anonymous@\(Subscriber.realm)",
                                   permanentIdentity: Subscriber.akaPrimeIdentity)
        let (reply, rounds) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 3)
        XCTAssertEqual(harness.counter("eap_aka_identity_count"), 2)
    }

    func testMalformedFramesGetErrors() async throws {
        let harness = EngineHarness(hss: try Subscriber.hss())
        let ping = await harness.engine.handle(IPCFrame(type: .chargingAuthorize, correlationID: 9))
        XCTAssertEqual(ping.type, .error)
        XCTAssertEqual(try ping.uint32(.errorCode), IPCErrorCode.unsupportedMessage.rawValue)
        let noEAP = await harness.engine.handle(IPCFrame(type: .authRequest, correlationID: 10))
        XCTAssertEqual(noEAP.type, .error)
        XCTAssertEqual(noEAP.correlationID, 10)
        XCTAssertEqual(try noEAP.uint32(.errorCode), IPCErrorCode.malformedMessage.rawValue)
    }

    func testGarbageFirstMessageLeavesNoConversationBehind() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        let reply = await harness.send(eap: [0xFF, 0x00])
        XCTAssertEqual(reply.type, .authDiscard)
        let count = await harness.engine.table.count
        XCTAssertEqual(count, 0)
    }
}
