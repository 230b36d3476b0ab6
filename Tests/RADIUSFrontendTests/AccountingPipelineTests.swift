import Foundation
import GRDB
import MetricsTestKit
@testable import RADIUS
import RADIUSFrontend
import SessionStore
import XCTest

/// The accounting port called directly with datagrams, on a real SQLite file: authentication,
/// duplicate handling, the durable write before the answer, and the session updates.
final class AccountingPipelineTests: XCTestCase {
    private var harness: AccountingHarness!

    override func setUp() async throws {
        harness = try AccountingHarness()
    }

    override func tearDown() async throws {
        harness.remove()
    }

    /// The answer verifies as an Accounting-Response to `request` (RFC 2866 3) and carries nothing else.
    private func assertAccountingResponse(_ answer: [UInt8]?, to request: [UInt8],
                                          file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = try XCTUnwrap(answer, "no Accounting-Response", file: file, line: line)
        let reply = try RADIUSPacket.verifyResponse(bytes, secret: TestData.secret,
                                                    requestAuthenticator: request.radiusAuthenticator)
        XCTAssertEqual(reply.code, .accountingResponse, file: file, line: line)
        XCTAssertEqual(reply.identifier, request[1], file: file, line: line)
    }

    func testStartInterimStopUpdateTheSessionMatchedByClass() async throws {
        let sessionID = try await harness.authorize()
        let start = try await harness.send(AccountingData.request(.start, identifier: 1))
        try assertAccountingResponse(start.answer, to: start.request)
        var row = try await XCTUnwrapAsync(try await harness.store.session(class: AccountingData.sessionClass))
        XCTAssertEqual(row.id, sessionID)
        XCTAssertEqual(row.acctSessionID, AccountingData.acctSessionID)
        XCTAssertEqual(row.framedIP, "10.64.0.17")
        XCTAssertNotNil(row.startedAt)
        XCTAssertTrue(row.isLive)

        let interim = try await harness.send(AccountingData.request(
            .interimUpdate, identifier: 2, sessionTime: 600, input: (1000, 2), output: (5000, 1), packets: (10, 20)))
        try assertAccountingResponse(interim.answer, to: interim.request)
        row = try await XCTUnwrapAsync(try await harness.store.session(class: AccountingData.sessionClass))
        XCTAssertEqual(row.sessionTime, 600)
        XCTAssertEqual(row.inputOctets, 2 << 32 + 1000, "Acct-Input-Gigawords folded in")
        XCTAssertEqual(row.outputOctets, 1 << 32 + 5000, "Acct-Output-Gigawords folded in")
        XCTAssertEqual(row.inputPackets, 10)
        XCTAssertEqual(row.outputPackets, 20)
        XCTAssertTrue(row.isLive)

        let stop = try await harness.send(AccountingData.request(
            .stop, identifier: 3, sessionTime: 1200, input: (7, 3), output: (9, 2), packets: (30, 40),
            terminate: .userRequest))
        try assertAccountingResponse(stop.answer, to: stop.request)
        row = try await XCTUnwrapAsync(try await harness.store.session(class: AccountingData.sessionClass))
        XCTAssertEqual(row.sessionTime, 1200)
        XCTAssertEqual(row.inputOctets, 3 << 32 + 7)
        XCTAssertEqual(row.outputOctets, 2 << 32 + 9)
        XCTAssertFalse(row.isLive)
        XCTAssertEqual(row.endCause, "User-Request")

        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 3)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_responses_total"), 3)
        for (status, count) in [("start", 1), ("interim_update", 1), ("stop", 1)] {
            XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_request_count",
                                                        dimensions: [("status_type", status)]), Int64(count), status)
        }
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_unmatched_total"), 0)
        XCTAssertEqual(harness.pipeline.inFlight, 0)
        let live = try await harness.store.liveSessionCount()
        XCTAssertEqual(live, 0)
    }

    func testALateInterimUpdateNeverMovesCountersBack() async throws {
        try await harness.authorize()
        _ = try await harness.send(AccountingData.request(.interimUpdate, identifier: 1, sessionTime: 600,
                                                          input: (10, 1), output: (20, 1), packets: (5, 6)))
        // An older update delivered late (smaller counters) is stored and acknowledged, the session keeps the larger values.
        let late = try await harness.send(AccountingData.request(.interimUpdate, identifier: 2, sessionTime: 300,
                                                                 input: (99, 0), output: (99, 0), packets: (1, 1)))
        try assertAccountingResponse(late.answer, to: late.request)
        let row = try await XCTUnwrapAsync(try await harness.store.session(class: AccountingData.sessionClass))
        XCTAssertEqual(row.sessionTime, 600)
        XCTAssertEqual(row.inputOctets, 1 << 32 + 10)
        XCTAssertEqual(row.outputOctets, 1 << 32 + 20)
        XCTAssertEqual(row.inputPackets, 5)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 2)
    }

    func testRecordsStoredWithTheirFieldsAndSessionLink() async throws {
        let sessionID = try await harness.authorize()
        _ = try await harness.send(AccountingData.request(.interimUpdate, identifier: 4, sessionTime: 60,
                                                          input: (4_000_000_000, 1), output: (1, 0)))
        let rows = try DatabaseQueue(path: harness.databasePath).read { db in
            try Row.fetchAll(db, sql: """
                SELECT session_id, status_type, acct_session_id, session_class, user_name, nas_ip, nas_identifier,
                       calling_station_id, input_octets, output_octets, delay_time, event_timestamp, frontend_id, client_ip
                FROM accounting_records
                """)
        }
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row["session_id"] as Int64?, sessionID)
        XCTAssertEqual(row["status_type"] as Int64?, 3)
        XCTAssertEqual(row["acct_session_id"] as String?, AccountingData.acctSessionID)
        XCTAssertEqual(row["session_class"] as String?, AccountingData.sessionClass, "our Class, not the AP's other one")
        XCTAssertEqual(row["user_name"] as String?, AccountingData.userName)
        XCTAssertEqual(row["nas_ip"] as String?, "10.7.15.72")
        XCTAssertEqual(row["nas_identifier"] as String?, "ap-lobby")
        XCTAssertEqual(row["calling_station_id"] as String?, AccountingData.station)
        XCTAssertEqual(row["input_octets"] as Int64?, 1 << 32 + 4_000_000_000)
        XCTAssertEqual(row["output_octets"] as Int64?, 1)
        XCTAssertEqual(row["delay_time"] as Int64?, 0)
        XCTAssertEqual(row["event_timestamp"] as Int64?, 1_760_000_000)
        XCTAssertEqual(row["frontend_id"] as String?, "fe-test")
        XCTAssertEqual(row["client_ip"] as String?, "127.0.0.1")
    }

    func testAccountingWithoutOurClassIsStoredUnmatchedAndAcknowledged() async throws {
        let sent = try await harness.send(AccountingData.request(.start, sessionClass: nil))
        try assertAccountingResponse(sent.answer, to: sent.request)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_unmatched_total"), 1)
    }

    func testExactRetransmissionIsAnsweredFromTheCacheAndStoredOnce() async throws {
        try await harness.authorize()
        let packet = AccountingData.request(.interimUpdate, identifier: 9, sessionTime: 30, input: (10, 0), output: (20, 0))
        let bytes = try packet.encodeRequest(secret: TestData.secret)
        let first = await harness.pipeline.handle(bytes, from: TestData.apIP)
        let second = await harness.pipeline.handle(bytes, from: TestData.apIP)
        try assertAccountingResponse(first, to: bytes)
        XCTAssertEqual(second, first, "the same bytes from the duplicate cache")
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_duplicate_answered_total"), 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_responses_total"), 1)
    }

    func testResendWithNewIdentifierAndLargerDelayIsAcknowledgedButStoredOnce() async throws {
        try await harness.authorize()
        let first = try await harness.send(AccountingData.request(.interimUpdate, identifier: 20, delay: 0,
                                                                  sessionTime: 30, input: (10, 0), output: (20, 0)))
        try assertAccountingResponse(first.answer, to: first.request)
        // RFC 2866 5.2: the NAS re-sends the record with a new Identifier and a grown Acct-Delay-Time.
        let resend = try await harness.send(AccountingData.request(.interimUpdate, identifier: 21, delay: 5,
                                                                   sessionTime: 30, input: (10, 0), output: (20, 0)))
        XCTAssertNotEqual(resend.request.radiusAuthenticator, first.request.radiusAuthenticator)
        try assertAccountingResponse(resend.answer, to: resend.request)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_duplicate_records_total"), 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_duplicate_answered_total"), 0, "not a cache hit")
        // A different record (new counters) is a new row.
        let next = try await harness.send(AccountingData.request(.interimUpdate, identifier: 22, sessionTime: 90,
                                                                 input: (99, 0), output: (20, 0)))
        try assertAccountingResponse(next.answer, to: next.request)
        let after = try await harness.store.accountingRecordCount()
        XCTAssertEqual(after, 2)
    }

    func testWrongSecretIsDroppedAsBadAuthenticator() async throws {
        let sent = try await harness.send(AccountingData.request(.start), secret: Array("not-the-secret".utf8))
        XCTAssertNil(sent.answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .badAuthenticator), 1)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 0)
    }

    func testTamperedAttributeIsDroppedAsBadAuthenticator() async throws {
        var bytes = try AccountingData.request(.start).encodeRequest(secret: TestData.secret)
        bytes[bytes.count - 1] ^= 0x01
        let answer = await harness.pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNil(answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .badAuthenticator), 1)
    }

    func testMissingStatusTypeIsDropped() async throws {
        let sent = try await harness.send(AccountingData.request(nil))
        XCTAssertNil(sent.answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .missingStatusType), 1)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 0)
    }

    func testSourceOutsideTheSubnetsIsDropped() async throws {
        let outside = try XCTUnwrap(ClientEndpoint(address: [192, 0, 2, 1], port: 1813))
        let sent = try await harness.send(AccountingData.request(.start), from: outside)
        XCTAssertNil(sent.answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .sourceNotAllowed), 1)
    }

    func testAccessRequestOnTheAccountingPortIsUnknownCode() async throws {
        let bytes = try TestData.accessRequest().encodeRequest(secret: TestData.secret)
        let answer = await harness.pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNil(answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .unknownCode), 1)
    }

    func testRepliesAndShortDatagramsAreDropped() async throws {
        let short = await harness.pipeline.handle([4, 1, 0, 20, 0, 0], from: TestData.apIP)
        XCTAssertNil(short)
        XCTAssertEqual(TestData.dropped(harness.metrics, .malformed), 1)
        let request = AccountingData.request(.start)
        let response = try RADIUSPacket.reply(to: request, code: .accountingResponse)
            .encodeResponse(secret: TestData.secret, requestAuthenticator: RADIUSPacket.randomAuthenticator())
        let reflected = await harness.pipeline.handle(response, from: TestData.apIP)
        XCTAssertNil(reflected)
        XCTAssertEqual(TestData.dropped(harness.metrics, .unknownCode), 1)
    }

    func testStatusServerWithMessageAuthenticatorGetsAnAccountingResponse() async throws {
        let request = RADIUSPacket(code: .statusServer, identifier: 33, authenticator: RADIUSPacket.randomAuthenticator())
        let bytes = try request.encodeRequest(secret: TestData.secret)
        let handled = await harness.pipeline.handle(bytes, from: TestData.apIP)
        let answer = try XCTUnwrap(handled)
        let reply = try RADIUSPacket.verifyResponse(answer, secret: TestData.secret, requestAuthenticator: request.authenticator,
                                                    requireMessageAuthenticator: true)
        XCTAssertEqual(reply.code, .accountingResponse)
        XCTAssertEqual(reply.identifier, 33)
        XCTAssertEqual(reply.attributes.first?.type, RADIUSAttributeType.messageAuthenticator.rawValue)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 0)
    }

    func testStatusServerWithoutMessageAuthenticatorIsDropped() async throws {
        let request = RADIUSPacket(code: .statusServer, identifier: 34, authenticator: RADIUSPacket.randomAuthenticator())
        let bytes = try request.encodeRequest(secret: TestData.secret, messageAuthenticator: .ifPresent)
        let answer = await harness.pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNil(answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .missingMessageAuthenticator), 1)
    }

    func testAccountingRequestWithWrongMessageAuthenticatorIsDropped() async throws {
        var bytes = try AccountingData.request(.start).encodeRequest(secret: TestData.secret, messageAuthenticator: .first)
        // Break the HMAC, then re-sign the Request Authenticator so only Message-Authenticator is wrong.
        bytes[22] ^= 0xFF
        let resigned = Self.resign(bytes, secret: TestData.secret)
        let answer = await harness.pipeline.handle(resigned, from: TestData.apIP)
        XCTAssertNil(answer)
        XCTAssertEqual(TestData.dropped(harness.metrics, .badMessageAuthenticator), 1)
    }

    func testAccountingOnEndsTheLiveSessionsOfThatNAS() async throws {
        try await harness.authorize(AccountingData.authorized("twag:a", nasIdentifier: "ap-lobby"))
        try await harness.authorize(AccountingData.authorized("twag:b", nasIdentifier: "ap-lobby"))
        try await harness.authorize(AccountingData.authorized("twag:c", nasIdentifier: "ap-roof"))
        try await harness.authorize(AccountingData.authorized("twag:d", nasIdentifier: "ap-lobby", clientIP: "127.0.0.2"))
        var on = RADIUSPacket(code: .accountingRequest, identifier: 50)
        on.acctStatusType = .accountingOn
        on.nasIdentifier = "ap-lobby"
        on.nasIPAddress = IPv4Address(10, 7, 15, 72)
        on.acctSessionId = "0"
        let sent = try await harness.send(on)
        try assertAccountingResponse(sent.answer, to: sent.request)
        for (sessionClass, live) in [("twag:a", false), ("twag:b", false), ("twag:c", true), ("twag:d", true)] {
            let row = try await XCTUnwrapAsync(try await harness.store.session(class: sessionClass))
            XCTAssertEqual(row.isLive, live, sessionClass)
            if !live { XCTAssertEqual(row.endCause, "Accounting-On", sessionClass) }
        }
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_request_count",
                                                    dimensions: [("status_type", "accounting_on")]), 1)
    }

    func testStoreFailureLeavesNoAnswerAndTheRetransmissionIsStoredLater() async throws {
        try await harness.authorize()
        // Another connection makes every accounting insert fail, as a broken disk would.
        let saboteur = try DatabaseQueue(path: harness.databasePath)
        try await saboteur.write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_accounting BEFORE INSERT ON accounting_records
                BEGIN SELECT RAISE(ABORT, 'simulated store failure'); END
                """)
        }
        let bytes = try AccountingData.request(.start, identifier: 60).encodeRequest(secret: TestData.secret)
        let answer = await harness.pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNil(answer, "nothing acknowledged that is not stored")
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_store_failures_total"), 1)
        XCTAssertEqual(harness.metrics.counterTotal(label: "radius_accounting_responses_total"), 0)
        XCTAssertEqual(harness.pipeline.inFlight, 0)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 0)

        try await saboteur.write { db in try db.execute(sql: "DROP TRIGGER fail_accounting") }
        let retransmitted = await harness.pipeline.handle(bytes, from: TestData.apIP)
        try assertAccountingResponse(retransmitted, to: bytes)
        let stored = try await harness.store.accountingRecordCount()
        XCTAssertEqual(stored, 1)
        let row = try await XCTUnwrapAsync(try await harness.store.session(class: AccountingData.sessionClass))
        XCTAssertNotNil(row.startedAt)
    }

    func testProxyStateIsEchoedAndDoesNotDefeatDuplicateDetection() async throws {
        var first = AccountingData.request(.interimUpdate, identifier: 70, sessionTime: 5, input: (1, 0), output: (1, 0))
        first.append(.proxyState, value: [1, 2, 3])
        let sent = try await harness.send(first)
        let answer = try XCTUnwrap(sent.answer)
        let reply = try RADIUSPacket.verifyResponse(answer, secret: TestData.secret,
                                                    requestAuthenticator: sent.request.radiusAuthenticator)
        XCTAssertEqual(reply.proxyStates, [[1, 2, 3]])
        var again = AccountingData.request(.interimUpdate, identifier: 71, delay: 3, sessionTime: 5, input: (1, 0), output: (1, 0))
        again.append(.proxyState, value: [9, 9])
        let resent = try await harness.send(again)
        try assertAccountingResponse(resent.answer, to: resent.request)
        let records = try await harness.store.accountingRecordCount()
        XCTAssertEqual(records, 1)
    }

    /// Recomputes the Request Authenticator of an accounting request (RFC 2866 3) over `bytes` as they are.
    static func resign(_ bytes: [UInt8], secret: [UInt8]) -> [UInt8] {
        var out = bytes
        out.replaceSubrange(4..<20, with: [UInt8](repeating: 0, count: 16))
        var md5 = MD5Hasher()
        md5.update(out)
        md5.update(secret)
        out.replaceSubrange(4..<20, with: md5.finalize())
        return out
    }
}
