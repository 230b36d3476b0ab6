@testable import AAACore
import EAP
import EAPAKA
import Milenage
import WireFormat
import XCTest

/// Whole authentications through the pure state machine: phone (Milenage USIM), server, HSS.
final class ConversationAuthenticationTests: XCTestCase {
    func phone(_ identity: String, permanent: String? = nil, k: [UInt8] = Subscriber.k,
               sequence: USIMSequenceState = USIMSequenceState()) throws -> SimulatedPhone {
        try SimulatedPhone(k: k, opc: Subscriber.opc, identity: identity, permanentIdentity: permanent,
                           sequence: sequence)
    }

    func testAKAPermanentIdentityIsAcceptedInTwoRoundTripsWithThePhonesMSK() throws {
        var driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity), hss: try Subscriber.hss())
        let outcome = try driver.run()
        let acceptance = try XCTUnwrap(outcome.acceptance, "\(outcome)")
        XCTAssertEqual(acceptance.method, .aka)
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
        XCTAssertEqual(acceptance.msk.count, 64)
        XCTAssertEqual(acceptance.emsk.count, 64)
        XCTAssertEqual(acceptance.imsi.digits, Subscriber.imsi)
        XCTAssertEqual(acceptance.identity, Subscriber.akaIdentity)
        XCTAssertEqual(driver.roundTrips, 2)
        XCTAssertEqual(try EAPPacket(decoding: acceptance.eapSuccess).code, .success)
        let challenge = try XCTUnwrap(driver.challenge)
        XCTAssertEqual(challenge.method, .aka)
        XCTAssertTrue(challenge.biddingIndicatesAKAPrime, "AT_BIDDING with D set when AKA' is offered")
        XCTAssertEqual(challenge.checkcode, [], "empty AT_CHECKCODE without identity rounds")
        XCTAssertFalse(challenge.hasResultIndication, "AT_RESULT_IND is off by default")
        XCTAssertEqual(driver.hss.requests.map(\.scheme), [.aka])
        XCTAssertTrue(driver.notes.contains(.identityResponse(identity: Subscriber.akaIdentity)))
        XCTAssertTrue(driver.notes.contains {
            if case .challengeSent(.aka, _, false) = $0 { return true }
            return false
        })
    }

    func testAKAWithoutAKAPrimeOfferedHasNoBidding() throws {
        let settings = EAPAKAServerSettings(methods: [.aka], preferred: .aka)
        var driver = ConversationDriver(settings: settings, phone: try phone(Subscriber.akaIdentity),
                                        hss: try Subscriber.hss())
        XCTAssertNotNil(try driver.run().acceptance)
        XCTAssertEqual(driver.challenge?.biddingIndicatesAKAPrime, false)
    }

    func testAKAPrimeWithHSSKeysIsAccepted() throws {
        var driver = ConversationDriver(phone: try phone(Subscriber.akaPrimeIdentity), hss: try Subscriber.hss())
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.method, .akaPrime)
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
        let challenge = try XCTUnwrap(driver.challenge)
        XCTAssertEqual(challenge.method, .akaPrime)
        XCTAssertEqual(challenge.kdfs, [1])
        XCTAssertEqual(challenge.kdfInput, Array("WLAN".utf8))
        XCTAssertEqual(driver.roundTrips, 2)
    }

    func testAKAPrimeDerivesCKPrimeIKPrimeWhenTheHSSReturnsPlainKeys() throws {
        var driver = ConversationDriver(phone: try phone(Subscriber.akaPrimeIdentity),
                                        hss: try Subscriber.hss(returnsPrimeKeys: false))
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
    }

    func testAKAPrimeUsesTheConfiguredNetworkName() throws {
        let settings = EAPAKAServerSettings(networkName: "OPERATOR-WLAN")
        var hss = try Subscriber.hss(returnsPrimeKeys: false)
        hss.networkName = "OPERATOR-WLAN"
        var driver = ConversationDriver(settings: settings, phone: try phone(Subscriber.akaPrimeIdentity), hss: hss)
        XCTAssertEqual(try driver.run().acceptance?.msk, driver.phone.msk)
        XCTAssertEqual(driver.challenge?.kdfInput, Array("OPERATOR-WLAN".utf8))
    }

    func testAKAPrimeVectorWithoutSeparationBitIsRejected() throws {
        var driver = ConversationDriver(phone: try phone(Subscriber.akaPrimeIdentity),
                                        hss: try Subscriber.hss(amf: 0x0000, returnsPrimeKeys: false))
        let rejection = try XCTUnwrap(try driver.run().rejection)
        XCTAssertEqual(rejection.reason, .amfSeparationBitMissing)
        XCTAssertTrue(rejection.reason.text.contains("AMF separation bit"))
        XCTAssertEqual(try EAPPacket(decoding: rejection.eapFailure).code, .failure)
        XCTAssertTrue(driver.requests.isEmpty, "no challenge sent")
    }

    func testPlainAKAIgnoresTheSeparationBit() throws {
        var driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity), hss: try Subscriber.hss(amf: 0x0000))
        XCTAssertNotNil(try driver.run().acceptance)
    }

    func testPhoneAheadResynchronisesOnceAndIsAccepted() throws {
        let ahead = try XCTUnwrap(SequenceNumber(0x1000))
        var driver = ConversationDriver(
            phone: try phone(Subscriber.akaPrimeIdentity, sequence: USIMSequenceState(initial: ahead)),
            hss: try Subscriber.hss())
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
        XCTAssertEqual(driver.roundTrips, 3)
        XCTAssertEqual(driver.hss.requests.count, 2)
        XCTAssertNil(driver.hss.requests[0].resync)
        let resync = try XCTUnwrap(driver.hss.requests[1].resync)
        XCTAssertEqual(resync.rand, try XCTUnwrap(driver.requests.first.flatMap { try AKAMessage(decoding: $0).rand }))
        XCTAssertTrue(driver.notes.contains(.synchronizationFailure(imsi: try .init(Subscriber.imsi))))
        XCTAssertTrue(driver.notes.contains {
            if case .challengeSent(_, _, true) = $0 { return true }
            return false
        })
    }

    func testSecondSynchronizationFailureIsRejected() throws {
        var hss = try Subscriber.hss()
        hss.ignoresResync = true
        let ahead = try XCTUnwrap(SequenceNumber(0x1000))
        var driver = ConversationDriver(
            phone: try phone(Subscriber.akaIdentity, sequence: USIMSequenceState(initial: ahead)), hss: hss)
        XCTAssertEqual(try driver.run().rejection?.reason, .repeatedSynchronizationFailure)
        XCTAssertEqual(driver.hss.requests.count, 2)
    }

    func testWrongKeyInThePhoneEndsInAuthenticationReject() throws {
        var wrongK = Subscriber.k
        wrongK[0] ^= 0x01
        var driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity, k: wrongK), hss: try Subscriber.hss())
        let rejection = try XCTUnwrap(try driver.run().rejection)
        XCTAssertEqual(rejection.reason, .peerRejectedAuthentication)
        XCTAssertEqual(try EAPPacket(decoding: rejection.eapFailure).identifier,
                       try EAPPacket(decoding: try XCTUnwrap(driver.requests.last)).identifier)
    }

    func testRESMismatchIsRejectedAndReportsBothValues() throws {
        var hss = try Subscriber.hss()
        hss.corruptsXRES = true
        var driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity), hss: hss)
        let rejection = try XCTUnwrap(try driver.run().rejection)
        XCTAssertEqual(rejection.reason, .resMismatch)
        XCTAssertEqual(rejection.reason.text, "RES verification failed")
        let note = try XCTUnwrap(driver.notes.first {
            if case .resVerificationFailed = $0 { return true }
            return false
        })
        guard case .resVerificationFailed(let expected, let received) = note else { return XCTFail() }
        XCTAssertEqual(expected.count, 16)
        XCTAssertNotEqual(expected, received)
    }

    func testUnknownIMSIIsRejected() throws {
        var driver = ConversationDriver(phone: try phone("0001019999999999@\(Subscriber.realm)"),
                                        hss: try Subscriber.hss())
        XCTAssertEqual(try driver.run().rejection?.reason, .userUnknown)
    }

    func testHSSUnavailableIsRejected() throws {
        var hss = try Subscriber.hss()
        hss.failure = .unavailable("no peer open")
        var driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity), hss: hss)
        XCTAssertEqual(try driver.run().rejection?.reason, .hssUnavailable("no peer open"))
        hss.failure = .timeout
        driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity), hss: hss)
        XCTAssertEqual(try driver.run().rejection?.reason.metricLabel, "hss_unavailable")
        hss.failure = .rejected(resultCode: 5420)
        driver = ConversationDriver(phone: try phone(Subscriber.akaIdentity), hss: hss)
        XCTAssertEqual(try driver.run().rejection?.reason, .hssRejected(resultCode: 5420))
    }

    func testResultIndicationConfirmsSuccessWithANotification() throws {
        var settings = EAPAKAServerSettings()
        settings.resultIndication = true
        var p = try phone(Subscriber.akaPrimeIdentity)
        p.wantsResultIndication = true
        var driver = ConversationDriver(settings: settings, phone: p, hss: try Subscriber.hss())
        let acceptance = try XCTUnwrap(try driver.run().acceptance)
        XCTAssertEqual(acceptance.msk, driver.phone.msk)
        XCTAssertEqual(driver.roundTrips, 3)
        let last = try AKAMessage(decoding: try XCTUnwrap(driver.requests.last))
        XCTAssertEqual(last.subtype, .notification)
        XCTAssertEqual(last.notification, .success)
    }
}
