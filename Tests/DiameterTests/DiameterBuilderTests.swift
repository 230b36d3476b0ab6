import Diameter
import WireFormat
import XCTest

final class DiameterBuilderTests: XCTestCase {
    func testRequestAndAnswerFlags() {
        let mar = VectorMessages.swxMAR
        XCTAssertEqual(mar.flags, [.request, .proxiable])
        var retransmitted = mar
        retransmitted.flags.insert(.retransmitted)
        let maa = retransmitted.answer(resultCode: .success)
        XCTAssertEqual(maa.flags, [.proxiable])
        XCTAssertEqual(maa.hopByHopID, mar.hopByHopID)
        XCTAssertEqual(maa.endToEndID, mar.endToEndID)
        XCTAssertEqual(maa.commandCode, 303)
        XCTAssertEqual(maa.applicationID, 16_777_265)
        XCTAssertEqual(maa.avps.map(\.code), [263, 268])
        XCTAssertEqual(maa.resultCode, 2001)
        // Proxy-Info from the request is echoed at the end of the answer.
        var proxied = mar
        let proxyInfo = DiameterAVP.standard(code: 284, .grouped([
            .standard(code: 280, .diameterIdentity("dra.example")), .standard(code: 33, .octetString([1, 2])),
        ]))
        proxied.avps.append(proxyInfo)
        XCTAssertEqual(proxied.answer(resultCode: 2001, avps: [.originHost("h")]).avps.map(\.code), [263, 268, 264, 284])
        XCTAssertEqual(proxied.answer(resultCode: 2001).avps.last, proxyInfo)
        let busy = VectorMessages.dwr.answer(resultCode: .tooBusy)
        XCTAssertEqual(busy.flags, [.error])
        XCTAssertEqual(busy.avps.map(\.code), [268])
        XCTAssertFalse(VectorMessages.cer.isProxiable)
        let forced = DiameterMessage.request(command: .creditControl, application: .gy, hopByHop: 1, endToEnd: 2,
                                             proxiable: false, avps: [])
        XCTAssertEqual(forced.flags, [.request])
        let unknown = DiameterMessage.request(command: DiameterCommand(rawValue: 9000), application: .swx, hopByHop: 1,
                                              endToEnd: 2, avps: [])
        XCTAssertTrue(unknown.isProxiable)
    }

    func testDefaultFlagsComeFromDictionary() {
        XCTAssertEqual(DiameterAVP.sessionId("x").flags, [.mandatory])
        XCTAssertEqual(DiameterAVP.productName("x").flags, [])
        XCTAssertEqual(DiameterAVP.firmwareRevision(1).flags, [])
        XCTAssertEqual(DiameterAVP.ratType(0).flags, [.vendorSpecific])
        XCTAssertEqual(DiameterAVP.anid("WLAN").flags, [.vendorSpecific, .mandatory])
        XCTAssertEqual(DiameterAVP.sipAuthDataItem([]).flags, [.vendorSpecific, .mandatory])
        XCTAssertEqual(DiameterAVP.reportingReason(2).flags, [.vendorSpecific, .mandatory])
        XCTAssertEqual(DiameterAVP.ccTotalOctets(1).flags, [.mandatory])
        XCTAssertEqual(DiameterAVP.experimentalResult(vendor: 10415, code: 5001).children?.count, 2)
    }

    func testBuildByNameAndCode() throws {
        let d = DiameterDictionary.standard
        XCTAssertEqual(try d.makeAVP(named: "Session-Id", .utf8String("abc")), .sessionId("abc"))
        XCTAssertEqual(try d.makeAVP(code: 1032, vendorID: 10415, .enumerated(0)), .ratType(0))
        XCTAssertEqual(try d.makeAVP(named: "Result-Code", .unsigned32(2001)), .resultCode(2001))
        XCTAssertEqual(try d.makeAVP(named: "Visited-Network-Identifier", .utf8String("x")).flags.rawValue, 0xc0)
        XCTAssertThrowsError(try d.makeAVP(named: "No-Such-AVP", .unsigned32(1))) {
            XCTAssertEqual($0 as? DiameterDictionaryError, .unknownAVPName("No-Such-AVP"))
        }
        XCTAssertThrowsError(try d.makeAVP(code: 7777, .unsigned32(1)))
        XCTAssertThrowsError(try d.makeAVP(named: "CC-Total-Octets", .unsigned32(1))) {
            XCTAssertEqual($0 as? DiameterDictionaryError,
                           .typeMismatch(avp: "CC-Total-Octets", expected: .unsigned64, given: .unsigned32))
        }
        XCTAssertThrowsError(try d.makeAVP(named: "Origin-Host", .octetString([1])))
        XCTAssertEqual(try DiameterAVP(named: "ANID", .utf8String("WLAN")), .anid("WLAN"))
        XCTAssertEqual(try DiameterAVP(code: 269, .utf8String("gw")), .productName("gw"))
        XCTAssertEqual(try DiameterAVP(code: 872, vendorID: 10415, .enumerated(2)), .reportingReason(2))
    }

    func testGroupedNestingRoundTrip() throws {
        let mscc = DiameterAVP.multipleServicesCreditControl([
            .usedServiceUnit([.ccTotalOctets(1), .ccInputOctets(2), .ccOutputOctets(3), .ccTime(4)]),
            .requestedServiceUnit([]),
            .ratingGroup(7),
            .failedAVP([.failedAVP([.resultCode(5)])]),
        ])
        XCTAssertEqual(mscc.length, mscc.encodedLength)
        var m = VectorMessages.gyCCRI
        m.avps.append(mscc)
        let decoded = try DiameterMessage(decoding: m.encode())
        XCTAssertEqual(decoded, m)
        let back = try XCTUnwrap(decoded.avps.last)
        let usu = try XCTUnwrap(back.first(code: DiameterAVPCode.usedServiceUnit))
        XCTAssertEqual(try usu.first(code: DiameterAVPCode.ccTime)?.unsigned32(), 4)
        XCTAssertEqual(back.first(code: DiameterAVPCode.requestedServiceUnit)?.children, [])
        // An unknown grouped AVP stays bytes until asked for.
        let opaque = DiameterAVP(code: 5555, vendorID: 1, mandatory: false, data: DiameterAVP.ratingGroup(9).encode())
        XCTAssertNil(opaque.children)
        XCTAssertEqual(try opaque.grouped(), [.ratingGroup(9)])
        XCTAssertThrowsError(try DiameterAVP(code: 5555, mandatory: false, data: [0, 0, 1]).grouped())
    }

    func testPaddingAndLengths() {
        let name = DiameterAVP.userName("12345")
        XCTAssertEqual(name.length, 13)
        XCTAssertEqual(name.encodedLength, 16)
        XCTAssertEqual(Array(name.encode().suffix(3)), [0, 0, 0])
        let vendor = DiameterAVP.anid("W")
        XCTAssertEqual(vendor.headerLength, 12)
        XCTAssertEqual(vendor.length, 13)
        XCTAssertEqual(vendor.encode().count, 16)
    }

    func testGroupWithoutTrailingPaddingIsAccepted() throws {
        // Some peers leave the last child's padding out of the group length.
        var group = DiameterAVP.subscriptionId(type: 1, data: "555444333222111").encode()
        XCTAssertEqual(group.count, 44)
        group.setUInt24(43, at: 5)  // 8 + 12 + 23: the last child's padding byte becomes the group's padding
        var bytes = DiameterMessage(flags: .request, commandCode: 272, applicationID: 4, hopByHopID: 1, endToEndID: 1)
            .encode()
        bytes += group
        bytes.setUInt24(UInt32(bytes.count), at: 1)
        let m = try DiameterMessage(decoding: bytes)
        XCTAssertEqual(m.avps, [.subscriptionId(type: 1, data: "555444333222111")])
    }

    func testSessionIDGenerator() {
        let g = DiameterSessionIDGenerator(identity: "aaa.wlan.example.net", high: 1_700_000_000, firstLow: 1)
        XCTAssertEqual(g.next(), "aaa.wlan.example.net;1700000000;1")
        XCTAssertEqual(g.next(optional: "ap7"), "aaa.wlan.example.net;1700000000;2;ap7")
        let now = DiameterSessionIDGenerator(identity: "x")
        XCTAssertGreaterThan(now.high, 1_600_000_000)
        XCTAssertEqual(Set((0..<100).map { _ in now.next() }).count, 100)
    }

    func testIdentifierGenerators() {
        let e2e = DiameterEndToEndGenerator(unixSeconds: 0x1234_5abc, randomStart: 0xfffff)
        XCTAssertEqual(e2e.next(), 0xabcf_ffff)
        XCTAssertEqual(e2e.next(), 0xabc0_0000, "low 20 bits wrap, high 12 keep the time")
        XCTAssertEqual(e2e.timeBits, 0xabc)
        let hbh = DiameterHopByHopGenerator(start: 0xffff_ffff)
        XCTAssertEqual(hbh.next(), 0xffff_ffff)
        XCTAssertEqual(hbh.next(), 0)
        let random = DiameterHopByHopGenerator()
        let first = random.next()
        XCTAssertEqual(random.next(), first &+ 1)
    }

    func testFramer() throws {
        let framer = DiameterFramer()
        let dwr = VectorMessages.dwr.encode()
        let cer = VectorMessages.cer.encode()
        let stream = dwr + cer
        XCTAssertEqual(try framer.inspect([UInt8]()), .needMoreBytes(total: 4))
        XCTAssertEqual(try framer.inspect(stream.prefix(3)), .needMoreBytes(total: 4))
        XCTAssertEqual(try framer.inspect(stream.prefix(4)), .needMoreBytes(total: dwr.count))
        XCTAssertEqual(try framer.inspect(stream.prefix(dwr.count - 1)), .needMoreBytes(total: dwr.count))
        XCTAssertEqual(try framer.inspect(stream), .messageReady(length: dwr.count))
        XCTAssertEqual(try framer.inspect(stream.dropFirst(dwr.count)), .messageReady(length: cer.count))
        XCTAssertThrowsError(try framer.inspect([2, 0, 0, 20])) { XCTAssertEqual($0 as? DiameterError, .unsupportedVersion(2)) }
        XCTAssertThrowsError(try framer.inspect([1, 0, 0, 19]))
        XCTAssertThrowsError(try framer.inspect([1, 0, 0, 22]))
        XCTAssertThrowsError(try DiameterFramer(maxMessageSize: 100).inspect(cer)) {
            XCTAssertEqual($0 as? DiameterError, .messageTooLarge(length: cer.count, limit: 100))
        }
        XCTAssertThrowsError(try framer.inspect([1, 0xff, 0xff, 0xfc]), "16 MiB announced, limit 64 KiB")
    }
}
