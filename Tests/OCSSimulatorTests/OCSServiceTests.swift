import Diameter
import Foundation
import OCSSimulator
import XCTest

/// The service on Diameter messages, without a network: what every answer carries, usage given as
/// CC-Total-Octets only, malformed CCRs, faults that leave requests unanswered and unapplied, the file.
final class OCSServiceTests: XCTestCase {
    private func answer(_ service: OCSService, _ request: DiameterMessage) async throws -> DiameterMessage {
        let message = await service.handle(request)
        return try XCTUnwrap(message, "unanswered")
    }

    func testEveryAnswerCarriesTheCreditControlIdentity() async throws {
        let service = OCSFixture.service()
        for ccr in [OCSFixture.ccr(.initial, 0), OCSFixture.ccr(.update, 1, output: 10), OCSFixture.ccr(.termination, 2),
                    OCSFixture.ccr(.update, 9, session: "nope")] {
            let request = ccr.message(hopByHop: 0x10 + ccr.requestNumber, endToEnd: 0x20)
            let message = try await answer(service, request)
            XCTAssertFalse(message.flags.contains(.request))
            XCTAssertEqual(message.hopByHopID, request.hopByHopID)
            XCTAssertEqual(message.endToEndID, 0x20)
            XCTAssertEqual(message.originHost, OCSFixture.ocsHost)
            XCTAssertEqual(message.originRealm, OCSFixture.ocsRealm)
            XCTAssertEqual(message.authApplicationIDs, [DiameterApplication.creditControl.rawValue])
            let cca = try CreditControlAnswer(decoding: message, answering: ccr)
            XCTAssertEqual(cca.requestType, ccr.requestType)
            XCTAssertEqual(cca.requestNumber, ccr.requestNumber)
        }
    }

    func testARetransmissionGetsTheSameAnswerUnderItsOwnIdentifiers() async throws {
        let service = OCSFixture.service()
        _ = await service.handle(OCSFixture.ccr(.initial, 0).message(hopByHop: 1, endToEnd: 1))
        let ccr = OCSFixture.ccr(.update, 1, output: 700)
        let first = try await answer(service, ccr.message(hopByHop: 2, endToEnd: 2))
        var retransmission = ccr.message(hopByHop: 3, endToEnd: 2)
        retransmission.flags.insert(.retransmitted)
        let second = try await answer(service, retransmission)
        XCTAssertEqual(second.hopByHopID, 3)
        XCTAssertFalse(second.flags.contains(.retransmitted))
        XCTAssertEqual(second.avps, first.avps, "the very same answer")
        let ledger = await service.snapshot()
        XCTAssertEqual(ledger.sessions["s1"]?.used, 700)
        XCTAssertEqual(ledger.duplicates, 1)
    }

    func testUsageReportedAsTotalOctetsOnlyIsDebited() async throws {
        let service = OCSFixture.service()
        _ = await service.handle(OCSFixture.ccr(.initial, 0).message())
        // A client that reports CC-Total-Octets alone in Used-Service-Unit.
        var request = OCSFixture.ccr(.update, 1).message()
        request.avps = request.avps.map { avp in
            guard avp.code == DiameterAVPCode.multipleServicesCreditControl else { return avp }
            return .multipleServicesCreditControl([
                .requestedServiceUnit([.ccTotalOctets(1_000)]), .usedServiceUnit([.ccTotalOctets(4_321)]), .ratingGroup(100),
            ])
        }
        let reply = try await answer(service, request)
        XCTAssertEqual(reply.resultCode, 2001)
        let ledger = await service.snapshot()
        XCTAssertEqual(ledger.sessions["s1"]?.used, 4_321)
        XCTAssertEqual(ledger.account?.balance, 10_000 - 4_321)
    }

    func testMalformedCCRIsAnsweredWithItsError() async throws {
        let service = OCSFixture.service()
        var request = OCSFixture.ccr(.initial, 0).message()
        request.avps.removeAll { $0.code == DiameterAVPCode.ccRequestNumber }
        let reply = try await answer(service, request)
        XCTAssertEqual(reply.resultCode, 5005)
        XCTAssertEqual(reply.originHost, OCSFixture.ocsHost)
        XCTAssertEqual(reply.originRealm, OCSFixture.ocsRealm)
        let failed = try XCTUnwrap(reply.first(code: DiameterAVPCode.failedAVP)?.grouped())
        XCTAssertEqual(failed.first?.code, DiameterAVPCode.ccRequestNumber)

        var noIMSI = OCSFixture.ccr(.initial, 0).message()
        noIMSI.avps.removeAll { $0.code == DiameterAVPCode.subscriptionID }
        let missing = await service.handle(noIMSI)
        XCTAssertEqual(missing?.resultCode, 5005)

        var badType = OCSFixture.ccr(.initial, 0).message()
        badType.avps = badType.avps.map { $0.code == DiameterAVPCode.ccRequestType ? .ccRequestType(9) : $0 }
        let invalid = await service.handle(badType)
        XCTAssertEqual(invalid?.resultCode, 5004)
        let ledger = await service.snapshot()
        XCTAssertTrue(ledger.sessions.isEmpty)
        XCTAssertTrue(ledger.events.isEmpty)
    }

    func testOtherCommandsAreUnsupported() async throws {
        let service = OCSFixture.service()
        let rar = GyServerRequest.reAuth(sessionID: "s1").message(originHost: "x", originRealm: "y", destinationHost: "z",
                                                                   destinationRealm: "w")
        let reply = await service.handle(rar)
        XCTAssertEqual(reply?.resultCode, 3001)
    }

    func testDroppedUpdatesAreNeitherAnsweredNorApplied() async throws {
        let service = OCSFixture.service(faults: OCSFaults(dropUpdates: true))
        let i = await service.handle(OCSFixture.ccr(.initial, 0).message())
        XCTAssertEqual(i?.resultCode, 2001, "CCR-I still answered")
        let update = OCSFixture.ccr(.update, 1, output: 600)
        let dropped = await service.handle(update.message())
        XCTAssertNil(dropped)
        var ledger = await service.snapshot()
        XCTAssertEqual(ledger.sessions["s1"]?.used, 0, "the OCS never saw it")
        XCTAssertEqual(ledger.account?.balance, 10_000)
        XCTAssertEqual(ledger.events.count, 1)

        // Faults off: the client's retransmission is applied, once.
        await service.setFaults(OCSFaults())
        var retransmission = update.message()
        retransmission.flags.insert(.retransmitted)
        let answered = await service.handle(retransmission)
        XCTAssertEqual(answered?.resultCode, 2001)
        ledger = await service.snapshot()
        XCTAssertEqual(ledger.sessions["s1"]?.used, 600)
        XCTAssertEqual(ledger.duplicates, 0, "the first one was never answered: not a duplicate")
        let t = await service.handle(OCSFixture.ccr(.termination, 2).message())
        XCTAssertEqual(t?.resultCode, 2001)
    }

    func testSilentAnswersNothing() async throws {
        let service = OCSFixture.service(faults: OCSFaults(silent: true))
        let i = await service.handle(OCSFixture.ccr(.initial, 0).message())
        let t = await service.handle(OCSFixture.ccr(.termination, 1).message())
        XCTAssertNil(i)
        XCTAssertNil(t)
        let ledger = await service.snapshot()
        XCTAssertTrue(ledger.sessions.isEmpty)
        XCTAssertEqual(ledger.account?.reserved, 0)
    }

    func testAnswerDelay() async throws {
        let service = OCSFixture.service(faults: OCSFaults(answerDelayMilliseconds: 150))
        let start = ContinuousClock.now
        let i = await service.handle(OCSFixture.ccr(.initial, 0).message())
        XCTAssertEqual(i?.resultCode, 2001)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(150))
    }

    func testTopUpThenGrantAgain() async throws {
        let service = OCSFixture.service(balance: 1_000)
        _ = await service.handle(OCSFixture.ccr(.initial, 0).message())
        let empty = try await answer(service, OCSFixture.ccr(.update, 1, output: 1_000).message())
        XCTAssertEqual(try CreditControlAnswer(decoding: empty).services.first?.resultCode, 4012)
        let balance = await service.topUp(imsi: OCSFixture.imsi, octets: 3_000)
        XCTAssertEqual(balance, 3_000)
        let again = try await answer(service, OCSFixture.ccr(.update, 2).message())
        XCTAssertEqual(try CreditControlAnswer(decoding: again).services.first?.grantedOctets, 1_000)
        let huge = await service.topUp(imsi: OCSFixture.imsi, octets: .max)
        XCTAssertEqual(huge, .max, "saturates")
        let unknown = await service.topUp(imsi: "999", octets: 1)
        XCTAssertNil(unknown)
        let set = await service.setBalance(imsi: OCSFixture.imsi, octets: 5)
        XCTAssertTrue(set)
        let ledger = await service.snapshot()
        XCTAssertEqual(ledger.account?.balance, 5)
    }

    func testLedgerFileIsRewrittenAfterChanges() async throws {
        let dir = try OCSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ledger.json").path
        let service = OCSFixture.service(ledgerPath: path)
        await service.flushNow()
        XCTAssertNotNil(try OCSFixture.object(Data(contentsOf: URL(fileURLWithPath: path)))["subscribers"])
        _ = await service.handle(OCSFixture.ccr(.initial, 0).message())
        _ = await service.handle(OCSFixture.ccr(.termination, 1, input: 10, output: 20).message())
        var sessions: [String: Any] = [:]
        for _ in 0..<100 {
            let object = try OCSFixture.object(Data(contentsOf: URL(fileURLWithPath: path)))
            sessions = object["sessions"] as? [String: Any] ?? [:]
            if (sessions["s1"] as? [String: Any])?["open"] as? Bool == false { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let s1 = try XCTUnwrap(sessions["s1"] as? [String: Any])
        XCTAssertEqual(s1["used_octets"] as? Int, 30)
        XCTAssertEqual(s1["open"] as? Bool, false)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(leftovers, ["ledger.json"], "written through a temporary file and a rename")
    }
}
