import NIOCore
import RADIUS
import XCTest

@testable import UESimulator

final class RADIUSTransactionTableTests: XCTestCase {
    let secret = Array("testing123".utf8)
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func signedRequest(identifier: UInt8) throws -> (bytes: [UInt8], packet: RADIUSPacket) {
        var packet = RADIUSPacket(code: .accessRequest, identifier: identifier, authenticator: RADIUSPacket.randomAuthenticator())
        packet.userName = "6001010123456789@wlan.mnc001.mcc001.3gppnetwork.org"
        packet.eapMessage = [2, 1, 0, 5, 1]
        return (try packet.encodeRequest(secret: secret), packet)
    }

    func reply(to request: RADIUSPacket, code: RADIUSCode = .accessChallenge, secret: [UInt8]? = nil,
               messageAuthenticator: MessageAuthenticatorPolicy = .first) throws -> [UInt8] {
        var reply = RADIUSPacket.reply(to: request, code: code)
        reply.state = [1, 2, 3]
        return try reply.encodeResponse(secret: secret ?? self.secret, requestAuthenticator: request.authenticator,
                                        messageAuthenticator: messageAuthenticator)
    }

    func testIdentifiersAreHandedOutRoundRobinAndNeverTwice() {
        var table = RADIUSTransactionTable(policy: RetransmissionPolicy(), firstIdentifier: 250)
        var seen: [UInt8] = []
        for _ in 0..<256 {
            guard let id = table.reserveIdentifier() else { return XCTFail("ran out early") }
            seen.append(id)
        }
        XCTAssertEqual(Set(seen).count, 256)
        XCTAssertEqual(Array(seen.prefix(8)), [250, 251, 252, 253, 254, 255, 0, 1])
        XCTAssertNil(table.reserveIdentifier(), "all 256 outstanding")
        table.release(identifier: 7)
        XCTAssertEqual(table.reserveIdentifier(), 7)
        XCTAssertEqual(table.inFlight, 256)
    }

    func testRetransmitsTheIdenticalBytesThenTimesOut() throws {
        var table = RADIUSTransactionTable(policy: RetransmissionPolicy(timeout: .seconds(1), attempts: 3))
        let id = try XCTUnwrap(table.reserveIdentifier())
        let (bytes, packet) = try signedRequest(identifier: id)
        let deadline = table.register(identifier: id, bytes: bytes, authenticator: packet.authenticator, now: t0)
        XCTAssertEqual(deadline, t0 + .seconds(1))
        XCTAssertEqual(table.expire(now: t0 + .milliseconds(999)), [])
        XCTAssertEqual(table.expire(now: t0 + .seconds(1)),
                       [.retransmit(identifier: id, bytes: bytes, deadline: t0 + .seconds(2))])
        XCTAssertEqual(table.expire(now: t0 + .seconds(2)),
                       [.retransmit(identifier: id, bytes: bytes, deadline: t0 + .seconds(3))])
        XCTAssertEqual(table.expire(now: t0 + .seconds(3)), [.timedOut(identifier: id)])
        XCTAssertEqual(table.inFlight, 0)
        // A late reply to the abandoned request is discarded.
        XCTAssertEqual(table.receive(try reply(to: packet), secret: secret, now: t0), .discarded(.noPendingRequest(identifier: id)))
    }

    func testVerifiedReplyIsDeliveredWithItsTransmissionCount() throws {
        var table = RADIUSTransactionTable(policy: RetransmissionPolicy(timeout: .seconds(1), attempts: 3))
        let id = try XCTUnwrap(table.reserveIdentifier())
        let (bytes, packet) = try signedRequest(identifier: id)
        _ = table.register(identifier: id, bytes: bytes, authenticator: packet.authenticator, now: t0)
        _ = table.expire(now: t0 + .seconds(1))
        guard case .reply(let replyID, let decoded, let transmissions, let elapsed)
            = table.receive(try reply(to: packet), secret: secret, now: t0 + .milliseconds(1_250))
        else { return XCTFail() }
        XCTAssertEqual(replyID, id)
        XCTAssertEqual(decoded.code, .accessChallenge)
        XCTAssertEqual(transmissions, 2)
        XCTAssertEqual(elapsed, .milliseconds(1_250), "timed from the first transmission, as the AP waited")
        XCTAssertEqual(table.expire(now: t0 + .seconds(10)), [], "nothing left to retransmit")
    }

    func testRepliesThatFailVerificationAreDiscarded() throws {
        var table = RADIUSTransactionTable(policy: RetransmissionPolicy())
        let id = try XCTUnwrap(table.reserveIdentifier())
        let (bytes, packet) = try signedRequest(identifier: id)
        _ = table.register(identifier: id, bytes: bytes, authenticator: packet.authenticator, now: t0)
        // Wrong secret.
        XCTAssertEqual(table.receive(try reply(to: packet, secret: Array("other".utf8)), secret: secret, now: t0),
                       .discarded(.failedVerification(identifier: id)))
        // No Message-Authenticator (BlastRADIUS: required on every reply).
        XCTAssertEqual(table.receive(try reply(to: packet, messageAuthenticator: .ifPresent), secret: secret, now: t0),
                       .discarded(.failedVerification(identifier: id)))
        // Tampered byte.
        var tampered = try reply(to: packet)
        tampered[tampered.count - 1] ^= 1
        XCTAssertEqual(table.receive(tampered, secret: secret, now: t0), .discarded(.failedVerification(identifier: id)))
        XCTAssertEqual(table.receive([1, 2, 3], secret: secret, now: t0), .discarded(.tooShort))
        // The request is still pending and the genuine reply gets through.
        guard case .reply = table.receive(try reply(to: packet), secret: secret, now: t0) else { return XCTFail() }
    }
}
