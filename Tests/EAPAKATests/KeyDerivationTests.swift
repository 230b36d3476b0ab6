import EAPAKA
import TestSupport
import WireFormat
import XCTest

final class KeyDerivationTests: XCTestCase {
    func testSHA1CompressionAgainstFIPS180Example() throws {
        // "abc" padded to one block (FIPS 180-2 Appendix A.1): the compression of the IV is SHA-1("abc").
        var block = Array("abc".utf8) + [0x80]
        block += [UInt8](repeating: 0, count: 64 - block.count - 1) + [0x18]
        var iv = [UInt8]()
        let h = SHA1Compression.initialState
        for w in [h.0, h.1, h.2, h.3, h.4] { iv.appendUInt32(w) }
        XCTAssertEqual(
            SHA1Compression.compress(chainingValue: iv, block: block)?.hexString,
            "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertNil(SHA1Compression.compress(chainingValue: iv, block: []))
        XCTAssertNil(SHA1Compression.compress(chainingValue: [], block: block))
    }

    func testFIPS186GeneratorExample() throws {
        let v = try Fixtures.object("eap_aka").item("prf_examples", id: "fips186-2-cn1-example")
        XCTAssertEqual(try v.hex("xseed"), [0])
        var generator = try XCTUnwrap(FIPS186Generator(xkey: v.hex("xkey")))
        XCTAssertEqual(generator.currentXKEY, try v.hex("xkey"))
        let w0 = generator.nextWord()
        XCTAssertEqual(w0, try v.hex("w0"))
        XCTAssertEqual(generator.currentXKEY, try v.hex("xkey_after_w0"))
        let w1 = generator.nextWord()
        XCTAssertEqual(w1, try v.hex("w1"))
        XCTAssertEqual(generator.currentXKEY, try v.hex("xkey_after_w1"))
        XCTAssertEqual(w0 + w1, try v.hex("output_40_bytes"))
        XCTAssertNil(FIPS186Generator(xkey: [1, 2, 3]))
        XCTAssertFalse("\(generator)".contains(w0.hexString))
    }

    func testAKAKeyVectors() throws {
        for id in ["eap-aka-keys-1", "eap-aka-keys-2"] {
            let v = try Fixtures.object("eap_aka").item("vectors", id: id)
            let keys = try AKAKeys.derive(identity: v.string("identity"), ik: v.hex("ik"), ck: v.hex("ck"))
            XCTAssertEqual(keys.mk, try v.hex("mk"), id)
            XCTAssertEqual(keys.kEncr, try v.hex("k_encr"), id)
            XCTAssertEqual(keys.kAut, try v.hex("k_aut"), id)
            XCTAssertEqual(keys.msk, try v.hex("msk"), id)
            XCTAssertEqual(keys.emsk, try v.hex("emsk"), id)
            let fromMK = try AKAKeys.derive(masterKey: v.hex("mk"))
            XCTAssertEqual(fromMK.msk, keys.msk)
        }
    }

    func testAKAFastReauthenticationVector() throws {
        let v = try Fixtures.object("eap_aka").item("vectors", id: "eap-aka-reauth-1")
        let full = try Fixtures.object("eap_aka").item("vectors", id: "eap-aka-keys-1")
        let keys = try AKAKeys.derive(identity: full.string("identity"), ik: full.hex("ik"), ck: full.hex("ck"))
        XCTAssertEqual(keys.mk, try v.hex("mk"))
        let re = try keys.reauthenticationKeys(
            identity: Array(v.string("identity").utf8), counter: UInt16(v.int("counter")), nonceS: v.hex("nonce_s"))
        XCTAssertEqual(re.xkeyPrime, try v.hex("xkey_prime"))
        XCTAssertEqual(re.msk, try v.hex("msk"))
        XCTAssertEqual(re.emsk, try v.hex("emsk"))
    }

    func testAKAPrimeVectors() throws {
        for id in ["rfc5448-case1", "rfc5448-case2", "rfc5448-case4"] {
            let v = try Fixtures.object("eap_aka_prime").item("vectors", id: id)
            let derived = try v.object("derived")
            let autn = try v.hex("autn")
            XCTAssertEqual(
                try AKAPrimeTransformedKeys.kdfInput(
                    networkName: Array(v.string("network_name").utf8), sqnXorAK: autn[0..<6]),
                try derived.hex("kdf_input_s"), id)
            let primes = try AKAPrimeTransformedKeys.derive(
                ck: v.hex("ck"), ik: v.hex("ik"), networkName: v.string("network_name"), autn: autn)
            XCTAssertEqual(primes.ckPrime, try v.hex("ck_prime"), id)
            XCTAssertEqual(primes.ikPrime, try v.hex("ik_prime"), id)
            let keys = try AKAPrimeKeys.derive(
                identity: v.string("identity"), ikPrime: primes.ikPrime, ckPrime: primes.ckPrime)
            XCTAssertEqual(keys.kEncr, try v.hex("k_encr"), id)
            XCTAssertEqual(keys.kAut, try v.hex("k_aut"), id)
            XCTAssertEqual(keys.kRe, try v.hex("k_re"), id)
            XCTAssertEqual(keys.msk, try v.hex("msk"), id)
            XCTAssertEqual(keys.emsk, try v.hex("emsk"), id)
        }
    }

    /// Expected values computed independently with Python's hmac (PRF' on K_re of RFC 5448 case 1).
    func testAKAPrimeFastReauthentication() throws {
        let v = try Fixtures.object("eap_aka_prime").item("vectors", id: "rfc5448-case1")
        let keys = try AKAPrimeKeys.derive(identity: v.string("identity"), ikPrime: v.hex("ik_prime"),
            ckPrime: v.hex("ck_prime"))
        let re = try keys.reauthenticationKeys(
            identity: Array("8reauth-0001@nai.epc.mnc001.mcc001.3gppnetwork.org".utf8), counter: 1,
            nonceS: [UInt8](hex: "0123456789abcdeffedcba9876543210") ?? [])
        XCTAssertEqual(
            re.msk.hexString,
            "df16b8a2fc1f15770b734e136dce39e9b074bf396db2dca25aac86567eb261013b8ac3f756e600ac2442241f704784ab2cb062944f8bfe5170c5879ef843b010"
        )
        XCTAssertEqual(
            re.emsk.hexString,
            "e180d094821f8c7ac632df292b98b135872ef3c3742cf4c1329cae8439829709e87113a65f7fc1b8dec162ecb1679e37263b25c90fec7a125208781d6eb008cc"
        )
    }

    func testAMFSeparationBit() throws {
        let v = try Fixtures.object("eap_aka_prime").item("vectors", id: "rfc5448-case1")
        var autn = try v.hex("autn")  // AMF c3ab: separation bit set
        XCTAssertTrue(AKAPrimeTransformedKeys.amfSeparationBitIsSet(autn: autn))
        autn[6] &= 0x7f
        XCTAssertFalse(AKAPrimeTransformedKeys.amfSeparationBitIsSet(autn: autn))
        XCTAssertFalse(AKAPrimeTransformedKeys.amfSeparationBitIsSet(autn: [0x80]))
    }

    func testKeyInputErrors() {
        let k16 = [UInt8](repeating: 1, count: 16)
        XCTAssertThrowsError(try AKAKeys.derive(identity: "x", ik: [1], ck: k16)) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .ik, length: 1))
        }
        XCTAssertThrowsError(try AKAKeys.derive(identity: "x", ik: k16, ck: [])) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .ck, length: 0))
        }
        XCTAssertThrowsError(try AKAKeys.derive(masterKey: k16)) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .mk, length: 16))
        }
        XCTAssertThrowsError(try AKAReauthenticationKeys.derive(identity: "x", counter: 1, nonceS: [1], mk: k16)) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .nonceS, length: 1))
        }
        XCTAssertThrowsError(try AKAPrimeTransformedKeys.derive(ck: k16, ik: k16, networkName: "WLAN", autn: [1])) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .autn, length: 1))
        }
        XCTAssertThrowsError(
            try AKAPrimeTransformedKeys.derive(
                ck: k16, ik: k16, networkName: [UInt8](repeating: 0x41, count: 65536), autn: k16)
        ) {
            XCTAssertEqual($0 as? AKAKeyError, .networkNameTooLong(65536))
        }
        XCTAssertThrowsError(try AKAPrimeKeys.derive(identity: "x", ikPrime: k16, ckPrime: [])) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .ckPrime, length: 0))
        }
        XCTAssertThrowsError(try AKAPrimeReauthenticationKeys.derive(kRe: k16, identity: [], counter: 0, nonceS: k16)) {
            XCTAssertEqual($0 as? AKAKeyError, .invalidLength(input: .kRe, length: 16))
        }
    }

    func testKeyDescriptionsAreRedacted() throws {
        let v = try Fixtures.object("eap_aka").item("vectors", id: "eap-aka-keys-1")
        let keys = try AKAKeys.derive(identity: v.string("identity"), ik: v.hex("ik"), ck: v.hex("ck"))
        let p = try Fixtures.object("eap_aka_prime").item("vectors", id: "rfc5448-case1")
        let primes = try AKAPrimeTransformedKeys.derive(
            ck: p.hex("ck"), ik: p.hex("ik"), networkName: "WLAN", autn: p.hex("autn"))
        let prime = try AKAPrimeKeys.derive(identity: "x", ikPrime: primes.ikPrime, ckPrime: primes.ckPrime)
        let re = try keys.reauthenticationKeys(identity: [], counter: 1, nonceS: [UInt8](repeating: 0, count: 16))
        let reP = try prime.reauthenticationKeys(identity: [], counter: 1, nonceS: [UInt8](repeating: 0, count: 16))
        let secrets = [keys.mk, keys.kEncr, keys.kAut, keys.msk, primes.ckPrime, prime.kAut, prime.kRe, re.msk, reP.msk]
        let subjects: [Any] = [keys, primes, prime, re, reP]
        for subject in subjects {
            var dumped = ""
            dump(subject, to: &dumped)
            for text in [String(describing: subject), String(reflecting: subject), "\(subject)", dumped] {
                XCTAssertTrue(text.contains("redacted") || !text.isEmpty)
                for secret in secrets {
                    XCTAssertFalse(text.contains(secret.hexString), text)
                    XCTAssertFalse(text.contains(String(secret[0])+", "+String(secret[1])+", "+String(secret[2])), text)
                }
            }
        }
    }
}
