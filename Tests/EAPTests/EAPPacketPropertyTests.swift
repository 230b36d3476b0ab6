import EAP
import TestSupport
import XCTest

final class EAPPacketPropertyTests: XCTestCase {
    /// Decoding ends in a value or an `EAPDecodingError`; a value re-encodes to the same bytes.
    private func check(_ input: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Bool {
        do throws(EAPDecodingError) {
            let packet = try EAPPacket(decoding: input)
            XCTAssertEqual(packet.encode(), input, file: file, line: line)
            return true
        } catch {
            return false
        }
    }

    func testRandomBuffers() {
        var rng = SplitMix64(seed: 0xEA90_0001)
        var decoded = 0
        for i in 0..<20_000 {
            let count = Int(rng.next() % 64)
            var input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Make half of the inputs plausible so the decoder gets past the header checks.
            if i % 2 == 0, count >= 4 {
                input[0] = UInt8.random(in: 1...4, using: &rng)
                input[2] = 0
                input[3] = UInt8(count)
            }
            if check(input) { decoded += 1 }
        }
        XCTAssertGreaterThan(decoded, 100)
    }

    func testMutationsOfValidPackets() throws {
        let round = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-challenge-round")
        let prime = try Fixtures.object("eap_packets").item("vectors", id: "eap-aka-prime-challenge-round")
        let seeds = try [
            round.hex("eap_request_identity"), round.hex("eap_response_identity"),
            round.hex("eap_request_aka_challenge"), round.hex("eap_response_aka_challenge"), round.hex("eap_success"),
            prime.hex("eap_request_aka_prime_challenge"),
        ]
        var rng = SplitMix64(seed: 0xEA90_0002)
        for _ in 0..<20_000 {
            var p = seeds[Int(rng.next() % UInt64(seeds.count))]
            switch rng.next() % 4 {
            case 0:  // bit flip
                let i = Int(rng.next() % UInt64(p.count))
                p[i] ^= 1 << UInt8(rng.next() % 8)
            case 1:  // truncation
                p.removeLast(Int(rng.next() % UInt64(p.count + 1)))
            case 2:  // length field edit
                let v = UInt16(truncatingIfNeeded: rng.next())
                p[2] = UInt8(v >> 8)
                p[3] = UInt8(truncatingIfNeeded: rng.next() % 2 == 0 ? v : UInt16(p.count) &+ UInt16(v % 5) &- 2)
            default:  // insertion
                p.insert(UInt8.random(in: 0...255, using: &rng), at: Int(rng.next() % UInt64(p.count + 1)))
            }
            _ = check(p)
        }
    }
}
