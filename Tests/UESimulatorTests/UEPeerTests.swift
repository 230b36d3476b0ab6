import EAP
import EAPAKA
import Milenage
import TestSupport
import XCTest

@testable import UESimulator

final class UEPeerTests: XCTestCase {
    /// What a conversation produced.
    struct Conversation {
        var ue: UEPeer
        var server: ScriptedAKAServer
        /// The phone's last output (succeeded / failed / abandoned).
        var outcome: UEPeerOutput
        /// Server verdict when it ended the conversation.
        var verdict: ScriptedAKAServer.Verdict?
        var serverMSK: [UInt8]?
        /// Names of the phone's responses, in order.
        var responses: [String]
    }

    /// Plays EAP between the phone and the server until one side ends it.
    func converse(_ ue: UEPeer, _ server: ScriptedAKAServer) throws -> Conversation {
        var ue = ue
        var server = server
        var responses: [String] = []
        var verdict: ScriptedAKAServer.Verdict?
        var serverMSK: [UInt8]?
        var toPeer = try EAPPacket.identityRequest(identifier: 1).encode()
        for _ in 0..<12 {
            let output = ue.receive(toPeer)
            guard case .respond(let eap, let summary) = output else {
                return Conversation(ue: ue, server: server, outcome: output, verdict: verdict, serverMSK: serverMSK,
                                    responses: responses)
            }
            responses.append(summary)
            switch try server.handle(eap) {
            case .request(let next):
                toPeer = next
            case .success(let eap, let msk):
                serverMSK = msk
                verdict = .success
                toPeer = eap
            case .failure(let eap, let reason):
                verdict = reason
                toPeer = eap
            }
        }
        XCTFail("conversation did not end")
        return Conversation(ue: ue, server: server, outcome: .discarded("loop"), verdict: verdict, serverMSK: serverMSK,
                            responses: responses)
    }

    func phone(_ identity: String = TestSIM.akaPrimeIdentity, methods: Set<AKAMethod> = [.aka, .akaPrime],
               anonymous: String? = nil, corruptsRES: Bool = false, usim: SimulatedUSIM? = nil) throws -> UEPeer {
        UEPeer(
            configuration: UEPeerConfiguration(
                permanentIdentity: identity, supportedMethods: methods, anonymousIdentity: anonymous,
                expectedNetworkName: Array("WLAN".utf8), corruptsRES: corruptsRES),
            usim: try usim ?? TestSIM.usim())
    }

    func server(_ method: AKAMethod, seq: UInt64 = 5) throws -> ScriptedAKAServer {
        ScriptedAKAServer(hss: try TestSIM.milenage(), sqnHE: TestSIM.sqn(seq: seq), method: method)
    }

    // MARK: Full authentications

    func testEAPAKAAuthenticationDerivesTheServersMSK() throws {
        let result = try converse(try phone(TestSIM.akaIdentity, methods: [.aka]), try server(.aka))
        XCTAssertEqual(result.verdict, .success)
        XCTAssertEqual(result.responses, ["EAP-Response/Identity", "AKA-Challenge response"])
        guard case .succeeded(let msk) = result.outcome else { return XCTFail("\(result.outcome)") }
        XCTAssertEqual(msk.count, 64)
        XCTAssertEqual(msk, result.serverMSK)
        XCTAssertEqual(result.ue.msk, msk)
        XCTAssertEqual(result.ue.method, .aka)
    }

    func testEAPAKAPrimeAuthenticationDerivesTheServersMSK() throws {
        let result = try converse(try phone(), try server(.akaPrime))
        XCTAssertEqual(result.verdict, .success)
        XCTAssertEqual(result.responses, ["EAP-Response/Identity", "AKA'-Challenge response"])
        guard case .succeeded(let msk) = result.outcome else { return XCTFail("\(result.outcome)") }
        XCTAssertEqual(msk, result.serverMSK)
        // The card recorded the SQN it accepted (SEQ 6 after SQN_HE SEQ 5).
        XCTAssertEqual(SequenceNumberScheme.standard.seq(of: result.ue.usim.sequenceState.highestAccepted), 6)
    }

    func testAPhoneThatAbandonsAtTheChallengeNeverAnswersIt() throws {
        let abandoning = UEPeer(
            configuration: UEPeerConfiguration(permanentIdentity: TestSIM.akaPrimeIdentity, expectedNetworkName: Array("WLAN".utf8),
                                               abandonsAtChallenge: true),
            usim: try TestSIM.usim())
        let result = try converse(abandoning, try server(.akaPrime))
        XCTAssertEqual(result.responses, ["EAP-Response/Identity"], "nothing after the identity")
        guard case .abandoned(.abandonedAtChallenge) = result.outcome else { return XCTFail("\(result.outcome)") }
    }

    func testResultIndicationIsAnsweredWithAProtectedNotification() throws {
        var server = try server(.akaPrime)
        server.resultIndication = true
        let result = try converse(try phone(), server)
        XCTAssertEqual(result.responses, ["EAP-Response/Identity", "AKA'-Challenge response", "AKA'-Notification response"])
        XCTAssertEqual(result.verdict, .success)
        guard case .succeeded(let msk) = result.outcome else { return XCTFail("\(result.outcome)") }
        XCTAssertEqual(msk, result.serverMSK)
    }

    func testSecondAuthenticationUsesTheCarriedSQNState() throws {
        let first = try converse(try phone(), try server(.akaPrime, seq: 5))
        guard case .succeeded = first.outcome else { return XCTFail("\(first.outcome)") }
        // The same server state again: a replayed SQN is refused by the card (resync happens).
        let replay = try converse(try phone(usim: first.ue.usim), try server(.akaPrime, seq: 5))
        XCTAssertEqual(replay.server.synchronizations, 1)
        guard case .succeeded = replay.outcome else { return XCTFail("\(replay.outcome)") }
    }

    // MARK: Resynchronisation

    func testCardAheadOfTheHSSResynchronisesWithAUTS() throws {
        let result = try converse(try phone(usim: try TestSIM.usim(seq: 40)), try server(.akaPrime, seq: 5))
        XCTAssertEqual(result.responses, [
            "EAP-Response/Identity", "AKA'-Synchronization-Failure", "AKA'-Challenge response",
        ])
        XCTAssertEqual(result.server.synchronizations, 1)
        XCTAssertEqual(result.ue.synchronizationFailures, 1)
        guard case .succeeded(let msk) = result.outcome else { return XCTFail("\(result.outcome)") }
        XCTAssertEqual(msk, result.serverMSK)
    }

    func testEAPAKASynchronizationFailureCarriesAUTSOnly() throws {
        var ue = try phone(TestSIM.akaIdentity, methods: [.aka], usim: try TestSIM.usim(seq: 40))
        var server = try server(.aka, seq: 5)
        _ = ue.receive(try EAPPacket.identityRequest(identifier: 1).encode())
        guard case .request(let challenge) = try server.handle(try EAPPacket.identityResponse(identifier: 1, identity: TestSIM.akaIdentity).encode()),
            case .respond(let eap, _) = ue.receive(challenge)
        else { return XCTFail() }
        let message = try AKAMessage(decoding: eap)
        XCTAssertEqual(message.subtype, .synchronizationFailure)
        XCTAssertEqual(message.auts?.count, 14)
        XCTAssertEqual(message.kdfs, [])
        // The AUTS is genuine: the HSS recovers the card's SQN_MS (SEQ 40).
        let sqnMS = try TestSIM.milenage().recoverSQN(rand: try XCTUnwrap(AKAMessage(decoding: challenge).rand),
                                                       auts: try XCTUnwrap(message.auts))
        XCTAssertEqual(SequenceNumberScheme.standard.seq(of: sqnMS), 40)
    }

    func testServerThatNeverResynchronisesEndsInASyncFailureLoop() throws {
        var server = try server(.akaPrime, seq: 5)
        server.ignoresAUTS = true
        let result = try converse(try phone(usim: try TestSIM.usim(seq: 1000)), server)
        XCTAssertEqual(result.outcome, .abandoned(.syncFailureLoop))
        XCTAssertEqual(result.server.synchronizations, 2)
    }

    // MARK: Network authentication failures

    func testWrongKIsRejectedByThePhoneAsMACFailure() throws {
        let result = try converse(try phone(usim: try TestSIM.usim(wrongK: true)), try server(.akaPrime))
        XCTAssertEqual(result.responses, ["EAP-Response/Identity", "AKA'-Authentication-Reject"])
        XCTAssertEqual(result.verdict, .authenticationReject)
        XCTAssertEqual(result.outcome, .failed(.macFailure))
        XCTAssertNil(result.ue.msk)
    }

    func testWrongKWithoutNetworkCheckReachesTheServerAsAMACFailure() throws {
        let usim = try TestSIM.usim(wrongK: true, skipsNetworkAuthentication: true)
        // A phone that trusts the network blindly answers with keys from the wrong K: the server's
        // AT_MAC check fails and it sends EAP-Failure.
        let result = try converse(try phone(usim: usim), try server(.akaPrime))
        XCTAssertEqual(result.responses.last, "AKA'-Challenge response")
        XCTAssertEqual(result.verdict, .macFailure)
        XCTAssertEqual(result.outcome, .failed(.reject))
    }

    func testCorruptedRESFailsTheServersRESCheckNotItsMACCheck() throws {
        let result = try converse(try phone(corruptsRES: true), try server(.akaPrime))
        XCTAssertEqual(result.verdict, .resMismatch)
        XCTAssertEqual(result.outcome, .failed(.reject))
    }

    func testTamperedChallengeMACIsAnsweredWithClientError() throws {
        var ue = try phone()
        var server = try server(.akaPrime)
        guard case .respond(let identity, _) = ue.receive(try EAPPacket.identityRequest(identifier: 1).encode()),
            case .request(var challenge) = try server.handle(identity)
        else { return XCTFail() }
        challenge[challenge.count - 1] ^= 0x01  // last octet of AT_MAC
        guard case .respond(let eap, let summary) = ue.receive(challenge) else { return XCTFail() }
        XCTAssertEqual(summary, "AKA'-Client-Error")
        XCTAssertEqual(try AKAMessage(decoding: eap).clientErrorCode, 0)
        XCTAssertEqual(ue.receive(EAPPacket.failure(identifier: 3).encode()), .failed(.macFailure))
    }

    // MARK: Identity rounds and AT_CHECKCODE

    func testAnonymousIdentityThenPermanentIDRequestWithCheckcode() throws {
        var server = try server(.akaPrime)
        server.identityRequest = .permanentIDReq
        let ue = try phone(anonymous: "anonymous@wlan.mnc001.mcc001.3gppnetwork.org")
        let result = try converse(ue, server)
        XCTAssertEqual(result.responses, ["EAP-Response/Identity", "AKA'-Identity response", "AKA'-Challenge response"])
        XCTAssertEqual(result.verdict, .success, "server verified the phone's AT_CHECKCODE and RES")
        XCTAssertEqual(result.ue.identityRounds, 1)
        XCTAssertEqual(result.server.identity, Array(TestSIM.akaPrimeIdentity.utf8), "keys bound to the permanent identity")
        guard case .succeeded(let msk) = result.outcome else { return XCTFail("\(result.outcome)") }
        XCTAssertEqual(msk, result.serverMSK)
    }

    func testEAPAKAIdentityRoundUsesSHA1Checkcode() throws {
        var server = try server(.aka)
        server.identityRequest = .fullAuthIDReq
        let result = try converse(try phone(TestSIM.akaIdentity, methods: [.aka]), server)
        XCTAssertEqual(result.verdict, .success)
        guard case .succeeded = result.outcome else { return XCTFail("\(result.outcome)") }
    }

    func testCheckcodeMismatchIsAnsweredWithClientError() throws {
        var server = try server(.akaPrime)
        server.identityRequest = .anyIDReq
        server.corruptsCheckcode = true
        let result = try converse(try phone(), server)
        XCTAssertEqual(result.responses.last, "AKA'-Client-Error")
        XCTAssertEqual(result.outcome, .failed(.checkcodeMismatch))
    }

    func testIdentityRequestsOutOfOrderAreRefused() throws {
        var ue = try phone()
        _ = ue.receive(try EAPPacket.identityRequest(identifier: 1).encode())
        let permanent = try AKAMessage(method: .akaPrime, code: .request, identifier: 2, subtype: .identity,
                                       attributes: [.permanentIDReq]).encode()
        guard case .respond(_, let first) = ue.receive(permanent) else { return XCTFail() }
        XCTAssertEqual(first, "AKA'-Identity response")
        // After AT_PERMANENT_ID_REQ no further identity request is legitimate (RFC 4187 4.1.6).
        let any = try AKAMessage(method: .akaPrime, code: .request, identifier: 3, subtype: .identity,
                                 attributes: [.anyIDReq]).encode()
        guard case .respond(_, let second) = ue.receive(any) else { return XCTFail() }
        XCTAssertEqual(second, "AKA'-Client-Error")
    }

    // MARK: Method and KDF checks

    func testBiddingDownIsRejectedByAnAKAPrimeCapablePhone() throws {
        var server = try server(.aka)
        server.bidding = true
        let result = try converse(try phone(TestSIM.akaIdentity, methods: [.aka, .akaPrime]), server)
        XCTAssertEqual(result.responses.last, "AKA-Authentication-Reject")
        XCTAssertEqual(result.outcome, .failed(.biddingDown))
    }

    func testBiddingIsIgnoredByAnAKAOnlyPhone() throws {
        var server = try server(.aka)
        server.bidding = true
        let result = try converse(try phone(TestSIM.akaIdentity, methods: [.aka]), server)
        XCTAssertEqual(result.verdict, .success)
    }

    func testUnsupportedKDFIsRejected() throws {
        var server = try server(.akaPrime)
        server.kdfs = [2]
        let result = try converse(try phone(), server)
        XCTAssertEqual(result.responses.last, "AKA'-Authentication-Reject")
        XCTAssertEqual(result.outcome, .failed(.unsupportedKDF))
    }

    func testUnexpectedNetworkNameIsRejected() throws {
        var server = try server(.akaPrime)
        server.networkName = Array("HRPD".utf8)
        let result = try converse(try phone(), server)
        XCTAssertEqual(result.outcome, .failed(.unsupportedKDF))
    }

    func testAKAPrimeWithoutAMFSeparationBitIsRejected() throws {
        var server = try server(.akaPrime)
        server.amf = 0x0000
        let result = try converse(try phone(), server)
        XCTAssertEqual(result.responses.last, "AKA'-Authentication-Reject")
        XCTAssertEqual(result.outcome, .failed(.amfSeparationBit))
    }

    func testUnsupportedMethodIsAnsweredWithNak() throws {
        var ue = try phone(TestSIM.akaIdentity, methods: [.aka])
        _ = ue.receive(try EAPPacket.identityRequest(identifier: 1).encode())
        let akaPrime = try AKAMessage(method: .akaPrime, code: .request, identifier: 2, subtype: .identity,
                                      attributes: [.anyIDReq]).encode()
        guard case .respond(let eap, let summary) = ue.receive(akaPrime) else { return XCTFail() }
        XCTAssertEqual(summary, "EAP-Response/Nak")
        XCTAssertEqual(try EAPPacket(decoding: eap).nakDesiredTypes, [.aka])
        XCTAssertEqual(ue.receive(EAPPacket.failure(identifier: 2).encode()), .failed(.methodRefused))
    }

    // MARK: Robustness

    func testRetransmittedRequestGetsTheSameResponse() throws {
        var ue = try phone()
        var server = try server(.akaPrime)
        guard case .respond(let identity, _) = ue.receive(try EAPPacket.identityRequest(identifier: 1).encode()),
            case .request(let challenge) = try server.handle(identity),
            case .respond(let first, _) = ue.receive(challenge),
            case .respond(let again, _) = ue.receive(challenge)
        else { return XCTFail() }
        XCTAssertEqual(first, again)
        XCTAssertEqual(ue.synchronizationFailures, 0, "the repeated challenge did not reach the USIM again")
    }

    func testSuccessBeforeTheChallengeIsNotAccepted() throws {
        var ue = try phone()
        _ = ue.receive(try EAPPacket.identityRequest(identifier: 1).encode())
        XCTAssertEqual(ue.receive(EAPPacket.success(identifier: 1).encode()), .failed(.protocolError))
        XCTAssertNil(ue.msk)
    }

    func testMalformedInputIsDiscardedNeverTraps() throws {
        var generator = SplitMix64(seed: 0x5EED)
        var ue = try phone()
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 80)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if bytes.count > 4 {
                bytes[0] = 1
                bytes[2] = UInt8(truncatingIfNeeded: bytes.count >> 8)
                bytes[3] = UInt8(truncatingIfNeeded: bytes.count)
                bytes[4] = [23, 50, 1, 2][Int(generator.next() % 4)]
            }
            _ = ue.receive(bytes)
            if ue.phase == .failed || ue.phase == .succeeded { ue = try phone() }
        }
    }
}

