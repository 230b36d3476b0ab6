import Diameter
import WireFormat
import XCTest

final class DiameterValueTests: XCTestCase {
    private func avp(_ value: DiameterValue) -> DiameterAVP {
        DiameterAVP(code: 1000, mandatory: false, value: value)
    }

    func testIntegerAndFloatTypes() throws {
        XCTAssertEqual(try avp(.integer32(-2)).integer32(), -2)
        XCTAssertEqual(avp(.integer32(-2)).octetString(), [0xff, 0xff, 0xff, 0xfe])
        XCTAssertEqual(try avp(.integer64(-3)).integer64(), -3)
        XCTAssertEqual(try avp(.unsigned32(0xdead_beef)).unsigned32(), 0xdead_beef)
        XCTAssertEqual(try avp(.unsigned64(0x0102_0304_0506_0708)).unsigned64(), 0x0102_0304_0506_0708)
        XCTAssertEqual(avp(.unsigned64(0x0102_0304_0506_0708)).octetString(), [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(try avp(.float32(1.5)).float32(), 1.5)
        XCTAssertEqual(avp(.float32(1.5)).octetString(), [0x3f, 0xc0, 0, 0])
        XCTAssertEqual(try avp(.float64(-0.25)).float64(), -0.25)
        XCTAssertEqual(try avp(.enumerated(1004)).enumerated(), 1004)
        XCTAssertThrowsError(try avp(.unsigned64(1)).unsigned32()) {
            XCTAssertEqual(($0 as? DiameterError)?.resultCode, 5014)
        }
        XCTAssertThrowsError(try avp(.unsigned32(1)).float64())
    }

    func testTime() throws {
        let t = DiameterTime(secondsSince1970: 1_700_000_000)
        XCTAssertEqual(t.ntpSeconds, 0xe8fe_6f80)
        XCTAssertEqual(try avp(.time(t)).time(), t)
        XCTAssertEqual(DiameterTime(ntpSeconds: 0).secondsSince1970, 2_085_978_496, "top bit clear = after 2036 wrap")
        XCTAssertEqual(DiameterTime(secondsSince1970: 2_085_978_496).ntpSeconds, 0)
        XCTAssertEqual(DiameterTime(ntpSeconds: 0x8000_0000).secondsSince1970, 2_147_483_648 - 2_208_988_800)
        XCTAssertEqual(DiameterTime(secondsSince1970: 0).ntpSeconds, 2_208_988_800)
    }

    func testAddress() throws {
        let v4 = DiameterAddress.ipv4(192, 0, 2, 1)
        XCTAssertEqual(v4.encoded, [0, 1, 192, 0, 2, 1])
        XCTAssertEqual(DiameterAddress(ipv4: "192.0.2.1"), v4)
        XCTAssertNil(DiameterAddress(ipv4: "192.0.2"))
        XCTAssertNil(DiameterAddress(ipv4: "192.0.2.256"))
        XCTAssertNil(DiameterAddress(ipv4: "1..2.3"))
        let v6bytes: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]
        let v6 = try XCTUnwrap(DiameterAddress.ipv6(v6bytes))
        XCTAssertEqual(v6.description, "2001:db8:0:0:0:0:0:1")
        XCTAssertEqual(try avp(.address(v6)).address(), v6)
        XCTAssertNil(DiameterAddress.ipv6([1, 2]))
        XCTAssertNil(DiameterAddress(data: [0, 2, 1, 2, 3, 4]))
        XCTAssertEqual(DiameterAddress(data: [0, 8, 0x31, 0x32])?.family, 8, "other families are kept")
        XCTAssertThrowsError(try avp(.octetString([0])).address()) { XCTAssertEqual(($0 as? DiameterError)?.resultCode, 5014) }
        XCTAssertThrowsError(try avp(.octetString([0, 1, 2])).address()) {
            XCTAssertEqual(($0 as? DiameterError)?.resultCode, 5004)
        }
    }

    func testStrings() throws {
        XCTAssertEqual(try avp(.utf8String("grüße")).utf8String(), "grüße")
        XCTAssertEqual(try avp(.diameterIdentity("hss.example")).utf8String(), "hss.example")
        XCTAssertEqual(try avp(.diameterURI("aaa://hss.example:3868")).utf8String(), "aaa://hss.example:3868")
        XCTAssertThrowsError(try avp(.octetString([0xf8])).utf8String()) {
            XCTAssertEqual(($0 as? DiameterError)?.resultCode, 5004)
        }
    }

    func testResultCodeClasses() {
        XCTAssertTrue(DiameterResultCode.success.isSuccess)
        XCTAssertTrue(DiameterResultCode.unableToDeliver.isProtocolError)
        XCTAssertTrue(DiameterResultCode.creditLimitReached.isTransientFailure)
        XCTAssertTrue(DiameterResultCode.userUnknown.isPermanentFailure)
    }

    func testHeaderView() throws {
        var m = VectorMessages.swxMAR
        let h = m.header
        XCTAssertEqual(Int(h.length), m.encode().count)
        XCTAssertEqual(h.commandCode, 303)
        XCTAssertEqual(try DiameterHeader(decoding: m.encode()[...]), h)
        var h2 = h
        h2.hopByHopID = 99
        h2.length = 0
        m.header = h2
        XCTAssertEqual(m.hopByHopID, 99)
        XCTAssertEqual(Int(m.header.length), m.encode().count)
        XCTAssertTrue(m.description.hasPrefix("MAR("))
    }
}
