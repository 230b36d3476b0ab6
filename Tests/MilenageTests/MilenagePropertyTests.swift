import Milenage
import TestSupport
import WireFormat
import XCTest

/// Random and mutated AUTN/AUTS/RAND||AUTS fed to the verifiers: each ends in a value or a typed error.
final class MilenagePropertyTests: XCTestCase {
    func testRandomAndMutatedInputsEndInValueOrTypedError() throws {
        let v = try Fixtures.object("aka_resync_auts").item("vectors", id: "auts-from-ts35208-set19")
        let m = try Milenage(k: v.hex("k"), opc: v.hex("opc"))
        let validRand = try v.hex("rand")
        let validAUTS = try v.hex("auts")
        let validAUTN = try m.generateVector(rand: validRand, sqn: XCTUnwrap(SequenceNumber(0x1000)), amf: 0x8000).autn
        var rng = SplitMix64(seed: 0x5EED_3535)
        var outcomes = [String: Int]()

        func mutate(_ input: [UInt8]) -> [UInt8] {
            var b = input
            switch rng.next() % 5 {
            case 0:  // bit flip
                if !b.isEmpty { b[Int(rng.next() % UInt64(b.count))] ^= UInt8(1) << (rng.next() % 8) }
            case 1:  // truncation
                b = Array(b.prefix(Int(rng.next() % UInt64(b.count + 1))))
            case 2:  // insertion
                b.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(b.count + 1)))
            case 3:  // byte overwrite
                if !b.isEmpty { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            default:  // extension
                b += rng.bytes(Int(rng.next() % 4))
            }
            return b
        }

        for i in 0..<40_000 {
            let random = i < 20_000
            let rand = random ? rng.bytes(rng.next() % 8 == 0 ? Int(rng.next() % 20) : 16) : validRand
            let autn = random ? rng.bytes(rng.next() % 4 == 0 ? Int(rng.next() % 24) : 16) : mutate(validAUTN)
            let auts = random ? rng.bytes(rng.next() % 4 == 0 ? Int(rng.next() % 24) : 14) : mutate(validAUTS)

            var usim = USIMSequenceState()
            do {
                let r = try m.verifyAUTN(rand: rand, autn: autn, state: &usim)
                XCTAssertEqual(r.res.count, 8)
                outcomes["autn-ok", default: 0] += 1
            } catch .macFailure {
                outcomes["autn-mac", default: 0] += 1
            } catch .sequenceOutOfRange(let a) {
                XCTAssertEqual(a.count, 14)
                outcomes["autn-sqn", default: 0] += 1
            } catch .malformed {
                outcomes["autn-malformed", default: 0] += 1
            }

            do {
                let sqn = try m.recoverSQN(rand: rand, auts: auts)
                // A genuine AUTS re-encodes to itself.
                XCTAssertEqual(try m.makeAUTS(rand: rand, sqnMS: sqn), auts)
                outcomes["auts-ok", default: 0] += 1
            } catch .macFailure {
                outcomes["auts-mac", default: 0] += 1
            } catch .malformed {
                outcomes["auts-malformed", default: 0] += 1
            }

            let sip = random ? rng.bytes(Int(rng.next() % 40)) : mutate(validRand + validAUTS)
            do {
                let info = try ResynchronisationInfo(bytes: sip)
                XCTAssertEqual(info.bytes, sip)
            } catch {
                XCTAssertNotEqual(sip.count, ResynchronisationInfo.byteCount)
            }
        }
        XCTAssertGreaterThan(outcomes["autn-mac", default: 0], 0)
        XCTAssertGreaterThan(outcomes["auts-mac", default: 0], 0)
        XCTAssertGreaterThan(outcomes["autn-malformed", default: 0], 0)
    }
}
