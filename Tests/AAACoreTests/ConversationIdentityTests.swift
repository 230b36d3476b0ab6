@testable import AAACore
import EAP
import EAPAKA
import Milenage
import WireFormat
import XCTest

/// RFC 4187 4.1: identity negotiation and AT_CHECKCODE.
final class ConversationIdentityTests: XCTestCase {
    func phone(_ identity: String, permanent: String = Subscriber.akaPrimeIdentity) throws -> SimulatedPhone {
        try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: identity, permanentIdentity: permanent)
    }

    func identityRequests(_ driver: ConversationDriver) -> [AKAMessage] {
        driver.requests.compactMap { try? AKAMessage(decoding: $0) }.filter { $0.subtype == .identity }
    }

    func testAnonymousIdentityAsksForThePermanentIdentityAndVerifiesTheCheckcode() throws {
        var driver = ConversationDriver(phone: try phone("anonymous@\(Subscriber.realm)"), hss: try Subscriber.hss())
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.identity, Subscriber.akaPrimeIdentity, "keys bound to AT_IDENTITY")
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
        XCTAssertEqual(driver.roundTrips, 3)
        let requests = identityRequests(driver)
        XCTAssertEqual(requests.count, 1)
        XCTAssertEqual(requests.first?.attributes, [.permanentIDReq])
        XCTAssertEqual(requests.first?.method, .akaPrime, "eap.prefer when the identity does not decide")
        let checkcode = try XCTUnwrap(driver.challenge?.checkcode)
        XCTAssertEqual(checkcode, AKACheckcode.compute(method: .akaPrime, identityPackets: driver.phone.identityPackets))
        XCTAssertEqual(checkcode.count, 32)
        XCTAssertTrue(driver.notes.contains(.identityRequested(.permanent, method: .akaPrime)))
    }

    func testIdentityWithoutRealmIsAskedAgain() throws {
        var driver = ConversationDriver(phone: try phone("0\(Subscriber.imsi)", permanent: Subscriber.akaIdentity),
                                        hss: try Subscriber.hss())
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.method, .aka, "the leading digit chose the method of the identity exchange")
        XCTAssertEqual(driver.challenge?.checkcode?.count, 20)
    }

    func testUnknownFastReauthenticationIdentityEscalatesToFullAuthThenPermanent() throws {
        var p = try phone("8\(Subscriber.imsi)@\(Subscriber.realm)")
        p.akaIdentityAnswers = ["7pseudonym@\(Subscriber.realm)"]
        var driver = ConversationDriver(phone: p, hss: try Subscriber.hss())
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
        XCTAssertEqual(identityRequests(driver).map(\.attributes), [[.fullAuthIDReq], [.permanentIDReq]])
        XCTAssertEqual(driver.roundTrips, 4)
        XCTAssertEqual(driver.phone.identityPackets.count, 4)
    }

    func testUnusableAnswerToPermanentIDRequestIsRejected() throws {
        var p = try phone("anonymous@\(Subscriber.realm)")
        p.akaIdentityAnswers = ["anonymous@\(Subscriber.realm)"]
        var driver = ConversationDriver(phone: p, hss: try Subscriber.hss())
        let rejection = try XCTUnwrap(try driver.run().rejection)
        guard case .noUsableIdentity = rejection.reason else { return XCTFail("\(rejection.reason)") }
        XCTAssertTrue(driver.hss.requests.isEmpty)
    }

    func testFastReauthenticationIdentityAfterFullAuthRequestIsAProtocolViolation() throws {
        var p = try phone("8\(Subscriber.imsi)@\(Subscriber.realm)")
        p.akaIdentityAnswers = ["8\(Subscriber.imsi)@\(Subscriber.realm)"]
        var driver = ConversationDriver(phone: p, hss: try Subscriber.hss())
        guard case .protocolViolation = try XCTUnwrap(try driver.run().rejection).reason else { return XCTFail() }
    }

    func testRealmNotServedIsAskedOnceThenRejected() throws {
        let settings = EAPAKAServerSettings(realms: ["WLAN.mnc002.mcc001.3gppnetwork.org"])
        var driver = ConversationDriver(settings: settings, phone: try phone(Subscriber.akaPrimeIdentity),
                                        hss: try Subscriber.hss())
        guard case .noUsableIdentity = try XCTUnwrap(try driver.run().rejection).reason else { return XCTFail() }
        XCTAssertEqual(identityRequests(driver).count, 1)
    }

    func testConfiguredRealmMatchesIgnoringCase() throws {
        let settings = EAPAKAServerSettings(realms: ["WLAN.MNC001.mcc001.3gppnetwork.org"])
        var driver = ConversationDriver(settings: settings, phone: try phone(Subscriber.akaPrimeIdentity),
                                        hss: try Subscriber.hss())
        XCTAssertNotNil(try driver.run().acceptance)
        XCTAssertEqual(driver.roundTrips, 2)
    }

    func testWrongCheckcodeFromThePeerIsRejected() throws {
        var p = try phone("anonymous@\(Subscriber.realm)")
        p.checkcodeOverride = [UInt8](repeating: 0xAB, count: 32)
        var driver = ConversationDriver(phone: p, hss: try Subscriber.hss())
        XCTAssertEqual(try driver.run().rejection?.reason, .checkcodeMismatch)
    }

    func testAKAMethodOnlyWhenAKAPrimeIsNotOffered() throws {
        let settings = EAPAKAServerSettings(methods: [.aka], preferred: .aka)
        var driver = ConversationDriver(settings: settings, phone: try phone(Subscriber.akaPrimeIdentity),
                                        hss: try Subscriber.hss())
        XCTAssertEqual(try driver.run().acceptance?.method, .aka)
    }

    func testEAPStartIsAnsweredWithIdentityRequest() throws {
        var conversation = EAPAKAServerConversation(settings: EAPAKAServerSettings(), initialIdentifier: 7)
        guard case .sendRequest(let request) = conversation.handle(.response([])).action else { return XCTFail() }
        let packet = try EAPPacket(decoding: request)
        XCTAssertEqual(packet.type, .identity)
        XCTAssertEqual(packet.identifier, 7)
        let response = try EAPPacket.identityResponse(identifier: 7, identity: Subscriber.akaIdentity).encode()
        guard case .fetchVectors(let fetch) = conversation.handle(.response(response)).action else { return XCTFail() }
        XCTAssertEqual(fetch.imsi.digits, Subscriber.imsi)
        XCTAssertEqual(fetch.scheme, .aka)
    }

    func testConversationMustStartWithIdentity() throws {
        var conversation = EAPAKAServerConversation(settings: EAPAKAServerSettings())
        let bytes = try AKAMessage(method: .aka, code: .response, identifier: 1, subtype: .clientError,
                                   attributes: [.clientErrorCode(0)]).encode()
        guard case .reject(let r) = conversation.handle(.response(bytes)).action else { return XCTFail() }
        guard case .protocolViolation = r.reason else { return XCTFail() }
    }
}
