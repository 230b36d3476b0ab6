import TWAGConfiguration
import XCTest

final class CIDRSubnetTests: XCTestCase {
    func testParsesIPv4AndIPv6() throws {
        let v4 = try CIDRSubnet(parsing: "192.168.0.0/16")
        XCTAssertEqual(v4.network, [192, 168, 0, 0])
        XCTAssertEqual(v4.prefixLength, 16)
        XCTAssertEqual(v4.family, .ipv4)
        let v6 = try CIDRSubnet(parsing: "2001:DB8::/32")
        XCTAssertEqual(v6.network, [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 12))
        XCTAssertEqual(v6.family, .ipv6)
        XCTAssertEqual(v6.description, "2001:db8::/32")
        XCTAssertEqual(try CIDRSubnet(parsing: "::ffff:10.0.0.0/104").description, "::ffff:10.0.0.0/104")
        XCTAssertEqual(try CIDRSubnet(parsing: "1:2:3:4:5:6:7:8/128").description, "1:2:3:4:5:6:7:8/128")
        XCTAssertEqual(try CIDRSubnet(parsing: "1:0:0:2:0:0:0:3/128").description, "1:0:0:2::3/128")
        XCTAssertEqual(try CIDRSubnet(parsing: "1::/16").description, "1::/16")
        XCTAssertEqual(try CIDRSubnet(parsing: "1:0:2:3:4:5:6:7/128").description, "1:0:2:3:4:5:6:7/128")
    }

    func testRefusesMalformedText() {
        let cases: [(String, CIDRSubnet.ParseError)] = [
            ("10.0.0.0/33", .invalidPrefixLength), ("::/129", .invalidPrefixLength), ("10.0.0.0/", .invalidPrefixLength),
            ("10.0.0.0/-1", .invalidPrefixLength), ("10.0.0.0/08", .invalidPrefixLength), ("10.0.0.0/1234", .invalidPrefixLength),
            ("10.0.0.0/ 8", .invalidPrefixLength), ("10.0.0.1", .missingPrefixLength), ("::1", .missingPrefixLength),
            ("10.0.0/8", .invalidAddress), ("10.0.0.0.0/8", .invalidAddress), ("256.0.0.0/8", .invalidAddress),
            ("010.0.0.0/8", .invalidAddress), ("1::2::3/64", .invalidAddress), (":::/0", .invalidAddress),
            ("fe80::1%eth0/128", .invalidAddress), ("1:2:3:4:5:6:7:8:9/128", .invalidAddress), ("1:2:3:4:5:6:7/128", .invalidAddress),
            ("12345::/16", .invalidAddress), ("::g/128", .invalidAddress), (":1::/64", .invalidAddress), ("1::+2/128", .invalidAddress),
            ("::1.2.3/128", .invalidAddress), ("1.2.3.4::/64", .invalidAddress), ("", .invalidAddress), ("/8", .invalidAddress),
            ("1:2:3:4:5:6:7::8/128", .invalidAddress),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try CIDRSubnet(parsing: text), text) { error in
                XCTAssertEqual(error as? CIDRSubnet.ParseError, expected, text)
            }
            XCTAssertNil(CIDRSubnet(text), text)
        }
    }

    func testHostBitsAreRefusedWithTheMaskedSuggestion() throws {
        XCTAssertThrowsError(try CIDRSubnet(parsing: "10.1.2.3/8")) { error in
            XCTAssertEqual(error as? CIDRSubnet.ParseError, .hostBitsSet(masked: CIDRSubnet("10.0.0.0/8") ?? CIDRSubnet("0.0.0.0/0")!))
        }
        XCTAssertThrowsError(try CIDRSubnet(parsing: "2001:db8::1/64"))
        XCTAssertEqual(CIDRSubnet(maskingAddress: [10, 1, 2, 3], prefixLength: 12)?.description, "10.0.0.0/12")
        XCTAssertEqual(CIDRSubnet(maskingAddress: [10, 255, 2, 3], prefixLength: 12)?.description, "10.240.0.0/12")
        XCTAssertNil(CIDRSubnet(maskingAddress: [10, 1, 2], prefixLength: 8))
        XCTAssertNil(CIDRSubnet(maskingAddress: [10, 1, 2, 3], prefixLength: 33))
    }

    func testZeroAndFullPrefixes() throws {
        let anyV4 = try CIDRSubnet(parsing: "0.0.0.0/0")
        XCTAssertTrue(anyV4.contains("255.255.255.255"))
        XCTAssertTrue(anyV4.contains("0.0.0.0"))
        XCTAssertFalse(anyV4.contains("::1"))
        let anyV6 = try CIDRSubnet(parsing: "::/0")
        XCTAssertTrue(anyV6.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        XCTAssertFalse(anyV6.contains("10.0.0.1"))
        let host = try CIDRSubnet(parsing: "192.0.2.1/32")
        XCTAssertTrue(host.contains("192.0.2.1"))
        XCTAssertFalse(host.contains("192.0.2.0"))
        XCTAssertFalse(host.contains("192.0.2.2"))
        let host6 = try CIDRSubnet(parsing: "2001:db8::1/128")
        XCTAssertTrue(host6.contains("2001:db8::1"))
        XCTAssertTrue(host6.contains("2001:DB8:0:0:0:0:0:1"))
        XCTAssertFalse(host6.contains("2001:db8::2"))
    }

    func testNonOctetPrefixBoundaries() throws {
        let subnet = try CIDRSubnet(parsing: "10.240.0.0/12")
        XCTAssertTrue(subnet.contains([10, 240, 0, 0] as [UInt8]))
        XCTAssertTrue(subnet.contains([10, 255, 255, 255] as [UInt8]))
        XCTAssertFalse(subnet.contains([10, 239, 255, 255] as [UInt8]))
        XCTAssertFalse(subnet.contains([11, 240, 0, 0] as [UInt8]))
        let v6 = try CIDRSubnet(parsing: "2001:db8:8000::/33")
        XCTAssertTrue(v6.contains("2001:db8:ffff::1"))
        XCTAssertFalse(v6.contains("2001:db8:7fff::1"))
    }

    func testIPv4MappedIPv6DoesNotMatchIPv4UnlessUnmapped() throws {
        let subnet = try CIDRSubnet(parsing: "10.0.0.0/8")
        let mapped = try XCTUnwrap(CIDRSubnet.addressBytes("::ffff:10.1.2.3"))
        XCTAssertEqual(mapped.count, 16)
        XCTAssertFalse(subnet.contains(mapped))
        XCTAssertFalse(subnet.contains("::ffff:10.1.2.3"))
        XCTAssertTrue(subnet.contains(CIDRSubnet.unmappingIPv4(mapped)))
        XCTAssertEqual(CIDRSubnet.unmappingIPv4([1, 2, 3, 4]), [1, 2, 3, 4])
        let v6 = try XCTUnwrap(CIDRSubnet.addressBytes("2001:db8::1"))
        XCTAssertEqual(CIDRSubnet.unmappingIPv4(v6), v6)
        XCTAssertTrue(try CIDRSubnet(parsing: "::ffff:0.0.0.0/96").contains(mapped))
    }

    func testContainsRefusesWrongLengthsAndBadText() throws {
        let subnet = try CIDRSubnet(parsing: "0.0.0.0/0")
        XCTAssertFalse(subnet.contains([] as [UInt8]))
        XCTAssertFalse(subnet.contains([1, 2, 3] as [UInt8]))
        XCTAssertFalse(subnet.contains([UInt8](repeating: 0, count: 16)))
        XCTAssertTrue(subnet.contains([1, 2, 3, 4][...] as ArraySlice<UInt8>))
        XCTAssertFalse(subnet.contains("not an address"))
        XCTAssertFalse(subnet.contains("1.2.3.4/32"))
        XCTAssertFalse(subnet.contains(""))
    }

    func testSubnetContainment() throws {
        let wide = try CIDRSubnet(parsing: "10.0.0.0/8")
        XCTAssertTrue(wide.contains(subnet: try CIDRSubnet(parsing: "10.1.0.0/16")))
        XCTAssertTrue(wide.contains(subnet: wide))
        XCTAssertFalse(wide.contains(subnet: try CIDRSubnet(parsing: "0.0.0.0/0")))
        XCTAssertFalse(wide.contains(subnet: try CIDRSubnet(parsing: "11.0.0.0/16")))
        XCTAssertFalse(wide.contains(subnet: try CIDRSubnet(parsing: "::/0")))
    }

    func testRADIUSLookupUsesMostSpecificClient() throws {
        let config = try XCTUnwrap(parsed("""
            diameter: {host: aaa.example.org, realm: example.org}
            radius:
              secret: global
              allowed_source_subnets: [10.0.0.0/8, "2001:db8::/32"]
              clients:
                - {name: wide, subnet: 10.0.0.0/8, secret: wide-secret}
                - {name: narrow, subnet: 10.1.0.0/16, secret: narrow-secret}
                - {name: fallback, subnet: 10.1.2.0/24}
            """))
        let radius = config.radius
        let address = { (text: String) -> [UInt8] in CIDRSubnet.addressBytes(text) ?? [] }
        XCTAssertEqual(radius.client(for: address("10.9.9.9"))?.name, "wide")
        XCTAssertEqual(radius.client(for: address("10.1.9.9"))?.name, "narrow")
        XCTAssertEqual(radius.client(for: address("10.1.2.9"))?.name, "fallback")
        XCTAssertEqual(radius.secret(for: address("10.9.9.9"))?.revealed, "wide-secret")
        XCTAssertEqual(radius.secret(for: address("10.1.9.9"))?.revealed, "narrow-secret")
        XCTAssertEqual(radius.secret(for: address("10.1.2.9"))?.revealed, "global")
        XCTAssertEqual(radius.secret(for: address("2001:db8::7"))?.revealed, "global")
        XCTAssertNil(radius.secret(for: address("192.0.2.1")))
        XCTAssertFalse(radius.isAllowedSource(address("192.0.2.1")))
        XCTAssertFalse(radius.isAllowedSource(address("::ffff:10.1.2.3")))
        XCTAssertTrue(radius.isAllowedSource(CIDRSubnet.unmappingIPv4(address("::ffff:10.1.2.3"))))
        XCTAssertTrue(RADIUSConfiguration().isAllowedSource(address("192.0.2.1")))
    }
}
