import RADIUS
import TestSupport
import WireFormat
import XCTest

/// Hostile input: random buffers and damaged valid packets must end in a value or a typed error,
/// and every decoded value must re-encode to exactly the octets it was read from.
final class RADIUSHostileInputTests: XCTestCase {
    private func validPackets() throws -> [[UInt8]] {
        let fixtures = try Fixtures.object("radius")
        var out = [[UInt8]]()
        for vector in try fixtures.array("rfc2865_examples") {
            out.append(vector.has("hex_corrected") ? try vector.hex("hex_corrected") : try vector.hex("hex_published"))
        }
        for flow in try fixtures.array("eap_over_radius_flow") {
            out += try flow.array("packets").map { try $0.hex("hex") }
        }
        for key in ["accounting", "dynamic_authorization"] {
            for set in try fixtures.array(key) {
                for packet in try set.array("packets") {
                    out.append(try packet.hex("request_hex"))
                    out.append(packet.has("response_hex") ? try packet.hex("response_hex") : try packet.hex("accounting_response_hex"))
                }
            }
        }
        return out
    }

    /// Decodes `bytes`; on success checks the canonical re-encoding and exercises the
    /// attribute-level parsers. Returns whether it decoded.
    @discardableResult
    private func exercise(_ bytes: [UInt8], secret: [UInt8]) -> Bool {
        let packet: RADIUSPacket
        do {
            packet = try RADIUSPacket(decoding: bytes)
        } catch {
            // Typed throws: `error` is a RADIUSDecodingError by construction.
            _ = error
            return false
        }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        XCTAssertEqual(try? packet.encode(), Array(bytes[0..<length]))
        // Attribute-level decoders on hostile values: a value or a typed error, never a trap.
        for attribute in packet.attributes {
            switch attribute.knownType {
            case .vendorSpecific?:
                if let vsa = try? RADIUSVendorSpecific(decoding: attribute.value) {
                    XCTAssertEqual(try? vsa.encodedValue(), attribute.value)
                }
            case .userPassword?:
                _ = try? UserPassword.unhide(attribute.value, secret: secret, requestAuthenticator: packet.authenticator)
            default:
                break
            }
        }
        _ = try? packet.mppeKeys(secret: secret, requestAuthenticator: packet.authenticator)
        _ = packet.calledStation
        _ = packet.eapMessage
        if packet.code.isRequest {
            _ = try? RADIUSPacket.verifyRequest(bytes, secret: secret)
        } else {
            _ = try? RADIUSPacket.verifyResponse(bytes, secret: secret, requestAuthenticator: packet.authenticator)
        }
        return true
    }

    func testRandomBuffers() {
        var rng = SplitMix64(seed: 0x5241_4449_5553)
        let secret = Array("testing123".utf8)
        var decoded = 0
        for i in 0..<20_000 {
            var bytes = rng.bytes(Int(rng.next() % 300))
            // Half the buffers get a plausible header so the attribute parser is reached.
            if i % 2 == 0, bytes.count >= 20 {
                let codes: [UInt8] = [1, 2, 3, 4, 5, 11, 12, 40, 41, 43, 45]
                bytes[0] = codes[Int(rng.next() % UInt64(codes.count))]
                bytes.setUInt16(UInt16(bytes.count - Int(rng.next() % 3)), at: 2)
            }
            if exercise(bytes, secret: secret) { decoded += 1 }
        }
        XCTAssertGreaterThan(decoded, 0, "some random packets should be well-formed")
    }

    func testMutatedValidPackets() throws {
        var rng = SplitMix64(seed: 0xBAD_5EED)
        let secret = Array("testing123".utf8)
        let valid = try validPackets()
        XCTAssertEqual(valid.count, 8 + 4 + 8 + 4)
        for v in valid { XCTAssertTrue(exercise(v, secret: secret)) }
        var decoded = 0
        for i in 0..<20_000 {
            let base = valid[i % valid.count]
            var bytes: [UInt8]
            switch rng.next() % 4 {
            case 0:
                // Edit the packet Length field.
                bytes = base
                bytes.setUInt16(UInt16(truncatingIfNeeded: rng.next() % 300), at: 2)
            case 1:
                // Edit one attribute Length octet.
                bytes = base
                var offset = 20
                var offsets = [Int]()
                while offset + 1 < bytes.count, bytes[offset + 1] >= 2 {
                    offsets.append(offset + 1)
                    offset += Int(bytes[offset + 1])
                }
                if let target = offsets.randomElement(using: &rng) {
                    bytes[target] = UInt8(truncatingIfNeeded: rng.next())
                }
            default:
                bytes = rng.mutate(base, headerBytes: 24)
            }
            if exercise(bytes, secret: secret) { decoded += 1 }
        }
        XCTAssertGreaterThan(decoded, 1000)
    }

    /// Vendor-Specific values: 20,000 random and 20,000 damaged valid ones.
    func testVendorSpecificDecoder() throws {
        var rng = SplitMix64(seed: 26)
        let accept = try RADIUSPacket(decoding: try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
            .array("packets")[3].hex("hex"))
        var valid = accept.values(.vendorSpecific)
        valid.append(try RADIUSVendorSpecific(vendorID: RADIUSVendorID.wispr, subAttributes: [
            RADIUSVendorSubAttribute(type: 1, value: Array("isocc=us,cc=1,ac=408,network=ACME".utf8)),
            RADIUSVendorSubAttribute(type: 7, value: [0, 1, 0, 0]),
        ]).encodedValue())
        func check(_ value: [UInt8]) -> Bool {
            do {
                let vsa = try RADIUSVendorSpecific(decoding: value)
                XCTAssertEqual(try vsa.encodedValue(), value)
                return true
            } catch {
                return false
            }
        }
        for v in valid { XCTAssertTrue(check(v)) }
        for _ in 0..<20_000 {
            var value = rng.bytes(Int(rng.next() % 64))
            if value.count > 4 { value[0] = 0 }
            _ = check(value)
        }
        var decoded = 0
        for i in 0..<20_000 where check(rng.mutate(valid[i % valid.count], headerBytes: 8)) { decoded += 1 }
        XCTAssertGreaterThan(decoded, 100)
    }

    /// MS-MPPE key values: 20,000 random and 20,000 damaged published ones.
    func testMPPEKeyDecryption() throws {
        var rng = SplitMix64(seed: 2548)
        let mppe = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow").object("mppe")
        let ra = try mppe.hex("request_authenticator_used")
        let secret = Array("testing123".utf8)
        let valid = [try mppe.hex("ms_mppe_send_key_value"), try mppe.hex("ms_mppe_recv_key_value")]
        func check(_ value: [UInt8]) {
            guard let key = try? MPPEKey.decrypt(value, secret: secret, requestAuthenticator: ra) else { return }
            // Whatever decrypts re-encrypts to the same octets with its own salt.
            let salt = UInt16(value[0]) << 8 | UInt16(value[1])
            XCTAssertEqual(try? MPPEKey.encrypt(key, salt: salt, secret: secret, requestAuthenticator: ra),
                           value)
        }
        for _ in 0..<20_000 {
            let value = rng.bytes([0, 2, 17, 18, 34, 50, 51, 66][Int(rng.next() % 8)])
            check(value)
            _ = try? UserPassword.unhide(value, secret: secret, requestAuthenticator: ra)
        }
        for i in 0..<20_000 {
            check(rng.mutate(valid[i % 2], headerBytes: 3))
        }
    }

    /// Station ids and MAC text: 20,000 random strings and 20,000 damaged valid ones.
    func testStationIDParsing() {
        var rng = SplitMix64(seed: 3580)
        let alphabet = Array("0123456789abcdefABCDEF-:.xé ".unicodeScalars)
        let valid = ["02-00-00-00-00-AA:WLAN-GW", "aa:bb:cc:dd:ee:ff:eduroam", "aabb.ccdd.eeff", "001122334455:x"]
        func check(_ text: String) {
            let station = CalledStationID(parsing: text)
            if let mac = station.mac {
                XCTAssertEqual(MACAddress(mac.description), mac)
            }
            _ = MACAddress(text)
        }
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 30) { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            check(String(text))
        }
        for i in 0..<20_000 {
            check(String(decoding: rng.mutate(Array(valid[i % valid.count].utf8), headerBytes: 17), as: UTF8.self))
        }
    }
}
