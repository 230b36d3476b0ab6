import EAPAKA
import WireFormat
import XCTest

final class EncryptedDataTests: XCTestCase {
    private let key = (0..<16).map { UInt8($0 * 3) }
    private let iv = (0..<16).map { UInt8(0xf0 - $0) }

    func testRoundTripWithPadding() throws {
        for nested: [AKAAttribute] in [
            [.counter(1)],
            [.counter(1), .nonceS(iv), .nextReauthID(Array("8abc@realm".utf8))],
            [.nextPseudonym(Array("7pseudonym-0123456789".utf8))],
            [.counterTooSmall, .counter(2)],
        ] {
            let plain = try AKAEncryptedData.plaintext(for: nested)
            XCTAssertEqual(plain.count % 16, 0)
            let ct = try AKAEncryptedData.encrypt(nested, kEncr: key, iv: iv)
            XCTAssertEqual(ct.count, plain.count)
            XCTAssertEqual(try AKAEncryptedData.decrypt(ct, kEncr: key, iv: iv), nested)
        }
        XCTAssertEqual(try AKAEncryptedData.plaintext(for: [.counter(1)]).hexString,
            "13010001060300000000000000000000")
        XCTAssertEqual(AKAEncryptedData.randomIV().count, 16)
        XCTAssertNotEqual(AKAEncryptedData.randomIV(), AKAEncryptedData.randomIV())
    }

    func testErrors() throws {
        let ct = try AKAEncryptedData.encrypt([.counter(1)], kEncr: key, iv: iv)
        func expect(_ body: () throws -> Any, _ error: AKAEncryptedDataError, line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) {
                XCTAssertEqual($0 as? AKAEncryptedDataError, error, line: line)
            }
        }
        expect({ try AKAEncryptedData.decrypt(ct, kEncr: [1], iv: self.iv) }, .invalidKeyLength(1))
        expect({ try AKAEncryptedData.decrypt(ct, kEncr: self.key, iv: [1, 2]) }, .invalidIVLength(2))
        expect({ try AKAEncryptedData.decrypt([], kEncr: self.key, iv: self.iv) }, .invalidCiphertextLength(0))
        expect({ try AKAEncryptedData.decrypt(Array(ct.prefix(15)), kEncr: self.key, iv: self.iv) },
            .invalidCiphertextLength(15))
        expect({ try AKAEncryptedData.encrypt([.rand([1])], kEncr: self.key, iv: self.iv) },
            .encoding(.invalidValueLength(type: 1, length: 1)))
        expect({ try AKAEncryptedData.encrypt([.identity([UInt8](repeating: 65, count: 1016))], kEncr: self.key,
            iv: self.iv) }, .encoding(.valueTooLong(type: 130, length: 1024)))

        // A different IV changes only the first block: AT_COUNTER's header becomes garbage.
        var otherIV = iv
        otherIV[0] ^= 0x80  // first plaintext byte 0x13 -> 0x93, a skippable unknown with length 1
        XCTAssertEqual(try AKAEncryptedData.decrypt(ct, kEncr: key, iv: otherIV),
            [.skippable(type: 0x93, value: [0, 1])])
        otherIV = iv
        otherIV[1] ^= 0x01  // Length 1 -> 0
        expect({ try AKAEncryptedData.decrypt(ct, kEncr: self.key, iv: otherIV) },
            .invalidPlaintext(.zeroLengthAttribute(type: 19)))
        otherIV = iv
        otherIV[0] ^= 0x13 ^ 0x07  // AT_NONCE_MT is not an EAP-AKA attribute
        expect({ try AKAEncryptedData.decrypt(ct, kEncr: self.key, iv: otherIV) },
            .invalidPlaintext(.unknownNonSkippableAttribute(7)))
        otherIV = iv
        otherIV[8] ^= 1  // non-zero padding
        expect({ try AKAEncryptedData.decrypt(ct, kEncr: self.key, iv: otherIV) }, .invalidPlaintext(.nonZeroPadding))

        // Padding must come last.
        let misplaced = try AKAEncryptedData.encrypt([.padding(length: 12), .counter(1)], kEncr: key, iv: iv)
        expect({ try AKAEncryptedData.decrypt(misplaced, kEncr: self.key, iv: self.iv) }, .paddingNotLast)
    }
}
