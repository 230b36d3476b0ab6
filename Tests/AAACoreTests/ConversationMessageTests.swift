@testable import AAACore
import EAP
import EAPAKA
import Milenage
import WireFormat
import XCTest

/// Hostile or unusual responses during the challenge.
final class ConversationMessageTests: XCTestCase {
    /// A driver stopped right after the Challenge was sent, with the phone's (valid) response.
    func challenged(_ identity: String = Subscriber.akaPrimeIdentity) throws
        -> (driver: ConversationDriver, challenge: [UInt8], response: [UInt8])
    {
        let phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: identity)
        var driver = ConversationDriver(phone: phone, hss: try Subscriber.hss())
        guard case .sendRequest(let challenge) = driver.feed(try driver.phone.identityResponse(identifier: 1)) else {
            throw SimulatedPhone.PhoneError.unexpected("no challenge")
        }
        let response = try driver.phone.respond(to: challenge)
        return (driver, challenge, response)
    }

    func testTamperedMACIsDiscardedAndTheGenuineResponseStillWins() throws {
        var (driver, _, response) = try challenged()
        let range = try XCTUnwrap(AKAMAC.macValueRange(in: response[...]))
        var tampered = response
        tampered[range.lowerBound] ^= 0x01
        guard case .discard(let reason) = driver.feed(tampered) else { return XCTFail() }
        XCTAssertTrue(reason.contains("AT_MAC"))
        var resTampered = response
        resTampered[12] ^= 0x01  // inside AT_RES: the MAC no longer covers the packet
        guard case .discard = driver.feed(resTampered) else { return XCTFail() }
        guard case .accept(let acceptance) = driver.feed(response) else { return XCTFail() }
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
    }

    func testWrongIdentifierIsDiscarded() throws {
        var (driver, _, response) = try challenged()
        var wrong = response
        wrong[1] &+= 1
        guard case .discard(let reason) = driver.feed(wrong) else { return XCTFail() }
        XCTAssertTrue(reason.contains("identifier"))
        guard case .accept = driver.feed(response) else { return XCTFail() }
    }

    func testIdentifiersIncrementPerRequest() throws {
        let (driver, challenge, response) = try challenged()
        XCTAssertEqual(try EAPPacket(decoding: challenge).identifier, 2, "AP's Identity exchange used 1")
        XCTAssertEqual(try EAPPacket(decoding: response).identifier, 2)
        _ = driver
    }

    func testMalformedPacketIsDiscarded() throws {
        var (driver, _, response) = try challenged()
        guard case .discard = driver.feed(Array(response.prefix(6))) else { return XCTFail() }
        guard case .discard = driver.feed([2, 2, 0, 4]) else { return XCTFail("a Response without Type") }
        guard case .accept = driver.feed(response) else { return XCTFail() }
    }

    func testRetransmittedResponseGetsTheSameRequestAgain() throws {
        var (driver, challenge, _) = try challenged()
        let identity = try EAPPacket.identityResponse(identifier: 1, identity: Subscriber.akaPrimeIdentity).encode()
        guard case .sendRequest(let again) = driver.feed(identity) else { return XCTFail() }
        XCTAssertEqual(again, challenge)
        XCTAssertEqual(driver.hss.requests.count, 1, "no second vector fetched")
    }

    func testClientErrorIsRejected() throws {
        var (driver, _, _) = try challenged()
        let error = try AKAMessage(method: .akaPrime, code: .response, identifier: 2, subtype: .clientError,
                                   attributes: [.clientErrorCode(1)]).encode()
        guard case .reject(let r) = driver.feed(error) else { return XCTFail() }
        XCTAssertEqual(r.reason, .clientError(code: 1))
        XCTAssertEqual(try EAPPacket(decoding: r.eapFailure), .failure(identifier: 2))
    }

    func testAuthenticationRejectIsRejected() throws {
        var (driver, _, _) = try challenged()
        let reject = try AKAMessage(method: .akaPrime, code: .response, identifier: 2,
                                    subtype: .authenticationReject).encode()
        guard case .reject(let r) = driver.feed(reject) else { return XCTFail() }
        XCTAssertEqual(r.reason, .peerRejectedAuthentication)
        XCTAssertTrue(driver.conversation.isFinished)
        guard case .discard = driver.feed(reject) else { return XCTFail("finished conversations take nothing") }
    }

    func testNakIsRejected() throws {
        var (driver, _, _) = try challenged()
        let nak = try EAPPacket.nak(identifier: 2, desiredTypes: [.tls]).encode()
        guard case .reject(let r) = driver.feed(nak) else { return XCTFail() }
        XCTAssertEqual(r.reason, .methodRefused(desired: [13]))
    }

    func testKDFOtherThanOneIsRejected() throws {
        var (driver, _, _) = try challenged()
        let negotiation = try AKAMessage(method: .akaPrime, code: .response, identifier: 2, subtype: .challenge,
                                         attributes: [.kdf(2)]).encode()
        guard case .reject(let r) = driver.feed(negotiation) else { return XCTFail() }
        XCTAssertEqual(r.reason, .unsupportedKDF([2]))
    }

    func testOtherMethodInTheResponseIsRejected() throws {
        var (driver, _, _) = try challenged()
        let aka = try AKAMessage(method: .aka, code: .response, identifier: 2, subtype: .authenticationReject).encode()
        guard case .reject(let r) = driver.feed(aka) else { return XCTFail() }
        guard case .protocolViolation = r.reason else { return XCTFail() }
    }

    func testMissingRESIsRejected() throws {
        var (driver, _, _) = try challenged()
        let kAut = try XCTUnwrap(driver.phone.kAut)
        let noRES = try AKAMessage(method: .akaPrime, code: .response, identifier: 2, subtype: .challenge,
                                   attributes: [.mac([UInt8](repeating: 0, count: 16))]).encode(authenticatingWith: kAut)
        guard case .reject(let r) = driver.feed(noRES) else { return XCTFail() }
        guard case .protocolViolation = r.reason else { return XCTFail() }
    }

    func testTimeoutRejectsAndVectorsAfterTheEndAreIgnored() throws {
        var (driver, _, _) = try challenged()
        guard case .reject(let r) = driver.conversation.handle(.timeout).action else { return XCTFail() }
        XCTAssertEqual(r.reason, .timeout)
        guard case .discard = driver.conversation.handle(.vectors([])).action else { return XCTFail() }
    }

    func testEmptyOrBrokenVectorsAreRejected() throws {
        var conversation = EAPAKAServerConversation(settings: EAPAKAServerSettings())
        _ = conversation.handle(.response(try EAPPacket.identityResponse(identifier: 1, identity: Subscriber.akaIdentity).encode()))
        var copy = conversation
        guard case .reject(let r1) = copy.handle(.vectors([])).action else { return XCTFail() }
        guard case .invalidVector = r1.reason else { return XCTFail() }
        let short = AuthVector(rand: [1], autn: [], xres: [], ck: [], ik: [], keysAreAKAPrime: false)
        guard case .reject(let r2) = conversation.handle(.vectors([short])).action else { return XCTFail() }
        guard case .invalidVector = r2.reason else { return XCTFail() }
    }

    func testDescriptionsNeverShowKeys() throws {
        let (driver, _, _) = try challenged()
        let text = "\(driver.conversation) \(String(reflecting: driver.conversation))"
        XCTAssertTrue(text.contains("challenge-sent"))
        let kAut = try XCTUnwrap(driver.phone.kAut)
        XCTAssertFalse(text.contains(kAut.hexString))
        var dumped = ""
        dump(driver.conversation, to: &dumped)
        XCTAssertFalse(dumped.contains(kAut.hexString))
        let vector = AuthVector(rand: [1], autn: [2], xres: [0xAA, 0xBB], ck: [0xCC], ik: [0xDD], keysAreAKAPrime: false)
        XCTAssertFalse("\(vector)".contains("aabb"))
    }
}
