import Diameter
import WireFormat
import XCTest

/// Each typed decode error, the Result-Code it maps to, and the Failed-AVP it carries.
final class DiameterErrorTests: XCTestCase {
    /// A minimal valid message with the given AVP bytes appended (length fixed up).
    private func message(flags: UInt8 = 0x80, avpBytes: [UInt8] = []) -> [UInt8] {
        var out = DiameterMessage(flags: .init(rawValue: flags), commandCode: 280, applicationID: 0, hopByHopID: 7,
                                  endToEndID: 9).encode()
        out += avpBytes
        out.setUInt24(UInt32(out.count), at: 1)
        return out
    }

    private func decodeError(_ bytes: [UInt8], options: DiameterDecodingOptions = .init()) -> DiameterError? {
        do {
            _ = try DiameterMessage(decoding: bytes, options: options)
            return nil
        } catch {
            return error
        }
    }

    func testUnsupportedVersion() {
        var m = message()
        m[0] = 2
        let e = decodeError(m)
        XCTAssertEqual(e, .unsupportedVersion(2))
        XCTAssertEqual(e?.resultCode, 5011)
        XCTAssertNil(e?.failedAVP)
    }

    func testMessageLengthRules() {
        // Shorter than a header.
        XCTAssertEqual(decodeError([1, 0, 0, 20])?.resultCode, 5015)
        XCTAssertEqual(decodeError([])?.resultCode, 5015)
        XCTAssertEqual(decodeError([1, 0, 0, 20, 0x80]), .invalidMessageLength(declared: 20, available: 5))
        // Declared length below 20.
        var m = message()
        m.setUInt24(16, at: 1)
        XCTAssertEqual(decodeError(m), .invalidMessageLength(declared: 16, available: 20))
        // Not a multiple of 4.
        m = message() + [0, 0]
        m.setUInt24(22, at: 1)
        XCTAssertEqual(decodeError(m)?.resultCode, 5015)
        // Longer than the buffer.
        m = message()
        m.setUInt24(24, at: 1)
        XCTAssertEqual(decodeError(m), .invalidMessageLength(declared: 24, available: 20))
        // Shorter than the buffer (trailing bytes).
        m = message() + [0, 0, 0, 0]
        m.setUInt24(20, at: 1)
        XCTAssertEqual(decodeError(m), .invalidMessageLength(declared: 20, available: 24))
        // Above the configured maximum.
        let big = message(avpBytes: DiameterAVP(code: 1, mandatory: true, data: Array(repeating: 0x41, count: 200)).encode())
        let e = decodeError(big, options: .init(maxMessageSize: 128))
        XCTAssertEqual(e, .messageTooLarge(length: big.count, limit: 128))
        XCTAssertEqual(e?.resultCode, 5015)
        XCTAssertNoThrow(try DiameterMessage(decoding: big))
    }

    func testInvalidHeaderBits() {
        let reserved = decodeError(message(flags: 0x81))
        XCTAssertEqual(reserved, .invalidHeaderBits(flags: 0x81))
        XCTAssertEqual(reserved?.resultCode, 5013)
        let errorOnRequest = decodeError(message(flags: 0xa0))
        XCTAssertEqual(errorOnRequest?.resultCode, 3008)
        XCTAssertEqual(errorOnRequest?.isProtocolError, true)
        XCTAssertNoThrow(try DiameterMessage(decoding: message(flags: 0x20)), "E on an answer is fine")
        XCTAssertNoThrow(try DiameterMessage(decoding: message(flags: 0x90)), "T on a request is fine")
    }

    func testAVPShorterThanHeader() {
        // Length 7 < 8.
        var avp: [UInt8] = []
        avp.appendUInt32(268)
        avp.append(0x40)
        avp.appendUInt24(7)
        let e = decodeError(message(avpBytes: avp + [0, 0, 0, 0]))
        XCTAssertEqual(e?.resultCode, 5014)
        // Failed-AVP: the header and a zero payload of the type's minimum size (Result-Code: 4 octets).
        XCTAssertEqual(e?.failedAVP?.code, 268)
        XCTAssertEqual(e?.failedAVP?.octetString(), [0, 0, 0, 0])

        // V set: 12 is the minimum.
        var vavp: [UInt8] = []
        vavp.appendUInt32(607)
        vavp.append(0xc0)
        vavp.appendUInt24(11)
        vavp.appendUInt32(10415)
        let ve = decodeError(message(avpBytes: vavp + [0, 0, 0, 0]))
        XCTAssertEqual(ve?.resultCode, 5014)
        XCTAssertEqual(ve?.failedAVP?.vendorID, 10415)

        // Header fragment at the end of the message.
        XCTAssertEqual(decodeError(message(avpBytes: [0, 0, 1, 8]))?.resultCode, 5014)
    }

    func testAVPOverrunningContainer() {
        // Message level: AVP claims 40 bytes, 12 present.
        var avp = DiameterAVP.originStateId(1).encode()
        avp.setUInt24(40, at: 5)
        XCTAssertEqual(decodeError(message(avpBytes: avp))?.resultCode, 5014)
        // Inside a grouped AVP: the child overruns the group.
        var group = DiameterAVP.experimentalResult(vendor: 10415, code: 5001).encode()
        group.setUInt24(12 + 8 + 40, at: 8 + 12 + 5) // second child's length field
        let e = decodeError(message(avpBytes: group))
        XCTAssertEqual(e?.resultCode, 5014)
        XCTAssertEqual(e?.failedAVP?.code, DiameterAVPCode.experimentalResultCode)
    }

    func testTypeChecks() {
        // Unsigned32 AVP with 5 data bytes.
        let bad = DiameterAVP(code: DiameterAVPCode.originStateID, mandatory: true, data: [0, 0, 0, 1, 2])
        let e = decodeError(message(avpBytes: bad.encode()))
        XCTAssertEqual(e, .invalidAVPLength(bad))
        XCTAssertEqual(e?.resultCode, 5014)
        XCTAssertEqual(e?.failedAVP, bad)
        // Unsigned64 with 4.
        let u64 = DiameterAVP(code: DiameterAVPCode.ccTotalOctets, mandatory: true, data: [0, 0, 0, 1])
        XCTAssertEqual(decodeError(message(avpBytes: u64.encode())), .invalidAVPLength(u64))
        // Invalid UTF-8 in a DiameterIdentity.
        let host = DiameterAVP(code: DiameterAVPCode.originHost, mandatory: true, data: [0x61, 0xff, 0x62])
        let he = decodeError(message(avpBytes: host.encode()))
        XCTAssertEqual(he, .invalidAVPValue(host))
        XCTAssertEqual(he?.resultCode, 5004)
        // Overlong encoding and lone surrogate are rejected too.
        for data: [UInt8] in [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]] {
            let a = DiameterAVP(code: DiameterAVPCode.userName, mandatory: true, data: data)
            XCTAssertEqual(decodeError(message(avpBytes: a.encode()))?.resultCode, 5004)
        }
        // IPv4 address family with 5 address octets.
        let addr = DiameterAVP(code: DiameterAVPCode.hostIPAddress, mandatory: true, data: [0, 1, 1, 2, 3, 4, 5])
        XCTAssertEqual(decodeError(message(avpBytes: addr.encode()))?.resultCode, 5004)
        // Type checks can be switched off; unknown AVPs are never type-checked.
        XCTAssertNoThrow(try DiameterMessage(decoding: message(avpBytes: bad.encode()), options: .init(checkTypes: false)))
        let unknown = DiameterAVP(code: 9999, mandatory: true, data: [1, 2, 3])
        XCTAssertNoThrow(try DiameterMessage(decoding: message(avpBytes: unknown.encode())))
    }

    func testInvalidAVPBitsWhenEnforced() throws {
        let strict = DiameterDecodingOptions(enforceFlagRules: true)
        // Product-Name must not carry M.
        let withM = DiameterAVP(code: DiameterAVPCode.productName, mandatory: true, value: .utf8String("x"))
        let e = decodeError(message(avpBytes: withM.encode()), options: strict)
        XCTAssertEqual(e, .invalidAVPBits(withM))
        XCTAssertEqual(e?.resultCode, 3009)
        XCTAssertEqual(e?.isProtocolError, true)
        // Origin-Host must carry M.
        let withoutM = DiameterAVP(code: DiameterAVPCode.originHost, mandatory: false, value: .diameterIdentity("a"))
        XCTAssertEqual(decodeError(message(avpBytes: withoutM.encode()), options: strict)?.resultCode, 3009)
        // The default decoder is liberal.
        XCTAssertNoThrow(try DiameterMessage(decoding: message(avpBytes: withM.encode())))
    }

    func testUnknownMandatoryAVPIsReportedNotFatal() throws {
        let unknown = DiameterAVP(code: 4242, vendorID: 99, mandatory: true, data: [1, 2, 3, 4])
        let optional = DiameterAVP(code: 4243, mandatory: false, data: [])
        let m = try DiameterMessage(decoding: message(avpBytes: unknown.encode() + optional.encode()))
        XCTAssertEqual(DiameterDictionary.standard.unknownMandatoryAVPs(in: m), [unknown])
        // Also found inside known grouped AVPs.
        let nested = DiameterMessage(flags: .request, commandCode: 272, applicationID: 4, hopByHopID: 1, endToEndID: 1,
                                     avps: [.multipleServicesCreditControl([.ratingGroup(1), unknown])])
        let decoded = try DiameterMessage(decoding: nested.encode())
        XCTAssertEqual(DiameterDictionary.standard.unknownMandatoryAVPs(in: decoded), [unknown])
    }

    func testMissingAndRepeatedAVPs() throws {
        let m = VectorMessages.swxMAR
        XCTAssertEqual(try m.require(code: DiameterAVPCode.sessionID).code, 263)
        do {
            _ = try m.require(code: DiameterAVPCode.destinationHost)
            XCTFail("expected missing AVP")
        } catch {
            XCTAssertEqual(error.resultCode, 5005)
            XCTAssertEqual(error.failedAVP?.code, DiameterAVPCode.destinationHost)
            XCTAssertEqual(error.failedAVP?.isMandatory, true)
        }
        // Missing vendor AVP template carries the vendor and a zero value of its type.
        do {
            try m.checkOccurrences([.required(DiameterAVPCode.serverAssignmentType, vendor: 10415)])
            XCTFail("expected missing AVP")
        } catch {
            XCTAssertEqual(error, .missingAVP(DiameterAVP(code: 614, vendorID: 10415, mandatory: true, data: [0, 0, 0, 0])))
        }
        var twice = m
        twice.avps.append(.userName("other"))
        do {
            try twice.checkOccurrences([.required(DiameterAVPCode.sessionID), .required(DiameterAVPCode.userName)])
            XCTFail("expected too many")
        } catch {
            XCTAssertEqual(error, .avpOccursTooManyTimes(.userName("other")))
            XCTAssertEqual(error.resultCode, 5009)
        }
        XCTAssertNoThrow(try m.checkOccurrences(code: DiameterAVPCode.routeRecord, min: 0, max: nil))
    }

    func testNestingDepthLimit() throws {
        // Proxy-Info inside Proxy-Info ... 12 deep.
        var avp = DiameterAVP.resultCode(2001)
        for _ in 0..<12 { avp = .standard(code: 284, .grouped([avp])) }
        let bytes = message(avpBytes: avp.encode())
        // Failed-AVP content is parsed leniently: too deep a nest stays raw bytes instead of failing the answer.
        var failed = DiameterAVP.resultCode(2001)
        for _ in 0..<12 { failed = .failedAVP([failed]) }
        let kept = try DiameterMessage(decoding: message(avpBytes: failed.encode()))
        XCTAssertEqual(kept.encode(), message(avpBytes: failed.encode()))
        let e = decodeError(bytes)
        if case .nestingTooDeep = e {} else { XCTFail("got \(String(describing: e))") }
        XCTAssertEqual(e?.resultCode, 5004)
        XCTAssertNoThrow(try DiameterMessage(decoding: bytes, options: .init(maxNestingDepth: 13)))
    }

    func testAnswerForError() throws {
        let bad = DiameterAVP(code: DiameterAVPCode.originStateID, mandatory: true, data: [0, 0, 0, 1, 2])
        let request = VectorMessages.swxMAR
        let answer = request.answer(error: .invalidAVPLength(bad), avps: [.originHost("h"), .originRealm("r")])
        XCTAssertEqual(answer.resultCode, 5014)
        XCTAssertFalse(answer.isError)
        XCTAssertEqual(answer.sessionId, request.sessionId)
        XCTAssertEqual(answer.first(code: DiameterAVPCode.failedAVP)?.children, [bad])
        // A protocol error answer sets E, and the Failed-AVP round-trips through the decoder even though the
        // AVP inside is invalid by type.
        let protocolError = request.answer(error: .invalidAVPBits(bad))
        XCTAssertTrue(protocolError.isError)
        XCTAssertEqual(try DiameterMessage(decoding: protocolError.encode()), protocolError)
    }
}
