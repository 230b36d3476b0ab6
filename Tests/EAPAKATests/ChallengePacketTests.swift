import EAP
import EAPAKA
import TestSupport
import WireFormat
import XCTest

/// eap_packets.json: full Challenge rounds with AT_MAC.
final class ChallengePacketTests: XCTestCase {
    private func vector(_ id: String) throws -> JSONObject {
        try Fixtures.object("eap_packets").item("vectors", id: id)
    }

    func testAKAChallengeRound() throws {
        let v = try vector("eap-aka-challenge-round")
        let kAut = try v.hex("k_aut")
        let keys = try Fixtures.object("eap_aka").item("vectors", id: "eap-aka-keys-2")
        XCTAssertEqual(kAut, try keys.hex("k_aut"))

        let requestWire = try v.hex("eap_request_aka_challenge")
        let request = try AKAMessage(decoding: requestWire)
        XCTAssertEqual(request.method, .aka)
        XCTAssertEqual(request.code, .request)
        XCTAssertEqual(request.identifier, 1)
        XCTAssertEqual(request.subtype, .challenge)
        XCTAssertEqual(request.rand?.hexString, "23553cbe9637a89d218ae64dae47bf35")
        XCTAssertEqual(request.autn?.count, 16)
        XCTAssertEqual(request.mac, try v.hex("at_mac_request"))
        XCTAssertEqual(request.attributes.map(\.typeCode), [1, 2, 11])
        XCTAssertEqual(try request.encode(), requestWire)
        XCTAssertTrue(AKAMAC.verify(method: .aka, kAut: kAut, packet: requestWire))
        XCTAssertEqual(AKAMAC.compute(method: .aka, kAut: kAut, packet: requestWire), try v.hex("at_mac_request"))
        XCTAssertEqual(try request.encode(authenticatingWith: kAut), requestWire)

        let responseWire = try v.hex("eap_response_aka_challenge")
        let response = try AKAMessage(decoding: responseWire)
        XCTAssertEqual(response.code, .response)
        XCTAssertEqual(response.res?.bitLength, 64)
        XCTAssertEqual(response.res?.value.hexString, "a54211d5e3ba50bf")
        XCTAssertEqual(try response.encode(), responseWire)
        XCTAssertTrue(AKAMAC.verify(method: .aka, kAut: kAut, packet: responseWire))
        XCTAssertEqual(AKAMAC.compute(method: .aka, kAut: kAut, packet: responseWire), try v.hex("at_mac_response"))

        // A server builds the request in one pass from scratch.
        let built = AKAMessage(
            method: .aka, code: .request, identifier: 1, subtype: .challenge,
            attributes: [
                .rand(request.rand ?? []), .autn(request.autn ?? []), .mac([UInt8](repeating: 0xee, count: 16)),
            ])
        XCTAssertEqual(try built.encode(authenticatingWith: kAut), requestWire)
        XCTAssertEqual(try built.packet().encode().count, requestWire.count)
        XCTAssertEqual(try EAPPacket(decoding: v.hex("eap_success")), EAPPacket.success(identifier: 1))
    }

    func testAKAPrimeChallengeRound() throws {
        let v = try vector("eap-aka-prime-challenge-round")
        let c1 = try Fixtures.object("eap_aka_prime").item("vectors", id: "rfc5448-case1")
        let kAut = try v.hex("k_aut")
        XCTAssertEqual(kAut, try c1.hex("k_aut"))

        let requestWire = try v.hex("eap_request_aka_prime_challenge")
        let request = try AKAMessage(decoding: requestWire)
        XCTAssertEqual(request.method, .akaPrime)
        XCTAssertEqual(request.subtype, .challenge)
        XCTAssertEqual(request.rand, try c1.hex("rand"))
        XCTAssertEqual(request.autn, try c1.hex("autn"))
        XCTAssertEqual(request.kdfs, [1])
        XCTAssertEqual(request.kdfInput, Array(try v.string("network_name").utf8))
        XCTAssertEqual(request.attributes.map(\.typeCode), [1, 2, 24, 23, 11])
        XCTAssertEqual(try request.encode(), requestWire)
        XCTAssertTrue(AKAMAC.verify(method: .akaPrime, kAut: kAut, packet: requestWire))
        XCTAssertEqual(AKAMAC.compute(method: .akaPrime, kAut: kAut, packet: requestWire), try v.hex("at_mac_request"))
        XCTAssertEqual(try request.encode(authenticatingWith: kAut), requestWire)

        let responseWire = try v.hex("eap_response_aka_prime_challenge")
        let response = try AKAMessage(decoding: responseWire)
        XCTAssertEqual(response.res?.value, try c1.hex("res"))
        XCTAssertEqual(try response.encode(), responseWire)
        XCTAssertTrue(AKAMAC.verify(method: .akaPrime, kAut: kAut, packet: responseWire))
        XCTAssertEqual(
            AKAMAC.compute(method: .akaPrime, kAut: kAut, packet: responseWire), try v.hex("at_mac_response"))
        // SHA-1 MAC, wrong key size, or the other method's key never verify.
        XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: Array(kAut.prefix(16)), packet: responseWire))
        XCTAssertFalse(AKAMAC.verify(method: .akaPrime, kAut: Array(kAut.prefix(16)), packet: responseWire))
    }

    func testMACTamperDetection() throws {
        let v = try vector("eap-aka-challenge-round")
        let kAut = try v.hex("k_aut")
        let wire = try v.hex("eap_request_aka_challenge")
        for i in 0..<wire.count {
            for bit in 0..<8 {
                var t = wire
                t[i] ^= 1 << UInt8(bit)
                XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: kAut, packet: t), "byte \(i) bit \(bit)")
            }
        }
        var wrongKey = kAut
        wrongKey[0] ^= 1
        XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: wrongKey, packet: wire))
        XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: kAut, packet: wire, extra: [0]))
        XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: kAut, packet: Array(wire.dropLast())))
        // No AT_MAC at all.
        let noMAC = try AKAMessage(method: .aka, code: .request, identifier: 1, subtype: .challenge,
            attributes: [.resultInd]).encode()
        XCTAssertNil(AKAMAC.macValueRange(in: noMAC[...]))
        XCTAssertNil(AKAMAC.compute(method: .aka, kAut: kAut, packet: noMAC))
        XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: kAut, packet: noMAC))
    }

    func testCheckcode() throws {
        // AKA-Identity request (AT_ANY_ID_REQ) and response (AT_IDENTITY); digests computed with Python hashlib.
        let request = try AKAMessage(method: .aka, code: .request, identifier: 2, subtype: .identity,
            attributes: [.anyIDReq]).encode()
        XCTAssertEqual(request.hexString, "0102000c170500000d010000")
        let identity = Array("0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org".utf8)
        let response = try AKAMessage(method: .aka, code: .response, identifier: 2, subtype: .identity,
            attributes: [.identity(identity)]).encode()
        XCTAssertEqual(try AKAMessage(decoding: response).identity, identity)
        let sha1 = AKACheckcode.compute(method: .aka, identityPackets: [request, response])
        XCTAssertEqual(sha1.hexString, "4008796c1c2c4622a23717a22e24eca165b2adf1")
        XCTAssertTrue(AKACheckcode.verify(sha1, method: .aka, identityPackets: [request, response]))
        XCTAssertFalse(AKACheckcode.verify(sha1, method: .aka, identityPackets: [response, request]))
        XCTAssertEqual(AKACheckcode.compute(method: .aka, identityPackets: []), [])

        var primeRequest = request
        var primeResponse = response
        primeRequest[4] = 50
        primeResponse[4] = 50
        let sha256 = AKACheckcode.compute(method: .akaPrime, identityPackets: [primeRequest, primeResponse])
        XCTAssertEqual(sha256.hexString, "6d3b6f43f1596f027bf8918d8c63843b241eee0a9a8434cbfbb49e062945f11d")

        // AT_CHECKCODE carries it in a Challenge; length must fit the method.
        let challenge = AKAMessage(method: .akaPrime, code: .request, identifier: 3, subtype: .challenge,
            attributes: [.checkcode(sha256), .bidding(supportsAKAPrime: false)])
        XCTAssertEqual(try AKAMessage(decoding: challenge.encode()).checkcode, sha256)
        XCTAssertThrowsError(try AKAMessage(method: .aka, code: .request, identifier: 3, subtype: .challenge,
            attributes: [.checkcode(sha256)]).encode()) {
            XCTAssertEqual($0 as? AKAEncodingError, .invalidCheckcodeLength(32))
        }
    }

    func testBidding() throws {
        let m = AKAMessage(method: .aka, code: .request, identifier: 1, subtype: .challenge,
            attributes: [.bidding(supportsAKAPrime: true)])
        let wire = try m.encode()
        XCTAssertEqual(wire.suffix(4), [136, 1, 0x80, 0])
        XCTAssertTrue(try AKAMessage(decoding: wire).biddingIndicatesAKAPrime)
        var cleared = wire
        cleared[cleared.count - 2] = 0x7f  // reserved bits only
        XCTAssertFalse(try AKAMessage(decoding: cleared).biddingIndicatesAKAPrime)
        XCTAssertFalse(AKAMessage(method: .aka, code: .request, identifier: 1, subtype: .challenge).biddingIndicatesAKAPrime)
    }
}
