import EAP
import EAPAKA
import TestSupport
import WireFormat
import XCTest

/// RFC 4186 Appendix A: EAP-SIM shares the generator, AT_MAC, AT_IV/AT_ENCR_DATA and the nested
/// attribute encodings with EAP-AKA, so its published packets exercise that code.
final class EAPSIMVectorTests: XCTestCase {
    private func vector() throws -> JSONObject {
        try Fixtures.object("eap_sim_rfc4186").item("vectors", id: "rfc4186-appendix-a")
    }

    private func packet(_ v: JSONObject, section: String, kind: String) throws -> [UInt8] {
        let item = try v.array("packets").first {
            let matches = try $0.string("section") == section && $0.string("kind") == kind
            return try matches && !$0.string("name").contains("Success")
        }
        return try XCTUnwrap(item).hex("hex")
    }

    /// EAP-SIM-only handling: walks the raw attribute list (SIM AT_RAND holds several RANDs, which the
    /// strict EAP-AKA decoder rightly rejects) and returns the value after Type/Length for `type`.
    private func rawAttribute(_ type: UInt8, in packet: [UInt8]) -> [UInt8]? {
        var i = 8
        while i + 2 <= packet.count {
            let length = Int(packet[i + 1]) * 4
            guard length > 0, i + length <= packet.count else { return nil }
            if packet[i] == type { return Array(packet[(i + 2)..<(i + length)]) }
            i += length
        }
        return nil
    }

    func testMasterKeyAndKeys() throws {
        let v = try vector()
        // EAP-SIM MK = SHA1(Identity | n*Kc | NONCE_MT | Version List | Selected Version); SHA-1 taken
        // from AKACheckcode (a plain SHA-1 over the concatenation).
        var input = Array(try v.string("identity").utf8)
        for t in try v.array("triplets") { input += try t.hex("kc") }
        input += try v.hex("nonce_mt") + v.hex("version_list") + v.hex("selected_version")
        XCTAssertEqual(AKACheckcode.compute(method: .aka, identityPackets: [input]), try v.hex("mk"))

        let keys = try AKAKeys.derive(masterKey: v.hex("mk"))
        XCTAssertEqual(keys.kEncr, try v.hex("k_encr"))
        XCTAssertEqual(keys.kAut, try v.hex("k_aut"))
        XCTAssertEqual(keys.msk, try v.hex("msk"))
        XCTAssertEqual(keys.emsk, try v.hex("emsk"))

        let fast = try v.object("fast_reauth")
        let re = try keys.reauthenticationKeys(
            identity: Array(fast.string("identity").utf8), counter: UInt16(fast.int("counter")),
            nonceS: fast.hex("nonce_s"))
        XCTAssertEqual(re.xkeyPrime, try fast.hex("xkey_prime"))
        XCTAssertEqual(re.msk, try fast.hex("msk"))
        XCTAssertEqual(re.emsk, try fast.hex("emsk"))
    }

    func testPacketsFrameAndMACs() throws {
        let v = try vector()
        let kAut = try v.hex("k_aut")
        for p in try v.array("packets") where try p.string("kind") == "packet" {
            let wire = try p.hex("hex")
            XCTAssertEqual(try EAPPacket(decoding: wire).encode(), wire)
            if let type = try EAPPacket(decoding: wire).type, type == .sim {
                XCTAssertThrowsError(try AKAMessage(decoding: wire)) {
                    XCTAssertEqual($0 as? AKADecodingError, .notAKA(.sim))
                }
            }
        }
        let sres = try v.array("triplets").flatMap { try $0.hex("sres") }
        let nonceS = try v.object("fast_reauth").hex("nonce_s")
        let cases: [(String, [UInt8])] = [
            ("A.5", try v.hex("nonce_mt")), ("A.6", sres), ("A.9", []), ("A.10", nonceS),
        ]
        for (section, extra) in cases {
            let wire = try packet(v, section: section, kind: "packet")
            let range = try XCTUnwrap(AKAMAC.macValueRange(in: wire[...]), section)
            XCTAssertEqual(AKAMAC.compute(method: .aka, kAut: kAut, packet: wire, extra: extra), Array(wire[range]),
                section)
            XCTAssertTrue(AKAMAC.verify(method: .aka, kAut: kAut, packet: wire, extra: extra), section)
            XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: kAut, packet: wire, extra: extra + [0]), section)
        }
    }

    func testEncryptedData() throws {
        let v = try vector()
        let kEncr = try v.hex("k_encr")
        let fast = try v.object("fast_reauth")
        let expected: [(String, [AKAAttribute])] = [
            ("A.5", [
                .nextPseudonym(Array(try v.string("pseudonym_sent").utf8)),
                .nextReauthID(Array(try fast.string("identity").utf8)),
            ]),
            ("A.9", [
                .counter(1), .nonceS(try fast.hex("nonce_s")),
                .nextReauthID(Array(try fast.string("next_reauth_id_sent").utf8)),
            ]),
            ("A.10", [.counter(1)]),
        ]
        for (section, attributes) in expected {
            let wire = try packet(v, section: section, kind: "packet")
            let plaintext = try packet(v, section: section, kind: "plaintext")
            let iv = Array(try XCTUnwrap(rawAttribute(AKAAttributeType.iv, in: wire)).dropFirst(2))
            let ciphertext = Array(try XCTUnwrap(rawAttribute(AKAAttributeType.encrData, in: wire)).dropFirst(2))
            let decrypted = try AKAEncryptedData.decrypt(ciphertext, kEncr: kEncr, iv: iv)
            XCTAssertEqual(decrypted, attributes, section)
            XCTAssertEqual(try AKAEncryptedData.plaintext(for: decrypted), plaintext, section)
            XCTAssertEqual(try AKAEncryptedData.encrypt(attributes, kEncr: kEncr, iv: iv), ciphertext, section)
        }
    }
}
