import EAP
import EAPAKA
import TestSupport
import XCTest

final class AKAMessagePropertyTests: XCTestCase {
    /// Decoding ends in a value or an `AKADecodingError`; a value re-encodes to a packet of the same
    /// length that decodes to the same value (reserved octets and padding are normalised to zero).
    @discardableResult
    private func check(_ input: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Bool {
        // The raw AT_MAC walk must never trap either.
        if let range = AKAMAC.macValueRange(in: input[...]) {
            XCTAssertEqual(range.count, AKAMAC.length, file: file, line: line)
        }
        let message: AKAMessage
        do throws(AKADecodingError) {
            message = try AKAMessage(decoding: input)
        } catch {
            return false
        }
        do {
            let wire = try message.encode()
            XCTAssertEqual(wire.count, input.count, file: file, line: line)
            XCTAssertEqual(try AKAMessage(decoding: wire), message, file: file, line: line)
        } catch {
            XCTFail("decoded message failed to re-encode: \(error)", file: file, line: line)
        }
        return true
    }

    private func seeds() throws -> [[UInt8]] {
        let aka = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-challenge-round")
        let prime = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-prime-challenge-round")
        let r16 = [UInt8](repeating: 0x5a, count: 16)
        let reauth = try AKAMessage(method: .aka, code: .request, identifier: 4, subtype: .reauthentication,
            attributes: [.iv(r16), .encrData(r16 + r16), .checkcode([]), .resultInd, .mac(r16)]).encode()
        let identity = try AKAMessage(method: .akaPrime, code: .response, identifier: 2, subtype: .identity,
            attributes: [.identity(Array("6001010123456789@nai.epc".utf8)), .skippable(type: 250, value: [1, 2])])
            .encode()
        let sync = try AKAMessage(method: .aka, code: .response, identifier: 3, subtype: .synchronizationFailure,
            attributes: [.auts(Array(r16.prefix(14))), .kdf(1), .kdf(2)]).encode()
        return try [
            aka.hex("eap_request_aka_challenge"), aka.hex("eap_response_aka_challenge"),
            prime.hex("eap_request_aka_prime_challenge"), prime.hex("eap_response_aka_prime_challenge"),
            reauth, identity, sync,
        ]
    }

    func testRandomBuffers() {
        var rng = SplitMix64(seed: 0xA4A0_0001)
        var decoded = 0
        let attributeTypes: [UInt8] = [1, 2, 3, 4, 6, 10, 11, 12, 13, 14, 17, 19, 20, 21, 22, 23, 24, 129, 130, 132,
            133, 134, 135, 136, 200]
        for i in 0..<20_000 {
            var input: [UInt8]
            if i % 2 == 0 {
                input = (0..<Int(rng.next() % 48)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                // Plausible header and attribute headers so the attribute parser is reached.
                input = [UInt8.random(in: 1...2, using: &rng), 0, 0, 0, rng.next() % 2 == 0 ? 23 : 50,
                    AKASubtype.allCases.randomElement(using: &rng)?.rawValue ?? 1, 0, 0]
                for _ in 0..<Int(rng.next() % 4) {
                    let units = Int(rng.next() % 6) + 1
                    input.append(attributeTypes.randomElement(using: &rng) ?? 1)
                    input.append(UInt8(units))
                    input += (0..<(units * 4 - 2)).map { _ in rng.next() % 3 == 0 ? UInt8.random(in: 0...255, using: &rng) : 0 }
                }
                input[3] = UInt8(truncatingIfNeeded: input.count)
                input[2] = UInt8(truncatingIfNeeded: input.count >> 8)
            }
            if check(input) { decoded += 1 }
        }
        XCTAssertGreaterThan(decoded, 200)
    }

    func testMutationsOfValidPackets() throws {
        let seeds = try seeds()
        let aka = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-challenge-round")
        let kAut = try aka.hex("k_aut")
        let macSeed = try aka.hex("eap_request_aka_challenge")
        var rng = SplitMix64(seed: 0xA4A0_0002)
        var decoded = 0
        for _ in 0..<20_000 {
            let seedIndex = Int(rng.next() % UInt64(seeds.count))
            let seed = seeds[seedIndex]
            var p = seed
            switch rng.next() % 5 {
            case 0:  // bit flip
                let i = Int(rng.next() % UInt64(p.count))
                p[i] ^= 1 << UInt8(rng.next() % 8)
            case 1:  // truncation (EAP Length kept or fixed up)
                p.removeLast(Int(rng.next() % UInt64(p.count - 7)) + 1)
                if rng.next() % 2 == 0 { p[2] = UInt8(p.count >> 8); p[3] = UInt8(truncatingIfNeeded: p.count) }
            case 2:  // EAP length field edit
                let v = UInt16(truncatingIfNeeded: rng.next() % 2 == 0 ? rng.next() : UInt64(p.count) &+ rng.next() % 9 &- 4)
                p[2] = UInt8(v >> 8)
                p[3] = UInt8(truncatingIfNeeded: v)
            case 3:  // attribute length edit: walk to a random attribute and rewrite its Length
                var offsets = [Int]()
                var i = 8
                while i + 1 < p.count, p[i + 1] != 0 { offsets.append(i); i += Int(p[i + 1]) * 4 }
                if let o = offsets.randomElement(using: &rng) {
                    p[o + 1] = rng.next() % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : p[o + 1] &+ UInt8(rng.next() % 3) &- 1
                }
            default:  // byte insertion (EAP Length fixed up half of the time)
                p.insert(UInt8.random(in: 0...255, using: &rng), at: Int(rng.next() % UInt64(p.count + 1)))
                if rng.next() % 2 == 0, p.count >= 4 {
                    p[2] = UInt8(p.count >> 8); p[3] = UInt8(truncatingIfNeeded: p.count)
                }
            }
            if check(p) { decoded += 1 }
            // Tamper detection: any change to an authenticated packet breaks its MAC.
            if seed == macSeed, p != seed {
                XCTAssertFalse(AKAMAC.verify(method: .aka, kAut: kAut, packet: p))
            }
        }
        XCTAssertGreaterThan(decoded, 500)
    }

    /// AT_ENCR_DATA plaintext parsing is a decoder too: random ciphertexts and mutations of a valid one
    /// end in nested attributes or an `AKAEncryptedDataError`.
    func testEncryptedDataDecoding() throws {
        let key = [UInt8](repeating: 0x42, count: 16)
        let iv = [UInt8](repeating: 0x24, count: 16)
        let valid = try AKAEncryptedData.encrypt(
            [.counter(3), .nonceS(iv), .nextReauthID(Array("8re-auth@realm".utf8))], kEncr: key, iv: iv)
        var rng = SplitMix64(seed: 0xA4A0_0003)
        var opened = 0
        for i in 0..<20_000 {
            var ct: [UInt8]
            var ivUsed = iv
            if i % 2 == 0 {
                ct = (0..<(Int(rng.next() % 4) * 16 + Int(rng.next() % 3 == 0 ? rng.next() % 16 : 0))).map { _ in
                    UInt8.random(in: 0...255, using: &rng)
                }
            } else {
                ct = valid
                // IV bit flips control the first plaintext block exactly (headers of the first attributes).
                ivUsed[Int(rng.next() % 16)] ^= 1 << UInt8(rng.next() % 8)
                if rng.next() % 4 == 0 { ct.removeLast(16) }
            }
            do throws(AKAEncryptedDataError) {
                let nested = try AKAEncryptedData.decrypt(ct, kEncr: key, iv: ivUsed)
                XCTAssertEqual(try AKAEncryptedData.decrypt(
                    AKAEncryptedData.encrypt(nested, kEncr: key, iv: iv), kEncr: key, iv: iv), nested)
                opened += 1
            } catch {
                continue
            }
        }
        XCTAssertGreaterThan(opened, 100)
    }
}
