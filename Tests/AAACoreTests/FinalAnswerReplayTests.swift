@testable import AAACore
import EAP
import IPC
import Milenage
import TWAGConfiguration
import XCTest

/// A retransmitted final Access-Request reaching aaa-core after its conversation ended (AP failover
/// to another radius-frontend) gets the same answer, not "unknown conversation".
final class FinalAnswerReplayTests: XCTestCase {
    /// Runs a phone to its final answer; returns the answer with the last request's EAP packet and State.
    func finish(_ harness: inout EngineHarness, _ phone: inout SimulatedPhone) async throws
        -> (reply: IPCFrame, eap: [UInt8], state: [UInt8])
    {
        var eap = try phone.identityResponse(identifier: 1)
        var state: [UInt8]?
        for _ in 1...8 {
            let reply = await harness.send(eap: eap, state: state)
            guard reply.type == .authChallenge else { return (reply, eap, try XCTUnwrap(state)) }
            state = try XCTUnwrap(reply.bytes(.radiusState))
            eap = try phone.respond(to: try XCTUnwrap(reply.bytes(.eapMessage)))
        }
        throw SimulatedPhone.PhoneError.unexpected("too many rounds")
    }

    func phone() throws -> SimulatedPhone {
        try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
    }

    func testRetransmittedFinalRequestGetsTheSameAccept() async throws {
        var settings = AAACoreSettings()
        settings.sessionTimeoutSeconds = 3600
        let registrar = ScriptedRegistrar(.success(.registered))
        var harness = EngineHarness(settings: settings, hss: try Subscriber.hss(), registrar: registrar)
        var p = try phone()
        let (first, eap, state) = try await finish(&harness, &p)
        XCTAssertEqual(first.type, .authAccept)
        let fetches = await harness.hss.requests.count

        harness.clock.advance(.seconds(5))
        let again = await harness.send(eap: eap, state: state)
        XCTAssertEqual(again.type, .authAccept)
        for tag in [IPCTag.eapMessage, .msk, .sessionClass, .acceptedUserName, .imsi, .sessionTimeout,
                    .acctInterimInterval] {
            XCTAssertEqual(again.bytes(tag), first.bytes(tag), "\(tag) replayed identically")
        }
        XCTAssertEqual(again.bytes(.msk), p.msk)
        XCTAssertEqual(try EAPPacket(decoding: try XCTUnwrap(again.bytes(.eapMessage))).code, .success)
        let fetchesAfter = await harness.hss.requests.count
        XCTAssertEqual(fetchesAfter, fetches, "no new vector fetch")
        XCTAssertEqual(registrar.recorded.count, 1, "no second registration")
        XCTAssertEqual(harness.counter("eap_aka_final_answer_replayed_count"), 1)
        XCTAssertEqual(harness.counter("eap_aka_auth_success_count"), 1, "one authentication, answered twice")
        let count = await harness.engine.table.count
        XCTAssertEqual(count, 0, "no live conversation comes back")

        let msk = try XCTUnwrap(p.msk).hexString
        XCTAssertFalse(harness.logs.records.contains { "\($0.message) \($0.metadata)".contains(msk) }, "MSK never logged")
        XCTAssertTrue(harness.logs.messages(at: .info).contains("Final answer replayed to a retransmitted Access-Request"))
        let finishedCount = await harness.engine.table.finishedCount
        XCTAssertEqual(finishedCount, 1)
    }

    func testRetransmittedFinalRequestGetsTheSameReject() async throws {
        var hss = try Subscriber.hss()
        hss.corruptsXRES = true
        var harness = EngineHarness(hss: hss)
        var p = try phone()
        let (first, eap, state) = try await finish(&harness, &p)
        XCTAssertEqual(first.type, .authReject)
        let again = await harness.send(eap: eap, state: state)
        XCTAssertEqual(again.type, .authReject)
        XCTAssertEqual(again.bytes(.eapMessage), first.bytes(.eapMessage))
        XCTAssertEqual(try again.string(.rejectReason), "RES verification failed")
        XCTAssertEqual(harness.counter("eap_aka_final_answer_replayed_count"), 1)
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "res_mismatch")]), 1)
    }

    func testOtherBytesOnAFinishedStateAreRejectedAsUnknown() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var p = try phone()
        let (first, eap, state) = try await finish(&harness, &p)
        XCTAssertEqual(first.type, .authAccept)
        var altered = eap
        altered[altered.count - 1] ^= 0x01
        let reply = await harness.send(eap: altered, state: state)
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), ConversationRejectReason.unknownConversation.text)
        XCTAssertNil(reply.bytes(.msk))
        XCTAssertNil(reply.bytes(.sessionClass))
        XCTAssertEqual(harness.counter("eap_aka_final_answer_replayed_count"), 0)
        // The same bytes under another State of ours are not a retransmission either.
        var otherState = state
        otherState[otherState.count - 1] ^= 0x01
        let other = await harness.send(eap: eap, state: otherState)
        XCTAssertEqual(other.type, .authReject)
        XCTAssertEqual(harness.counter("eap_aka_final_answer_replayed_count"), 0)
    }

    func testFinishedAnswerExpiresAfterTheWindow() async throws {
        var settings = AAACoreSettings()
        settings.finishedConversationWindow = .seconds(30)
        var harness = EngineHarness(settings: settings, hss: try Subscriber.hss())
        var p = try phone()
        let (first, eap, state) = try await finish(&harness, &p)
        XCTAssertEqual(first.type, .authAccept)
        harness.clock.advance(.seconds(29))
        await harness.engine.table.expire(now: harness.clock.now)
        let within = await harness.send(eap: eap, state: state)
        XCTAssertEqual(within.type, .authAccept)
        harness.clock.advance(.seconds(1))
        let late = await harness.send(eap: eap, state: state)
        XCTAssertEqual(late.type, .authReject, "expired even before the sweep")
        await harness.engine.table.expire(now: harness.clock.now)
        let finishedCount = await harness.engine.table.finishedCount
        XCTAssertEqual(finishedCount, 0, "the tick drops it")
    }

    func testSettingsReadTheDuplicateWindow() throws {
        let configuration = try TWAGConfiguration.parse(yaml: """
            diameter: {host: aaa.lab.twag, realm: lab.twag}
            radius: {secret: s3cr3t-shared, duplicate_window_s: 12}
            """, environment: [:])
        XCTAssertEqual(AAACoreSettings(configuration: configuration).finishedConversationWindow, .seconds(12))
    }
}

/// The finished records of the conversation table.
final class FinishedConversationTableTests: XCTestCase {
    func record(_ byte: UInt8) -> FinishedConversation {
        FinishedConversation(lastResponse: [2, byte, 0, 4], reply: .reject(eapMessage: [4, byte, 0, 4], reason: "r"))
    }

    func testFinishingReplacesTheLiveEntryAndMatchesOnlyTheSameBytes() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 4, timeout: .seconds(60), finishedWindow: .seconds(30))
        let t0 = ContinuousClock.now
        let a = try await XCTUnwrapAsync(await table.create(now: t0))
        await table.finish(state: a, record: record(1), now: t0)
        var count = await table.count
        XCTAssertEqual(count, 0)
        guard case .unknown = await table.checkOut(state: a.bytes, now: t0) else { return XCTFail() }
        let match = await table.finishedReply(state: a.bytes, response: [2, 1, 0, 4], now: t0)
        XCTAssertEqual(match?.kind, "reject")
        let other = await table.finishedReply(state: a.bytes, response: [2, 2, 0, 4], now: t0)
        XCTAssertNil(other)
        count = await table.finishedCount
        XCTAssertEqual(count, 1)
        XCTAssertEqual("\(record(1))", "FinishedConversation(reject)")
    }

    func testFinishedRecordsAreBoundedByTheCapacityOldestFirst() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 3, timeout: .seconds(60), finishedWindow: .seconds(30))
        var now = ContinuousClock.now
        var tokens: [ConversationStateToken] = []
        for i in 0..<5 {
            let token = try await XCTUnwrapAsync(await table.create(now: now))
            await table.finish(state: token, record: record(UInt8(i)), now: now)
            tokens.append(token)
            now += .seconds(1)
        }
        let count = await table.finishedCount
        XCTAssertEqual(count, 3)
        for (i, token) in tokens.enumerated() {
            let reply = await table.finishedReply(state: token.bytes, response: [2, UInt8(i), 0, 4], now: now)
            XCTAssertEqual(reply != nil, i >= 2, "record \(i)")
        }
        // Finished records never take a live conversation's place.
        let live = await table.create(now: now)
        XCTAssertNotNil(live)
    }

    func testFinishedRecordsExpireOnTheTickAndStayBoundedUnderChurn() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 50, timeout: .seconds(60), finishedWindow: .seconds(2))
        var now = ContinuousClock.now
        for i in 0..<3000 {
            if let token = await table.create(now: now) {
                await table.finish(state: token, record: record(UInt8(truncatingIfNeeded: i)), now: now)
            }
            now += .milliseconds(100)
            await table.expire(now: now)
            let finished = await table.finishedCount
            XCTAssertLessThanOrEqual(finished, 20, "2 s window at 10 per second")
        }
        now += .seconds(2)
        await table.expire(now: now)
        let left = await table.finishedCount
        XCTAssertEqual(left, 0)
    }

    func testZeroWindowKeepsNothing() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 4, timeout: .seconds(60), finishedWindow: .zero)
        let t0 = ContinuousClock.now
        let a = try await XCTUnwrapAsync(await table.create(now: t0))
        await table.finish(state: a, record: record(1), now: t0)
        let reply = await table.finishedReply(state: a.bytes, response: [2, 1, 0, 4], now: t0)
        XCTAssertNil(reply)
    }
}
