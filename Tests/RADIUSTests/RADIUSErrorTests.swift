@testable import RADIUS
import TestSupport
import WireFormat
import XCTest

/// One test per typed error: each fault is reported by name.
final class RADIUSErrorTests: XCTestCase {
    private let secret = Array("testing123".utf8)

    /// Header + attributes with a correct Length field.
    private func packet(code: UInt8 = 1, attributes: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [code, 7]
        bytes.appendUInt16(UInt16(20 + attributes.count))
        bytes += [UInt8](repeating: 0xAB, count: 16)
        return bytes + attributes
    }

    private func assertDecode(_ bytes: [UInt8], throws expected: RADIUSDecodingError,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RADIUSPacket(decoding: bytes), file: file, line: line) {
            XCTAssertEqual($0 as? RADIUSDecodingError, expected, file: file, line: line)
        }
    }

    // MARK: Decoding

    func testPacketTooShort() {
        assertDecode([], throws: .packetTooShort(0))
        assertDecode(Array(packet(attributes: []).prefix(19)), throws: .packetTooShort(19))
    }

    func testUnknownCode() {
        assertDecode(packet(code: 0, attributes: []), throws: .unknownCode(0))
        assertDecode(packet(code: 14, attributes: []), throws: .unknownCode(14))
        assertDecode(packet(code: 255, attributes: []), throws: .unknownCode(255))
        XCTAssertThrowsError(try RADIUSCode(validating: 6)) { XCTAssertEqual($0 as? RADIUSDecodingError, .unknownCode(6)) }
        XCTAssertEqual(try RADIUSCode(validating: 12), .statusServer)
        XCTAssertEqual(RADIUSCode.statusClient.rawValue, 13)
        XCTAssertEqual(RADIUSCode.allCases.map(\.name), [
            "Access-Request", "Access-Accept", "Access-Reject", "Accounting-Request", "Accounting-Response",
            "Access-Challenge", "Status-Server", "Status-Client", "Disconnect-Request", "Disconnect-ACK",
            "Disconnect-NAK", "CoA-Request", "CoA-ACK", "CoA-NAK",
        ])
    }

    func testLengthFieldInvalid() {
        var bytes = packet(attributes: [])
        bytes.setUInt16(19, at: 2)
        assertDecode(bytes, throws: .lengthFieldInvalid(19))
        var long = packet(attributes: [UInt8](repeating: 0, count: 4090))
        long.setUInt16(4097, at: 2)
        assertDecode(long, throws: .lengthFieldInvalid(4097))
    }

    func testLengthFieldMismatch() {
        var bytes = packet(attributes: [1, 3, 0x61])
        bytes.setUInt16(30, at: 2)
        assertDecode(bytes, throws: .lengthFieldMismatch(declared: 30, actual: 23))
    }

    func testOctetsPastLengthArePadding() throws {
        let bytes = packet(attributes: [1, 3, 0x61])
        let padded = bytes + [0xFF, 0x00, 0x13]
        let decoded = try RADIUSPacket(decoding: padded)
        XCTAssertEqual(decoded.userName, "a")
        XCTAssertEqual(try decoded.encode(), bytes)
    }

    func testAttributeHeaderTruncated() {
        assertDecode(packet(attributes: [1, 3, 0x61, 0x1F]), throws: .attributeHeaderTruncated(offset: 23))
    }

    func testAttributeLengthInvalid() {
        assertDecode(packet(attributes: [1, 2]), throws: .attributeLengthInvalid(type: 1, length: 2))
        assertDecode(packet(attributes: [1, 3, 0x61, 26, 0, 0, 0]), throws: .attributeLengthInvalid(type: 26, length: 0))
    }

    func testAttributeOverflowsPacket() {
        assertDecode(packet(attributes: [1, 6, 0x61, 0x62]), throws: .attributeOverflowsPacket(type: 1, length: 6, remaining: 4))
    }

    func testMessageAuthenticatorWrongLength() {
        assertDecode(packet(attributes: [80, 17] + [UInt8](repeating: 0, count: 15)), throws: .messageAuthenticatorWrongLength(17))
        assertDecode(packet(attributes: [80, 2]), throws: .messageAuthenticatorWrongLength(2))
    }

    func testDuplicateMessageAuthenticator() {
        let ma: [UInt8] = [80, 18] + [UInt8](repeating: 0, count: 16)
        assertDecode(packet(attributes: ma + ma), throws: .duplicateMessageAuthenticator)
    }

    func testUnknownAttributesAndRepeatedEAPMessagePreserved() throws {
        let attributes: [UInt8] = [200, 4, 1, 2, 79, 3, 9, 79, 4, 8, 7, 241, 5, 0xFF, 0, 1]
        let bytes = packet(attributes: attributes)
        let decoded = try RADIUSPacket(decoding: bytes)
        XCTAssertEqual(decoded.attributes.map(\.type), [200, 79, 79, 241])
        XCTAssertNil(decoded.attributes[0].knownType)
        XCTAssertEqual(decoded.eapMessage, [9, 8, 7])
        XCTAssertEqual(try decoded.encode(), bytes)
    }

    // MARK: Encoding

    func testEncodingErrors() {
        var p = RADIUSPacket(code: .accessRequest, identifier: 1, authenticator: [1, 2, 3])
        XCTAssertThrowsError(try p.encode()) { XCTAssertEqual($0 as? RADIUSEncodingError, .authenticatorWrongLength(3)) }
        p.authenticator = RADIUSPacket.randomAuthenticator()
        p.attributes = [RADIUSAttribute(.userName, value: [])]
        XCTAssertThrowsError(try p.encode()) {
            XCTAssertEqual($0 as? RADIUSEncodingError, .attributeValueLengthInvalid(type: 1, length: 0))
        }
        p.attributes = [RADIUSAttribute(.class, value: [UInt8](repeating: 1, count: 254))]
        XCTAssertThrowsError(try p.encode()) {
            XCTAssertEqual($0 as? RADIUSEncodingError, .attributeValueLengthInvalid(type: 25, length: 254))
        }
        p.attributes = [RADIUSAttribute(.messageAuthenticator, value: [0])]
        XCTAssertThrowsError(try p.encode()) { XCTAssertEqual($0 as? RADIUSEncodingError, .messageAuthenticatorWrongLength(1)) }
        let ma = RADIUSAttribute(.messageAuthenticator, value: [UInt8](repeating: 0, count: 16))
        p.attributes = [ma, ma]
        XCTAssertThrowsError(try p.encode()) { XCTAssertEqual($0 as? RADIUSEncodingError, .duplicateMessageAuthenticator) }
        p.attributes = Array(repeating: RADIUSAttribute(.class, value: [UInt8](repeating: 1, count: 253)), count: 17)
        XCTAssertThrowsError(try p.encode()) { XCTAssertEqual($0 as? RADIUSEncodingError, .packetTooLong(20 + 17 * 255)) }
        p.attributes = []
        XCTAssertThrowsError(try p.encodeResponse(secret: secret, requestAuthenticator: p.authenticator)) {
            XCTAssertEqual($0 as? RADIUSEncodingError, .wrongDirection(.accessRequest))
        }
        let reply = RADIUSPacket(code: .accessAccept, identifier: 1)
        XCTAssertThrowsError(try reply.encodeRequest(secret: secret)) {
            XCTAssertEqual($0 as? RADIUSEncodingError, .wrongDirection(.accessAccept))
        }
        XCTAssertThrowsError(try reply.encodeResponse(secret: secret, requestAuthenticator: [0])) {
            XCTAssertEqual($0 as? RADIUSEncodingError, .authenticatorWrongLength(1))
        }
    }

    // MARK: Authentication

    func testAuthenticationErrors() throws {
        var request = RADIUSPacket(code: .accessRequest, identifier: 9, authenticator: RADIUSPacket.randomAuthenticator())
        request.userName = "user@realm"
        request.eapMessage = [2, 0, 0, 5, 1]
        // An EAP-carrying request without Message-Authenticator.
        let bare = try request.encode()
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(bare, secret: secret)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMissing)
        }
        XCTAssertThrowsError(try MessageAuthenticator.verify(bare, secret: secret)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMissing)
        }
        // Without EAP it passes unless the BlastRADIUS policy demands Message-Authenticator.
        request.eapMessage = nil
        let legacy = try request.encodeRequest(secret: secret, messageAuthenticator: .ifPresent)
        XCTAssertNoThrow(try RADIUSPacket.verifyRequest(legacy, secret: secret))
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(legacy, secret: secret, requireMessageAuthenticator: true)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMissing)
        }
        // Status-Server always needs it.
        let status = try RADIUSPacket(code: .statusServer, identifier: 1, authenticator: RADIUSPacket.randomAuthenticator()).encode()
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(status, secret: secret)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMissing)
        }
        // A tampered signed request.
        var signed = try request.encodeRequest(secret: secret)
        XCTAssertNoThrow(try RADIUSPacket.verifyRequest(signed, secret: secret, requireMessageAuthenticator: true))
        signed[signed.count - 1] ^= 0x01
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(signed, secret: secret)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMismatch)
        }
        // Direction checks.
        let accept = try RADIUSPacket.reply(to: request, code: .accessAccept)
            .encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(accept, secret: secret)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .wrongDirection(.accessAccept))
        }
        XCTAssertThrowsError(try RADIUSPacket.verifyResponse(legacy, secret: secret, requestAuthenticator: request.authenticator)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .wrongDirection(.accessRequest))
        }
        XCTAssertThrowsError(try RADIUSPacket.verifyResponse(accept, secret: secret, requestAuthenticator: [1])) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .authenticatorWrongLength(1))
        }
        var tampered = accept
        tampered[25] ^= 0x01 // inside the Message-Authenticator value
        XCTAssertThrowsError(try RADIUSPacket.verifyResponse(tampered, secret: secret, requestAuthenticator: request.authenticator)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .responseAuthenticatorMismatch)
        }
    }

    /// A reply whose Response Authenticator is right but whose Message-Authenticator is not
    /// (e.g. computed by a broken proxy) is still rejected.
    func testMessageAuthenticatorMismatchOnReplyWithValidResponseAuthenticator() throws {
        let request = RADIUSPacket(code: .accessRequest, identifier: 3, authenticator: RADIUSPacket.randomAuthenticator())
        var bytes = try RADIUSPacket.reply(to: request, code: .accessReject)
            .encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
        XCTAssertEqual(bytes[20], 80, "Message-Authenticator first")
        bytes[22] ^= 0x80
        // Re-sign: Response Authenticator = MD5(Code|ID|Length|Request Authenticator|Attributes|Secret).
        bytes.replaceSubrange(4..<20, with: request.authenticator)
        var md5 = MD5Hasher()
        md5.update(bytes)
        md5.update(secret)
        bytes.replaceSubrange(4..<20, with: md5.finalize())
        XCTAssertThrowsError(try RADIUSPacket.verifyResponse(bytes, secret: secret, requestAuthenticator: request.authenticator)) {
            XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMismatch)
        }
    }

    // MARK: Hidden values

    func testHiddenValueErrors() throws {
        let ra = [UInt8](repeating: 0x11, count: 16)
        XCTAssertThrowsError(try UserPassword.hide([UInt8](repeating: 0x61, count: 129), secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .passwordTooLong(129))
        }
        XCTAssertThrowsError(try UserPassword.hide([0x61], secret: secret, requestAuthenticator: [1])) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .authenticatorWrongLength(1))
        }
        for bad in [0, 15, 17, 144] {
            XCTAssertThrowsError(try UserPassword.unhide([UInt8](repeating: 1, count: bad), secret: secret, requestAuthenticator: ra)) {
                XCTAssertEqual($0 as? RADIUSHiddenValueError, .hiddenPasswordLengthInvalid(bad))
            }
        }
        XCTAssertEqual(try UserPassword.hide([], secret: secret, requestAuthenticator: ra).count, 16)
        let long = [UInt8](repeating: 0x62, count: 128)
        let hidden = try UserPassword.hide(long, secret: secret, requestAuthenticator: ra)
        XCTAssertEqual(hidden.count, 128)
        XCTAssertEqual(try UserPassword.unhide(hidden, secret: secret, requestAuthenticator: ra), long)

        let key = [UInt8](repeating: 0x5A, count: 20)
        XCTAssertThrowsError(try MPPEKey.encrypt(key, salt: 0x7FFF, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .saltHighBitNotSet(0x7FFF))
        }
        XCTAssertThrowsError(try MPPEKey.encrypt([], salt: 0x8001, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .keyLengthInvalid(0))
        }
        XCTAssertThrowsError(try MPPEKey.encrypt([UInt8](repeating: 0, count: 240), salt: 0x8001, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .keyLengthInvalid(240))
        }
        let value = try MPPEKey.encrypt(key, salt: 0x8001, secret: secret, requestAuthenticator: ra)
        XCTAssertEqual(value.count, 2 + 32)
        XCTAssertEqual(try MPPEKey.decrypt(value, secret: secret, requestAuthenticator: ra), key)
        for bad in [0, 17, 19, 33] {
            XCTAssertThrowsError(try MPPEKey.decrypt(Array(value.prefix(bad)), secret: secret, requestAuthenticator: ra)) {
                XCTAssertEqual($0 as? RADIUSHiddenValueError, .encryptedKeyLengthInvalid(bad))
            }
        }
        var lowSalt = value
        lowSalt[0] &= 0x7F
        XCTAssertThrowsError(try MPPEKey.decrypt(lowSalt, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .saltHighBitNotSet(0x0001))
        }
        var badLength = value
        badLength[2] ^= 0x80 // key-length octet 20 -> 148
        XCTAssertThrowsError(try MPPEKey.decrypt(badLength, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .keyLengthFieldInvalid(declared: 148, ciphertext: 32))
        }
        var badPadding = value
        badPadding[badPadding.count - 1] ^= 0x01 // last octet of the padding
        XCTAssertThrowsError(try MPPEKey.decrypt(badPadding, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .paddingInvalid)
        }
        // Padding longer than one block (key length 4 in a 32-octet ciphertext) is not minimal.
        let shortKeyLongCipher = try MPPEKey.encrypt([1, 2, 3, 4] + [UInt8](repeating: 0, count: 16), salt: 0x8002,
                                                     secret: secret, requestAuthenticator: ra)
        var lied = shortKeyLongCipher
        lied[2] ^= 20 ^ 4 // declared key length 4
        XCTAssertThrowsError(try MPPEKey.decrypt(lied, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .keyLengthFieldInvalid(declared: 4, ciphertext: 32))
        }
        var emptyKey = value
        emptyKey[2] ^= 20 // declared key length 0
        XCTAssertThrowsError(try MPPEKey.decrypt(emptyKey, secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .keyLengthFieldInvalid(declared: 0, ciphertext: 32))
        }
        XCTAssertThrowsError(try MPPEKey.decrypt(value, secret: secret, requestAuthenticator: [0])) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .authenticatorWrongLength(1))
        }

        var packet = RADIUSPacket(code: .accessAccept, identifier: 1)
        let msk = (0..<64).map { UInt8($0) }
        XCTAssertThrowsError(try packet.addMPPEKeys(msk: Array(msk.prefix(63)), secret: secret, requestAuthenticator: ra)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .keyLengthInvalid(63))
        }
        XCTAssertThrowsError(try packet.addMPPEKeys(msk: msk, secret: secret, requestAuthenticator: ra, sendSalt: 0x8005, recvSalt: 0x8005)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .saltNotUnique(0x8005))
        }
        XCTAssertThrowsError(try packet.addMPPEKeys(msk: msk, secret: secret, requestAuthenticator: ra, sendSalt: 0x0005)) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .saltHighBitNotSet(0x0005))
        }
        XCTAssertTrue(packet.attributes.isEmpty, "failed additions leave the packet unchanged")
    }

    // MARK: Vendor-Specific

    func testVendorSpecificErrors() {
        func assertVSA(_ value: [UInt8], _ expected: RADIUSVendorSpecificError, line: UInt = #line) {
            XCTAssertThrowsError(try RADIUSVendorSpecific(decoding: value), line: line) {
                XCTAssertEqual($0 as? RADIUSVendorSpecificError, expected, line: line)
            }
        }
        assertVSA([0, 0, 1, 55, 1, 3], .valueTooShort(6))
        assertVSA([1, 0, 1, 55, 1, 3, 9], .vendorIDInvalid(0x0100_0137))
        assertVSA([0, 0, 1, 55, 1, 2, 9], .subAttributeLengthInvalid(vendorID: 311, type: 1, length: 2))
        assertVSA([0, 0, 1, 55, 1, 4, 9], .subAttributeOverflows(vendorID: 311, type: 1, length: 4, remaining: 3))
        assertVSA([0, 0, 1, 55, 1, 3, 9, 7], .subAttributeOverflows(vendorID: 311, type: 7, length: 0, remaining: 1))
        let tooBig = RADIUSVendorSpecific(vendorID: 311, subAttributes: [
            RADIUSVendorSubAttribute(type: 1, value: [UInt8](repeating: 0, count: 200)),
            RADIUSVendorSubAttribute(type: 2, value: [UInt8](repeating: 0, count: 50)),
        ])
        XCTAssertThrowsError(try tooBig.encodedValue()) { XCTAssertEqual($0 as? RADIUSVendorSpecificError, .valueTooLong(4 + 202 + 52)) }
        XCTAssertThrowsError(try RADIUSVendorSpecific(vendorID: 311, subAttributes: []).encodedValue()) {
            XCTAssertEqual($0 as? RADIUSVendorSpecificError, .valueTooShort(4))
        }
        XCTAssertThrowsError(try RADIUSVendorSpecific(vendorID: 311, subAttributes: [RADIUSVendorSubAttribute(type: 1, value: [])]).encodedValue()) {
            XCTAssertEqual($0 as? RADIUSVendorSpecificError, .subAttributeLengthInvalid(vendorID: 311, type: 1, length: 2))
        }
        XCTAssertThrowsError(try RADIUSVendorSpecific(vendorID: 0x0200_0000, subAttributes: [RADIUSVendorSubAttribute(type: 1, value: [1])]).encodedValue()) {
            XCTAssertEqual($0 as? RADIUSVendorSpecificError, .vendorIDInvalid(0x0200_0000))
        }
    }
}
