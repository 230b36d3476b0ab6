import EAP
import TestSupport
import WireFormat
import XCTest

final class EAPPacketTests: XCTestCase {
    private func bytes(_ hex: String) -> [UInt8] {
        [UInt8](hex: hex) ?? []
    }

    func testVectorPacketsDecodeAndReencodeByteIdentical() throws {
        let round = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-challenge-round")
        let prime = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-prime-challenge-round")
        let sim = try Fixtures.object("eap_sim_rfc4186").item("vectors", id: "rfc4186-appendix-a")
        var all = try [
            "eap_request_identity", "eap_response_identity", "eap_request_aka_challenge",
            "eap_response_aka_challenge", "eap_success",
        ].map { try round.hex($0) }
        all += try ["eap_request_aka_prime_challenge", "eap_response_aka_prime_challenge"].map { try prime.hex($0) }
        all += try sim.array("packets").filter { try $0.string("kind") == "packet" }.map { try $0.hex("hex") }
        XCTAssertEqual(all.count, 18)
        for wire in all {
            let packet = try EAPPacket(decoding: wire)
            XCTAssertEqual(packet.encode(), wire)
            XCTAssertEqual(packet.length, wire.count)
        }
    }

    func testIdentityExchange() throws {
        let round = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-challenge-round")
        let request = try EAPPacket(decoding: round.hex("eap_request_identity"))
        XCTAssertEqual(request.code, .request)
        XCTAssertEqual(request.identifier, 0)
        XCTAssertEqual(request.type, .identity)
        XCTAssertEqual(request.typeData, [])
        XCTAssertNil(request.responseIdentity)
        XCTAssertEqual(try EAPPacket.identityRequest(identifier: 0).encode(), try round.hex("eap_request_identity"))

        let response = try EAPPacket(decoding: round.hex("eap_response_identity"))
        XCTAssertEqual(response.responseIdentity, try round.string("identity"))
        XCTAssertEqual(response.responseIdentityBytes, Array(try round.string("identity").utf8))
        let built = try EAPPacket.identityResponse(identifier: 0, identity: round.string("identity"))
        XCTAssertEqual(built.encode(), try round.hex("eap_response_identity"))

        // Invalid UTF-8 is kept as bytes but not offered as a String.
        let odd = try EAPPacket(code: .response, identifier: 1, type: .identity, typeData: [0x30, 0xff])
        XCTAssertNil(odd.responseIdentity)
        XCTAssertEqual(odd.responseIdentityBytes, [0x30, 0xff])
    }

    func testSuccessAndFailure() throws {
        let success = try EAPPacket(decoding: bytes("03010004"))
        XCTAssertEqual(success.code, .success)
        XCTAssertNil(success.type)
        XCTAssertEqual(success, EAPPacket.success(identifier: 1))
        XCTAssertEqual(EAPPacket.failure(identifier: 7).encode(), bytes("04070004"))
    }

    func testNak() throws {
        let nak = try EAPPacket.nak(identifier: 3, desiredTypes: [.akaPrime, .aka])
        XCTAssertEqual(nak.encode(), bytes("0203000703 3217".replacingOccurrences(of: " ", with: "")))
        let decoded = try EAPPacket(decoding: nak.encode())
        XCTAssertEqual(decoded.nakDesiredTypes, [.akaPrime, .aka])
        let none = try EAPPacket.nak(identifier: 3, desiredTypes: [])
        XCTAssertEqual(none.encode(), bytes("020300060300"))
        XCTAssertEqual(none.nakDesiredTypes, [])
        XCTAssertNil(EAPPacket.success(identifier: 1).nakDesiredTypes)
    }

    func testTypeRawValues() {
        let known: [(EAPType, UInt8)] = [
            (.identity, 1), (.notification, 2), (.nak, 3), (.md5, 4), (.tls, 13), (.sim, 18), (.aka, 23),
            (.akaPrime, 50),
        ]
        for (type, raw) in known {
            XCTAssertEqual(type.rawValue, raw)
            XCTAssertEqual(EAPType(rawValue: raw), type)
        }
        XCTAssertEqual(EAPType(rawValue: 254), .other(254))
        XCTAssertEqual(EAPType.other(23), .aka)
        XCTAssertEqual(Set([EAPType.other(23), .aka]).count, 1)
    }

    // MARK: Errors

    func testDecodingErrors() {
        func expect(_ hex: String, _ error: EAPDecodingError, padding: Bool = false, line: UInt = #line) {
            XCTAssertThrowsError(try EAPPacket(decoding: bytes(hex), allowTrailingPadding: padding), line: line) {
                XCTAssertEqual($0 as? EAPDecodingError, error, line: line)
            }
        }
        expect("", .truncatedHeader(available: 0))
        expect("010000", .truncatedHeader(available: 3))
        expect("05000004", .unknownCode(5))
        expect("00000004", .unknownCode(0))
        expect("01000004", .lengthTooSmall(declared: 4, minimum: 5))
        expect("03000003", .lengthTooSmall(declared: 3, minimum: 4))
        expect("0100000601", .lengthExceedsBuffer(declared: 6, available: 5))
        expect("010000050100", .trailingBytes(declared: 5, available: 6))
        expect("0300000500", .unexpectedData(code: .success, length: 5))
        expect("0400000500", .unexpectedData(code: .failure, length: 5))
        // Link-layer padding is accepted only on request.
        XCTAssertEqual(try EAPPacket(decoding: bytes("0100000501000000"), allowTrailingPadding: true).encode(),
            bytes("0100000501"))
    }

    func testEncodingErrors() {
        XCTAssertThrowsError(try EAPPacket(code: .request, identifier: 0, type: nil)) {
            XCTAssertEqual($0 as? EAPEncodingError, .missingType(.request))
        }
        XCTAssertThrowsError(try EAPPacket(code: .success, identifier: 0, type: .aka)) {
            XCTAssertEqual($0 as? EAPEncodingError, .unexpectedTypeOrData(.success))
        }
        XCTAssertThrowsError(try EAPPacket(code: .failure, identifier: 0, type: nil, typeData: [1])) {
            XCTAssertEqual($0 as? EAPEncodingError, .unexpectedTypeOrData(.failure))
        }
        XCTAssertThrowsError(
            try EAPPacket(code: .response, identifier: 0, type: .tls, typeData: [UInt8](repeating: 0, count: 65531))
        ) {
            XCTAssertEqual($0 as? EAPEncodingError, .packetTooLarge(length: 65536))
        }
        // The largest packet round-trips.
        let data = [UInt8](repeating: 0xab, count: 65530)
        XCTAssertNoThrow(
            XCTAssertEqual(
                try EAPPacket(decoding: EAPPacket(code: .response, identifier: 0, type: .tls, typeData: data).encode())
                    .typeData, data))
    }
}
