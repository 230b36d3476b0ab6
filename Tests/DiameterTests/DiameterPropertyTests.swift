import Diameter
import TestSupport
import WireFormat
import XCTest

/// Hostile input: random buffers and mutated vectors must end in a message or a typed error, and whatever
/// decodes must re-encode to bytes that decode to the same message.
final class DiameterPropertyTests: XCTestCase {
    private func check(_ bytes: [UInt8], framer: DiameterFramer) -> Bool {
        _ = try? framer.inspect(bytes)
        do {
            let m = try DiameterMessage(decoding: bytes)
            let again = try DiameterMessage(decoding: m.encode())
            XCTAssertEqual(again, m)
            for avp in m.avps {
                _ = try? avp.utf8String()
                _ = try? avp.grouped()
                _ = try? avp.address()
            }
            _ = try? SWxMAA(m)
            return true
        } catch {
            // Typed throws: the error is a DiameterError by construction; check it maps to a Result-Code.
            XCTAssertTrue((3000..<6000).contains(error.resultCode))
            return false
        }
    }

    func testRandomBuffers() {
        var rng = SplitMix64(seed: 0xD1A_3E7E)
        let framer = DiameterFramer()
        var decoded = 0
        for i in 0..<20_000 {
            var b = rng.bytes(Int(rng.next() % 96))
            // Make a share of them plausible: version 1, matching length, sane flags.
            if i % 2 == 0, b.count >= 20 {
                b[0] = 1
                b.removeLast(b.count % 4)
                b.setUInt24(UInt32(b.count), at: 1)
                b[4] &= 0xd0
            }
            if check(b, framer: framer) { decoded += 1 }
        }
        XCTAssertGreaterThan(decoded, 0)
    }

    func testMutatedVectors() throws {
        let vectors = try Fixtures.object("diameter").array("vectors").map { try $0.hex("hex") }
        var rng = SplitMix64(seed: 0x5EED_D1A)
        let framer = DiameterFramer()
        var decoded = 0
        for i in 0..<20_000 {
            let base = vectors[i % vectors.count]
            var m = rng.mutate(base, headerBytes: 24)
            if i % 3 == 0, m.count >= 20 {
                // Keep the message length consistent so the AVP walker is what gets exercised.
                m.removeLast(m.count % 4)
                if m.count >= 20 { m.setUInt24(UInt32(m.count), at: 1) }
            }
            if check(m, framer: framer) { decoded += 1 }
        }
        XCTAssertGreaterThan(decoded, 100)
    }

    func testAVPLengthFieldEdits() throws {
        // Rewrite each AVP length field of every vector to every nearby value.
        let vectors = try Fixtures.object("diameter").array("vectors").map { try $0.hex("hex") }
        let framer = DiameterFramer()
        for v in vectors {
            var offset = 20
            while offset + 8 <= v.count {
                let len = Int(v[offset + 5]) << 16 | Int(v[offset + 6]) << 8 | Int(v[offset + 7])
                for delta in -12...12 where delta != 0 {
                    var m = v
                    m.setUInt24(UInt32(truncatingIfNeeded: max(0, len + delta)), at: offset + 5)
                    _ = check(m, framer: framer)
                }
                offset += max(8, (len + 3) & ~3)
            }
        }
    }
}
