import NIOCore
import RADIUS
import XCTest

@testable import UESimulator

/// RFC 5176 on the simulated AP: identification, ACK/NAK, silent drops and retransmissions.
final class DisconnectResponderTests: XCTestCase {
    let secret = Array("testing123".utf8)
    let session = HeldSession(sessionID: "0123456789ABCDEF", userName: "6001010123456789@realm",
                              callingStationId: "02-01-23-45-67-89")
    let now = NIODeadline.uptimeNanoseconds(5_000_000_000)

    func responder() -> DisconnectResponder {
        var responder = DisconnectResponder(secret: secret, nasIPAddress: IPv4Address(127, 0, 0, 1), nasIdentifier: "ue-sim-ap")
        responder.open(session)
        responder.open(HeldSession(sessionID: "FFFF000000000001", userName: "other@realm", callingStationId: "02-00-00-00-00-01"))
        return responder
    }

    func request(identifier: UInt8 = 7, _ build: (inout RADIUSPacket) -> Void) -> RADIUSPacket {
        var packet = RADIUSPacket(code: .disconnectRequest, identifier: identifier)
        build(&packet)
        return packet
    }

    func testIdentificationNeedsEveryPresentAttributeToMatch() {
        XCTAssertTrue(SessionIdentification(acctSessionId: session.sessionID).matches(session))
        XCTAssertTrue(SessionIdentification(userName: session.userName).matches(session))
        XCTAssertTrue(SessionIdentification(callingStationId: "02:01:23:45:67:89").matches(session), "MAC forms compare equal")
        XCTAssertTrue(SessionIdentification(acctSessionId: session.sessionID, userName: session.userName,
                                            callingStationId: session.callingStationId).matches(session))
        XCTAssertFalse(SessionIdentification(acctSessionId: session.sessionID, userName: "someone@else").matches(session))
        XCTAssertFalse(SessionIdentification(acctSessionId: "0000000000000000").matches(session))
        XCTAssertFalse(SessionIdentification(callingStationId: "02-01-23-45-67-88").matches(session))
        XCTAssertFalse(SessionIdentification().matches(session), "nothing identifies nothing")
        XCTAssertFalse(SessionIdentification(nasIdentifier: "ue-sim-ap").namesASession)
        XCTAssertTrue(SessionIdentification(nasIPAddress: IPv4Address(127, 0, 0, 1))
            .names(nasIPAddress: IPv4Address(127, 0, 0, 1), nasIdentifier: "ap"))
        XCTAssertFalse(SessionIdentification(nasIdentifier: "another-ap")
            .names(nasIPAddress: IPv4Address(127, 0, 0, 1), nasIdentifier: "ap"))
    }

    func testMatchingRequestIsAcknowledgedOnceAndItsRetransmissionGetsTheSameReply() throws {
        var responder = responder()
        let packet = request {
            $0.acctSessionId = session.sessionID
            $0.userName = session.userName
            $0.callingStationId = session.callingStationId
        }
        let bytes = try packet.encodeRequest(secret: secret, messageAuthenticator: .first)
        guard case .reply(let reply, .disconnectACK, nil, let ended) = responder.receive(bytes, from: "10.0.0.1:3799", now: now)
        else { return XCTFail("expected an ACK") }
        XCTAssertEqual(ended, [session])
        XCTAssertNil(responder.sessions[session.sessionID])
        let ack = try RADIUSPacket.verifyResponse(reply, secret: secret, requestAuthenticator: Array(bytes[4..<20]),
                                                  requireMessageAuthenticator: true)
        XCTAssertEqual(ack.code, .disconnectACK)
        XCTAssertEqual(ack.identifier, 7)

        XCTAssertEqual(responder.receive(bytes, from: "10.0.0.1:3799", now: now + .seconds(1)), .repeated(bytes: reply))
        // A new request (other Identifier) for the ended session: not found any more.
        let again = try request(identifier: 8) { $0.acctSessionId = session.sessionID }.encodeRequest(secret: secret)
        guard case .reply(_, .disconnectNAK, .sessionContextNotFound?, []) = responder.receive(again, from: "10.0.0.1:3799", now: now)
        else { return XCTFail("expected a NAK") }
    }

    func testCoARequestIsAcknowledgedForAKnownSessionAndEndsNothing() throws {
        var responder = responder()
        var change = RADIUSPacket(code: .coaRequest, identifier: 9)
        change.acctSessionId = session.sessionID
        change.sessionTimeout = 600
        let bytes = try change.encodeRequest(secret: secret, messageAuthenticator: .first)
        guard case .reply(_, .coaACK, nil, []) = responder.receive(bytes, from: "10.0.0.1:3799", now: now)
        else { return XCTFail("expected a CoA-ACK") }
        XCTAssertNotNil(responder.sessions[session.sessionID], "a CoA-Request does not end the session")
        var unknown = RADIUSPacket(code: .coaRequest, identifier: 10)
        unknown.acctSessionId = "0000000000000000"
        let other = try unknown.encodeRequest(secret: secret)
        guard case .reply(_, .coaNAK, .sessionContextNotFound?, []) = responder.receive(other, from: "10.0.0.1:3799", now: now)
        else { return XCTFail("expected a CoA-NAK") }
    }

    func testUnknownSessionIsNAKedWithError503AndNoMessageAuthenticatorUnlessAsked() throws {
        var responder = responder()
        let bytes = try request { $0.acctSessionId = "0000000000000000" }.encodeRequest(secret: secret)
        guard case .reply(let reply, .disconnectNAK, .sessionContextNotFound?, []) = responder.receive(bytes, from: "a:1", now: now)
        else { return XCTFail("expected a NAK") }
        let nak = try RADIUSPacket.verifyResponse(reply, secret: secret, requestAuthenticator: Array(bytes[4..<20]))
        XCTAssertEqual(nak.errorCause, .sessionContextNotFound)
        XCTAssertFalse(nak.has(.messageAuthenticator))
        XCTAssertEqual(responder.sessions.count, 2)
    }

    func testOtherNASOrNoIdentificationIsNAKed() throws {
        var responder = responder()
        let otherNAS = try request {
            $0.acctSessionId = session.sessionID
            $0.nasIdentifier = "another-ap"
        }.encodeRequest(secret: secret)
        guard case .reply(_, .disconnectNAK, .nasIdentificationMismatch?, []) = responder.receive(otherNAS, from: "a:1", now: now)
        else { return XCTFail("expected NAK 403") }
        let anonymous = try request(identifier: 9) { $0.nasIdentifier = "ue-sim-ap" }.encodeRequest(secret: secret)
        guard case .reply(_, .disconnectNAK, .missingAttribute?, []) = responder.receive(anonymous, from: "a:1", now: now)
        else { return XCTFail("expected NAK 402") }
        XCTAssertNotNil(responder.sessions[session.sessionID])
    }

    func testForgedRequestsAreDroppedSilently() throws {
        var responder = responder()
        let packet = request { $0.acctSessionId = session.sessionID }
        let wrongSecret = try packet.encodeRequest(secret: Array("not-the-secret".utf8))
        guard case .dropped(let why) = responder.receive(wrongSecret, from: "a:1", now: now) else {
            return XCTFail("a bad Request Authenticator must be dropped")
        }
        XCTAssertEqual(why, "bad Request Authenticator")

        guard case .dropped = responder.receive([1, 2, 3], from: "a:1", now: now) else { return XCTFail("garbage") }
        XCTAssertNotNil(responder.sessions[session.sessionID], "nothing ended")
    }

    func testRepliesAreCachedPerSourceForTheReplayWindow() throws {
        var responder = responder()
        let bytes = try request { $0.acctSessionId = "0000000000000000" }.encodeRequest(secret: secret)
        guard case .reply(let first, _, _, _) = responder.receive(bytes, from: "a:1", now: now) else { return XCTFail() }
        XCTAssertEqual(responder.receive(bytes, from: "a:1", now: now + .seconds(29)), .repeated(bytes: first))
        guard case .reply = responder.receive(bytes, from: "b:1", now: now + .seconds(29)) else {
            return XCTFail("another source's request is answered afresh")
        }
        guard case .reply = responder.receive(bytes, from: "a:1", now: now + .seconds(31)) else {
            return XCTFail("after the window the request is handled again")
        }
    }
}
