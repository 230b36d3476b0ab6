import NIOCore
import RADIUS
import XCTest

@testable import UESimulator

/// The pure accounting parts: session ids, counters with gigawords, the Accounting-Request layout,
/// and the retransmission decisions of an accounting socket.
final class AccountingRequestTests: XCTestCase {
    let secret = Array("testing123".utf8)

    func context(classes: [[UInt8]] = [[0x01, 0x02], Array("second".utf8)]) throws -> AccountingSessionContext {
        let bssid = try XCTUnwrap(MACAddress("AA-BB-CC-DD-EE-FF"))
        return AccountingSessionContext(
            sessionID: AccountingSessionID(runPrefix: 0xDEAD_BEEF, sequence: 42), userName: TestSIM.akaPrimeIdentity,
            classes: classes,
            accessPoint: AccessPointProfile(nasIPAddress: IPv4Address(127, 0, 0, 1), bssid: bssid),
            callingStationId: "02-01-23-45-67-89", framedIPAddress: AccountingSessionContext.framedIPAddress(sequence: 42))
    }

    func testSessionIdsAreSixteenUpperCaseHexDigitsAndDistinct() {
        XCTAssertEqual(AccountingSessionID(runPrefix: 0xDEAD_BEEF, sequence: 42).value, "DEADBEEF0000002A")
        XCTAssertEqual(AccountingSessionID(runPrefix: 1, sequence: 0).value, "0000000100000000")
        let ids = Set((0..<1_000).map { AccountingSessionID(runPrefix: 7, sequence: $0).value })
        XCTAssertEqual(ids.count, 1_000)
        for id in ids.prefix(20) {
            XCTAssertEqual(id.count, 16)
            XCTAssertTrue(id.allSatisfy { "0123456789ABCDEF".contains($0) })
        }
    }

    func testFramedAddressesAreTenNetAndDistinct() {
        let addresses = (0..<5_000).map { AccountingSessionContext.framedIPAddress(sequence: $0) }
        XCTAssertEqual(Set(addresses).count, 5_000)
        XCTAssertTrue(addresses.allSatisfy { $0.octets[0] == 10 && $0.octets[3] != 0 && $0.octets[3] != 255 })
        XCTAssertEqual(AccountingSessionContext.framedIPAddress(sequence: 0).description, "10.0.0.1")
    }

    func testCountersSplitIntoOctetsAndGigawords() {
        let counters = SessionCounters(
            inputOctets: 1_000, outputOctets: 5 << 32 | 123, inputPackets: 7, outputPackets: UInt64(UInt32.max) + 9)
        var packet = RADIUSPacket(code: .accountingRequest, identifier: 0, attributes: counters.attributes)
        XCTAssertEqual(packet.acctInputOctets, 1_000)
        XCTAssertNil(packet.acctInputGigawords, "no Gigawords below 2^32")
        XCTAssertEqual(packet.acctOutputOctets, 123)
        XCTAssertEqual(packet.acctOutputGigawords, 5)
        XCTAssertEqual(packet.acctOutputTotalOctets, 5 << 32 | 123)
        XCTAssertEqual(packet.acctInputPackets, 7)
        XCTAssertEqual(packet.acctOutputPackets, UInt32.max, "packet counters saturate")
        packet.attributes = SessionCounters(inputOctets: 1 << 32).attributes
        XCTAssertEqual(packet.acctInputOctets, 0)
        XCTAssertEqual(packet.acctInputGigawords, 1)
    }

    func testTrafficGrowsWithTimeAndNeverTraps() {
        let model = TrafficModel(inputOctetsPerSecond: 1_000, outputOctetsPerSecond: 5_000_000_000)
        let early = model.counters(afterMilliseconds: 400)
        let late = model.counters(afterMilliseconds: 1_200)
        XCTAssertEqual(early.inputOctets, 400)
        XCTAssertEqual(early.outputOctets, 2_000_000_000)
        XCTAssertEqual(late.outputOctets, 6_000_000_000)
        XCTAssertGreaterThan(late.outputOctets, 1 << 32, "a 1.2 s session at 5 GB/s passes 4 GiB")
        XCTAssertEqual(late.outputPackets, 4_000_000)
        XCTAssertEqual(early.inputPackets, 1, "a partial packet counts")
        XCTAssertEqual(model.counters(afterMilliseconds: 0), SessionCounters())
        let huge = TrafficModel(inputOctetsPerSecond: .max, outputOctetsPerSecond: .max).counters(afterMilliseconds: .max)
        XCTAssertGreaterThan(huge.outputOctets, 0)
    }

    func testStartCarriesTheNASAttributesAndEchoesClassInOrder() throws {
        let context = try context()
        let start = context.request(.start, eventTimestamp: 1_700_000_000)
        XCTAssertEqual(start.code, .accountingRequest)
        XCTAssertEqual(start.acctStatusType, .start)
        XCTAssertEqual(start.acctSessionId, "DEADBEEF0000002A")
        XCTAssertEqual(start.userName, TestSIM.akaPrimeIdentity)
        XCTAssertEqual(start.classes, [[0x01, 0x02], Array("second".utf8)])
        XCTAssertEqual(start.nasIPAddress, IPv4Address(127, 0, 0, 1))
        XCTAssertEqual(start.nasIdentifier, "ue-sim-ap")
        XCTAssertEqual(start.calledStationId, "AA-BB-CC-DD-EE-FF:OpenTWAG")
        XCTAssertEqual(start.callingStationId, "02-01-23-45-67-89")
        XCTAssertEqual(start.nasPortType, .wireless80211)
        XCTAssertEqual(start.framedIPAddress?.octets.first, 10)
        XCTAssertEqual(start.acctAuthentic, .radius)
        XCTAssertEqual(start.eventTimestamp, 1_700_000_000)
        XCTAssertEqual(start.acctDelayTime, 0)
        XCTAssertNil(start.acctSessionTime)
        XCTAssertNil(start.acctInputOctets)
        XCTAssertNil(start.acctTerminateCause)

        // Request digest authenticator, no Message-Authenticator added; the server's check passes.
        let bytes = try start.encodeRequest(secret: secret)
        let received = try RADIUSPacket.verifyRequest(bytes, secret: secret)
        XCTAssertFalse(received.has(.messageAuthenticator))
        XCTAssertEqual(received.classes, start.classes)
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(bytes, secret: Array("other".utf8)))
    }

    func testStopCarriesUsageAndCause() throws {
        let usage = (sessionTime: UInt32(65), counters: SessionCounters(outputOctets: 1 << 32 | 5, outputPackets: 3))
        let stop = try context().request(.stop, usage: usage, cause: .adminReset, eventTimestamp: 1)
        XCTAssertEqual(stop.acctStatusType, .stop)
        XCTAssertEqual(stop.acctSessionTime, 65)
        XCTAssertEqual(stop.acctOutputGigawords, 1)
        XCTAssertEqual(stop.acctOutputOctets, 5)
        XCTAssertEqual(stop.acctOutputPackets, 3)
        XCTAssertEqual(stop.acctTerminateCause, .adminReset)
    }

    func testOutputLines() {
        XCTAssertEqual(AccountingLine.acknowledged(.start, sessionID: "ABC"), "Accounting-Start acknowledged (Acct-Session-Id ABC)")
        XCTAssertEqual(AccountingLine.acknowledged(.interimUpdate, sessionID: "ABC"),
                       "Accounting-Interim-Update acknowledged (Acct-Session-Id ABC)")
        XCTAssertEqual(AccountingLine.acknowledged(.stop, sessionID: "ABC", cause: AcctTerminateCause.adminReset.description),
                       "Accounting-Stop acknowledged (Acct-Session-Id ABC, cause Admin-Reset)")
        XCTAssertEqual(AccountingLine.notAcknowledged(.start, sessionID: "ABC", failure: .timeout),
                       "Accounting-Start not acknowledged (Acct-Session-Id ABC): no Accounting-Response (timeout)")
        XCTAssertEqual(
            AccountingLine.disconnected(HeldSession(sessionID: "ABC", userName: "u@r", callingStationId: "x")),
            "Disconnect-Request received: session ABC of u@r ended (Admin-Reset)")
    }

    // MARK: Retransmission decisions of an accounting socket

    /// An Accounting-Request registered in a table made for accounting (no Message-Authenticator required).
    func pending(now: NIODeadline) throws -> (RADIUSTransactionTable, RADIUSPacket, [UInt8]) {
        var table = RADIUSTransactionTable(
            policy: RetransmissionPolicy(timeout: .seconds(1), attempts: 1 + AccountingSettings.retransmissions),
            requireMessageAuthenticator: false)
        var request = try context().request(.start, eventTimestamp: 1)
        request.identifier = try XCTUnwrap(table.reserveIdentifier())
        let bytes = try request.encodeRequest(secret: secret)
        request.authenticator = Array(bytes[4..<20])
        _ = table.register(identifier: request.identifier, bytes: bytes, authenticator: request.authenticator, now: now)
        return (table, request, bytes)
    }

    func testSamePacketIsRetransmittedThreeTimesThenGivenUp() throws {
        let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var (table, request, bytes) = try pending(now: t0)
        XCTAssertNil(table.expire(identifier: request.identifier, now: t0 + .milliseconds(999)))
        for retransmission in 1...3 {
            let now = t0 + .seconds(Int64(retransmission))
            guard case .retransmit(let identifier, let again, _)? = table.expire(identifier: request.identifier, now: now)
            else { return XCTFail("retransmission \(retransmission) expected") }
            XCTAssertEqual(identifier, request.identifier)
            XCTAssertEqual(again, bytes, "same Identifier and authenticator: the very same datagram")
        }
        XCTAssertEqual(table.expire(identifier: request.identifier, now: t0 + .seconds(4)),
                       .timedOut(identifier: request.identifier))
        XCTAssertEqual(table.inFlight, 0)
    }

    func testWrongResponseAuthenticatorIsIgnoredAndTheRightOneAccepted() throws {
        let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var (table, request, _) = try pending(now: t0)
        let response = RADIUSPacket.reply(to: request, code: .accountingResponse)
        let forged = try response.encodeResponse(secret: Array("wrong".utf8), requestAuthenticator: request.authenticator)
        XCTAssertEqual(table.receive(forged, secret: secret, now: t0),
                       .discarded(.failedVerification(identifier: request.identifier)))
        XCTAssertEqual(table.inFlight, 1, "still waiting for the genuine answer")
        let genuine = try response.encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
        guard case .reply(_, let packet, _, _) = table.receive(genuine, secret: secret, now: t0) else {
            return XCTFail("the Accounting-Response without Message-Authenticator must be accepted")
        }
        XCTAssertEqual(packet.code, .accountingResponse)
        XCTAssertEqual(table.inFlight, 0)
    }
}
