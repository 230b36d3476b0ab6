import RADIUS
import RADIUSFrontend
import XCTest

final class ReplyBuilderTests: XCTestCase {
    let secret = TestData.secret

    private func verify(_ reply: EncodedReply, for request: RADIUSPacket) throws -> RADIUSPacket {
        let packet = try RADIUSPacket.verifyResponse(reply.bytes, secret: secret, requestAuthenticator: request.authenticator,
                                                     requireMessageAuthenticator: true)
        XCTAssertEqual(packet.attributes.first?.type, RADIUSAttributeType.messageAuthenticator.rawValue, "Message-Authenticator first")
        XCTAssertFalse(packet.has(.replyMessage))
        XCTAssertEqual(packet.identifier, request.identifier)
        return packet
    }

    func testChallengeCarriesEAPStateAndProxyState() throws {
        let request = TestData.accessRequest(proxyState: [0xAB, 0xCD])
        let eap = [UInt8](repeating: 0x17, count: 600)
        let reply = try XCTUnwrap(ReplyBuilder.reply(to: request, decision: .challenge(eap: eap, state: [1, 2, 3]),
                                                     secret: secret, settings: ReplySettings()))
        XCTAssertEqual(reply.code, .accessChallenge)
        let packet = try verify(reply, for: request)
        XCTAssertEqual(packet.eapMessage, eap)
        XCTAssertEqual(packet.values(.eapMessage).map(\.count), [253, 253, 94])
        XCTAssertEqual(packet.state, [1, 2, 3])
        XCTAssertEqual(packet.proxyStates, [[0xAB, 0xCD]])
    }

    func testFramedMTUShrinksFragments() throws {
        XCTAssertEqual(EAPFragmentSizing.maximumFragmentSize(framedMTU: nil), 253)
        XCTAssertEqual(EAPFragmentSizing.maximumFragmentSize(framedMTU: 1400), 253)
        XCTAssertEqual(EAPFragmentSizing.maximumFragmentSize(framedMTU: 200), 194)
        XCTAssertEqual(EAPFragmentSizing.maximumFragmentSize(framedMTU: 68), 62)
        XCTAssertEqual(EAPFragmentSizing.maximumFragmentSize(framedMTU: 20), 253, "bogus MTU ignored")
        let request = TestData.accessRequest(framedMTU: 100)
        let eap = [UInt8](repeating: 1, count: 300)
        let reply = try XCTUnwrap(ReplyBuilder.reply(to: request, decision: .challenge(eap: eap, state: [1]),
                                                     secret: secret, settings: ReplySettings()))
        let packet = try verify(reply, for: request)
        XCTAssertEqual(packet.values(.eapMessage).map(\.count), [94, 94, 94, 18])
        XCTAssertEqual(packet.eapMessage, eap)
    }

    func testAcceptCarriesKeysClassAndSessionAttributes() throws {
        let request = TestData.accessRequest()
        let acceptance = AuthAcceptance(eap: [3, 7, 0, 4], msk: TestData.msk, sessionClass: Array("twag-1".utf8),
                                        userName: "anonymous@realm")
        let settings = ReplySettings(acctInterimInterval: 600, sessionTimeout: 3600)
        let reply = try XCTUnwrap(ReplyBuilder.reply(to: request, decision: .accept(acceptance), secret: secret, settings: settings))
        XCTAssertEqual(reply.code, .accessAccept)
        let packet = try verify(reply, for: request)
        XCTAssertEqual(packet.eapMessage, [3, 7, 0, 4])
        XCTAssertEqual(packet.userName, "anonymous@realm")
        XCTAssertEqual(packet.classes, [Array("twag-1".utf8)])
        XCTAssertEqual(packet.acctInterimInterval, 600)
        XCTAssertEqual(packet.sessionTimeout, 3600)
        XCTAssertEqual(packet.terminationAction, .radiusRequest)
        let keys = try XCTUnwrap(packet.mppeKeys(secret: secret, requestAuthenticator: request.authenticator))
        XCTAssertEqual(keys.recvKey, Array(TestData.msk[0..<32]))
        XCTAssertEqual(keys.sendKey, Array(TestData.msk[32..<64]))
    }

    func testAcceptWithoutSessionTimeoutHasNoTerminationAction() throws {
        let request = TestData.accessRequest()
        var acceptance = AuthAcceptance(eap: [3, 7, 0, 4], msk: TestData.msk, sessionClass: [1])
        acceptance.acctInterimInterval = 300
        let reply = try XCTUnwrap(ReplyBuilder.reply(to: request, decision: .accept(acceptance), secret: secret,
                                                     settings: ReplySettings(acctInterimInterval: 600)))
        let packet = try verify(reply, for: request)
        XCTAssertNil(packet.sessionTimeout)
        XCTAssertNil(packet.terminationAction)
        XCTAssertEqual(packet.acctInterimInterval, 300, "aaa-core's value wins")
        XCTAssertEqual(packet.userName, request.userName, "falls back to the request's User-Name")
    }

    func testRejectCarriesEAPFailure() throws {
        let request = TestData.accessRequest()
        let reply = try XCTUnwrap(ReplyBuilder.reply(to: request, decision: .reject(eap: [4, 1, 0, 4], reason: nil),
                                                     secret: secret, settings: ReplySettings()))
        XCTAssertEqual(reply.code, .accessReject)
        XCTAssertEqual(try verify(reply, for: request).eapMessage, [4, 1, 0, 4])
        // Without one from aaa-core, an EAP-Failure answering the request's EAP Identifier.
        let synthesized = try XCTUnwrap(ReplyBuilder.reply(to: request, decision: .reject(eap: nil, reason: nil),
                                                           secret: secret, settings: ReplySettings()))
        XCTAssertEqual(try verify(synthesized, for: request).eapMessage, [4, TestData.eapIdentity[1], 0, 4])
    }

    func testDiscardHasNoReply() throws {
        XCTAssertNil(try ReplyBuilder.reply(to: TestData.accessRequest(), decision: .discard(reason: "stale"),
                                            secret: secret, settings: ReplySettings()))
    }

    func testOversizedStateIsAnError() {
        XCTAssertThrowsError(try ReplyBuilder.reply(to: TestData.accessRequest(),
                                                    decision: .challenge(eap: [1, 1, 0, 4], state: [UInt8](repeating: 0, count: 254)),
                                                    secret: secret, settings: ReplySettings())) { error in
            XCTAssertEqual(error as? ReplyBuildError, .valueTooLong(.state, 254))
        }
    }

    func testStatusServerReply() throws {
        let request = RADIUSPacket(code: .statusServer, identifier: 42, authenticator: RADIUSPacket.randomAuthenticator())
        let reply = try ReplyBuilder.statusServerReply(to: request, secret: secret)
        XCTAssertEqual(reply.code, .accessAccept)
        XCTAssertEqual(try verify(reply, for: request).attributes.count, 1)
    }
}
