import NAI
import TestSupport
import XCTest

/// Random byte strings, random strings over an NAI-ish alphabet, and mutations of valid NAIs:
/// every one ends in a value or an `NAIError`, and a parsed NAI re-parses to the same value.
final class NAIPropertyTests: XCTestCase {
    private let seeds = [
        "0234150999999999@wlan.mnc015.mcc234.3gppnetwork.org",
        "6310150123456789@nai.epc.mnc150.mcc310.3gppnetwork.org",
        "nai.epc.mnc015.mcc234.3gppnetwork.org!0234150999999999@nai.epc.mnc001.mcc262.3gppnetwork.org",
        "2pseudo+id/==@aaa.example.org",
        "anonymous@nai.epc.mnc001.mcc001.3gppnetwork.org",
    ]

    private func check(_ bytes: [UInt8], _ counts: inout [String: Int]) {
        do {
            let nai = try NAI(bytes: bytes)
            XCTAssertEqual(Array(nai.value.utf8), bytes)
            XCTAssertEqual(nai.username + (nai.realm.map { "@" + $0 } ?? ""), nai.value)
            XCTAssertEqual(try NAI(nai.value), nai, "re-parse round trip")
            if nai.kind.isPermanent {
                XCTAssertNotNil(nai.imsi)
                XCTAssertTrue(IMSI.digitRange.contains(nai.imsi?.digits.utf8.count ?? 0))
            }
            if let r = nai.threeGPPRealm {
                XCTAssertTrue(Realm.equal(try ThreeGPPRealm(parsing: r.name).name, r.name))
            }
            if nai.isDecorated {
                let forwarded = try nai.undecorated()
                XCTAssertEqual(forwarded.kind, nai.kind)
                XCTAssertEqual(forwarded.imsi, nai.imsi)
                XCTAssertEqual(forwarded.realm, nai.decoration)
            }
            counts["ok", default: 0] += 1
        } catch {
            counts["\(error)".prefix(while: { $0 != "(" }).description, default: 0] += 1
        }
    }

    func testRandomAndMutatedIdentities() {
        var rng = SplitMix64(seed: 0xA11C_E5ED)
        var counts = [String: Int]()
        let alphabet = Array("0123456789abcmnpqrstwxyzABC.-@!_+/= \u{0}é".utf8)

        for _ in 0..<20_000 {  // random bytes
            let n = Int(rng.next() % 300)
            check((0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, &counts)
        }
        for _ in 0..<20_000 {  // random strings over NAI-ish bytes
            let n = Int(rng.next() % 80)
            check((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, &counts)
        }
        for i in 0..<20_000 {  // mutations of valid NAIs
            var b = Array(seeds[i % seeds.count].utf8)
            for _ in 0...(rng.next() % 3) {
                let pos = Int(rng.next() % UInt64(b.count + 1))
                switch rng.next() % 5 {
                case 0: if pos < b.count { b[pos] ^= UInt8(1) << (rng.next() % 8) }
                case 1: b = Array(b.prefix(pos))
                case 2: b.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: pos)
                case 3: if pos < b.count { b.remove(at: pos) }
                default: b += b.prefix(Int(rng.next() % 300))  // grow past 253
                }
            }
            check(b, &counts)
        }
        XCTAssertGreaterThan(counts["ok", default: 0], 1_000)
        XCTAssertGreaterThan(counts.count, 5, "\(counts)")
    }
}
