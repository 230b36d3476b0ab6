import EAP
import EAPAKA
import WireFormat
import XCTest

final class AKAMessageTests: XCTestCase {
    private let r16 = (0..<16).map { UInt8($0) }

    /// One of every attribute; the message round-trips and re-encodes byte-identically.
    func testEveryAttributeRoundTrips() throws {
        let all: [AKAAttribute] = [
            .rand(r16), .autn(r16), .res(bitLength: 36, value: [1, 2, 3, 4, 0x50]), .auts(Array(r16.prefix(14))),
            .padding(length: 8), .permanentIDReq, .mac(r16), .notification(.success), .anyIDReq,
            .identity(Array("0user@realm".utf8)), .fullAuthIDReq, .counter(7), .counterTooSmall, .nonceS(r16),
            .clientErrorCode(0), .kdfInput(Array("WLAN".utf8)), .kdf(1), .kdf(2), .iv(r16),
            .encrData(r16 + r16), .nextPseudonym(Array("7pseudo".utf8)), .nextReauthID(Array("8re@x".utf8)),
            .checkcode([UInt8](repeating: 9, count: 32)), .resultInd, .bidding(supportsAKAPrime: true),
            .skippable(type: 200, value: [1, 2]), .skippable(type: 200, value: [3, 4, 5, 6, 7, 8]),
        ]
        for code in [EAPCode.request, .response] {
            let m = AKAMessage(method: .akaPrime, code: code, identifier: 9, subtype: .challenge, attributes: all)
            let wire = try m.encode()
            let back = try AKAMessage(decoding: wire)
            XCTAssertEqual(back, m)
            XCTAssertEqual(try back.encode(), wire)
            XCTAssertEqual(Int(wire[2]) << 8 | Int(wire[3]), wire.count)
        }
        for subtype in AKASubtype.allCases {
            let m = AKAMessage(method: .aka, code: .request, identifier: 1, subtype: subtype)
            XCTAssertEqual(try AKAMessage(decoding: m.encode()), m)
        }
        XCTAssertEqual(all.map(\.typeCode).filter { $0 < 128 }.sorted(),
            [1, 2, 3, 4, 6, 10, 11, 12, 13, 14, 17, 19, 20, 21, 22, 23, 24, 24])
    }

    func testAttributeEncodings() throws {
        func enc(_ a: AKAAttribute) throws -> String {
            let wire = try AKAMessage(method: .aka, code: .request, identifier: 0, subtype: .identity,
                attributes: [a]).encode()
            return wire.dropFirst(8).hexString
        }
        XCTAssertEqual(try enc(.identity(Array("abcde".utf8))), "0e0300056162636465000000")
        XCTAssertEqual(try enc(.res(bitLength: 32, value: [1, 2, 3, 4])), "0302002001020304")
        XCTAssertEqual(try enc(.auts(Array(r16.prefix(14)))), "0404" + Array(r16.prefix(14)).hexString)
        XCTAssertEqual(try enc(.padding(length: 12)), "0603" + String(repeating: "00", count: 10))
        XCTAssertEqual(try enc(.notification(.generalFailure)), "0c014000")
        XCTAssertEqual(try enc(.counter(0x0102)), "13010102")
        XCTAssertEqual(try enc(.checkcode([])), "86010000")
        XCTAssertEqual(try enc(.kdf(1)), "18010001")
        XCTAssertEqual(try enc(.identity([])), "0e010000")
    }

    func testNotificationBits() {
        XCTAssertTrue(AKANotificationCode.success.isSuccess)
        XCTAssertFalse(AKANotificationCode.success.isBeforeChallenge)
        XCTAssertTrue(AKANotificationCode.generalFailure.isBeforeChallenge)
        XCTAssertFalse(AKANotificationCode.generalFailureAfterAuthentication.isBeforeChallenge)
        XCTAssertEqual(AKANotificationCode.temporarilyDenied.rawValue, 1026)
        XCTAssertEqual(AKANotificationCode.notSubscribed.rawValue, 1031)
    }

    // MARK: Decoding errors

    private func expect(
        _ attributesHex: String, _ error: AKADecodingError, type: UInt8 = 23, subtype: UInt8 = 1, line: UInt = #line
    ) {
        let attrs = [UInt8](hex: attributesHex) ?? []
        var wire: [UInt8] = [1, 0, 0, 0, type, subtype, 0, 0] + attrs
        wire[3] = UInt8(wire.count)
        XCTAssertThrowsError(try AKAMessage(decoding: wire), line: line) {
            XCTAssertEqual($0 as? AKADecodingError, error, line: line)
        }
    }

    func testDecodingErrors() {
        let rand = "01050000" + String(repeating: "11", count: 16)
        XCTAssertThrowsError(try AKAMessage(decoding: [1, 0, 0, 4])) {
            XCTAssertEqual($0 as? AKADecodingError, .eap(.lengthTooSmall(declared: 4, minimum: 5)))
        }
        XCTAssertThrowsError(try AKAMessage(decoding: [3, 0, 0, 4])) {
            XCTAssertEqual($0 as? AKADecodingError, .notAKA(nil))
        }
        expect("", .notAKA(.identity), type: 1)
        XCTAssertThrowsError(try AKAMessage(decoding: [1, 0, 0, 7, 23, 1, 0])) {
            XCTAssertEqual($0 as? AKADecodingError, .truncatedHeader)
        }
        expect("", .unknownSubtype(11), subtype: 11)
        expect("0d", .truncatedAttribute(offset: 8))
        expect("0d0100000d010000", .duplicateAttribute(13))
        expect("0d000000", .zeroLengthAttribute(type: 13))
        expect("0d020000", .attributeOverrun(type: 13, length: 8, available: 4))
        expect("01040000" + String(repeating: "11", count: 12), .invalidAttributeLength(type: 1, length: 16))
        expect("0b010000", .invalidAttributeLength(type: 11, length: 4))
        expect("0d020000 00000000".replacingOccurrences(of: " ", with: ""), .invalidAttributeLength(type: 13, length: 8))
        expect("0403" + String(repeating: "11", count: 10), .invalidAttributeLength(type: 4, length: 12))
        expect("0e020006 61626364".replacingOccurrences(of: " ", with: ""), .invalidActualLength(type: 14, actualLength: 6))
        expect("0e030001 61000000 00000000".replacingOccurrences(of: " ", with: ""),
            .invalidActualLength(type: 14, actualLength: 1))
        expect("0303001f 01020304".replacingOccurrences(of: " ", with: "") + "00000000", .invalidRESLength(bits: 31))
        expect("0306 0081".replacingOccurrences(of: " ", with: "") + String(repeating: "00", count: 20),
            .invalidRESLength(bits: 129))
        expect("03030020 01020304 00000000".replacingOccurrences(of: " ", with: ""),
            .invalidAttributeLength(type: 3, length: 12))
        expect("06020000 00000100".replacingOccurrences(of: " ", with: ""), .nonZeroPadding)
        expect("0604" + String(repeating: "00", count: 14), .invalidAttributeLength(type: 6, length: 16))
        expect("82020000 00000000".replacingOccurrences(of: " ", with: ""), .invalidAttributeLength(type: 130, length: 8))
        expect("86020000 00000000".replacingOccurrences(of: " ", with: ""), .invalidAttributeLength(type: 134, length: 8))
        expect("86090000" + String(repeating: "00", count: 32), .invalidCheckcodeLength(32))
        expect("86060000" + String(repeating: "00", count: 20), .invalidCheckcodeLength(20), type: 50)
        expect("07050000" + String(repeating: "00", count: 16), .unknownNonSkippableAttribute(7))
        expect("7f010000", .unknownNonSkippableAttribute(127))
        expect(rand + rand, .duplicateAttribute(1))
        // Repeats that are allowed: AT_KDF list and skippable unknowns (kept in order).
        var ok: [UInt8] = [1, 0, 0, 0, 50, 1, 0, 0, 24, 1, 0, 2, 24, 1, 0, 1, 200, 1, 9, 9, 200, 1, 8, 8]
        ok[3] = UInt8(ok.count)
        XCTAssertEqual(try AKAMessage(decoding: ok).kdfs, [2, 1])
        XCTAssertEqual(try AKAMessage(decoding: ok).attributes.last, .skippable(type: 200, value: [8, 8]))
    }

    func testEncodingErrors() {
        func expect(_ attributes: [AKAAttribute], _ error: AKAEncodingError, code: EAPCode = .request,
            line: UInt = #line)
        {
            let m = AKAMessage(method: .aka, code: code, identifier: 0, subtype: .challenge, attributes: attributes)
            XCTAssertThrowsError(try m.encode(), line: line) {
                XCTAssertEqual($0 as? AKAEncodingError, error, line: line)
            }
        }
        expect([], .invalidCode(.success), code: .success)
        expect([.rand([1])], .invalidValueLength(type: 1, length: 1))
        expect([.auts(r16)], .invalidValueLength(type: 4, length: 16))
        expect([.identity([UInt8](repeating: 0x41, count: 1017))], .valueTooLong(type: 14, length: 1017))
        expect([.res(bitLength: 24, value: [1, 2, 3])], .invalidRES(bitLength: 24, valueLength: 3))
        expect([.res(bitLength: 64, value: [1, 2, 3])], .invalidRES(bitLength: 64, valueLength: 3))
        expect([.padding(length: 16)], .invalidPaddingLength(16))
        expect([.skippable(type: 5, value: [0, 0])], .invalidSkippableAttribute(type: 5, length: 2))
        expect([.skippable(type: 200, value: [0])], .invalidSkippableAttribute(type: 200, length: 1))
        expect([.anyIDReq, .anyIDReq], .duplicateAttribute(13))
        expect([.checkcode([1])], .invalidCheckcodeLength(1))
        expect([.encrData([1])], .invalidValueLength(type: 130, length: 1))
        let big = [AKAAttribute](
            repeating: .skippable(type: 200, value: [UInt8](repeating: 0, count: 1018)), count: 65)
        expect(big, .packetTooLarge(length: 8 + 65 * 1020))
        // In-place MAC needs an AT_MAC placeholder and a K_aut of the method's size.
        let m = AKAMessage(method: .aka, code: .request, identifier: 0, subtype: .challenge, attributes: [.resultInd])
        XCTAssertThrowsError(try m.encode(authenticatingWith: r16)) {
            XCTAssertEqual($0 as? AKAEncodingError, .missingMAC)
        }
        XCTAssertThrowsError(try m.encode(authenticatingWith: [1])) {
            XCTAssertEqual($0 as? AKAEncodingError, .invalidKeyLength(expected: 16, actual: 1))
        }
    }
}
