import Milenage
import TestSupport
import WireFormat
import XCTest

final class MilenageBehaviourTests: XCTestCase {
    private func set(_ id: String) throws -> (Milenage, rand: [UInt8], sqn: SequenceNumber, amf: UInt16) {
        let v = try Fixtures.object("milenage").item("vectors", id: id)
        let amf = try v.hex("amf")
        return (
            try Milenage(k: v.hex("k"), opc: v.hex("opc")), try v.hex("rand"),
            try XCTUnwrap(SequenceNumber(bytes: v.hex("sqn"))), UInt16(amf[0]) << 8 | UInt16(amf[1])
        )
    }

    func testRoundTripVectorThroughUSIM() throws {
        let (m, rand, _, amf) = try set("ts35208-set19")
        var usim = USIMSequenceState(initial: try XCTUnwrap(SequenceNumber(0x40)))
        let sqn = try XCTUnwrap(SequenceNumberScheme.standard.next(after: usim.highestAccepted))
        let av = try m.generateVector(rand: rand, sqn: sqn, amf: amf)
        let result = try m.verifyAUTN(rand: av.rand, autn: av.autn, state: &usim)
        XCTAssertEqual(result.res, av.xres)
        XCTAssertEqual(result.ck, av.ck)
        XCTAssertEqual(result.ik, av.ik)
        XCTAssertEqual(result.sqn, sqn)
        XCTAssertEqual(usim.highestAccepted, sqn)

        // Replaying the same AUTN is a synchronisation failure, not a MAC failure.
        XCTAssertThrowsError(try m.verifyAUTN(rand: av.rand, autn: av.autn, state: &usim)) { error in
            guard case AUTNVerificationError.sequenceOutOfRange = error else {
                return XCTFail("expected sequenceOutOfRange, got \(error)")
            }
        }
    }

    func testUSIMAheadSendsAUTSAndHSSRecoversSQNMS() throws {
        let (m, rand, _, amf) = try set("ts35208-set1")
        let scheme = SequenceNumberScheme.standard
        let usimSQN = try XCTUnwrap(scheme.make(seq: 5000, ind: 3))
        var usim = USIMSequenceState(initial: usimSQN)
        let hssSQN = try XCTUnwrap(scheme.make(seq: 20, ind: 4))  // HSS has fallen behind
        let av = try m.generateVector(rand: rand, sqn: hssSQN, amf: amf)
        var auts: [UInt8] = []
        do {
            _ = try m.verifyAUTN(rand: av.rand, autn: av.autn, state: &usim)
            XCTFail("stale SQN accepted")
        } catch .sequenceOutOfRange(let a) {
            auts = a
        } catch {
            XCTFail("unexpected \(error)")
        }
        XCTAssertEqual(auts.count, 14)
        XCTAssertEqual(usim.highestAccepted, usimSQN, "state unchanged on failure")
        let recovered = try m.recoverSQN(rand: av.rand, auts: auts)
        XCTAssertEqual(recovered, usimSQN)

        // HSS resumes after SQN_MS and the USIM accepts the new vector.
        let next = try XCTUnwrap(scheme.next(after: recovered))
        let av2 = try m.generateVector(rand: rand, sqn: next, amf: amf)
        XCTAssertEqual(try m.verifyAUTN(rand: av2.rand, autn: av2.autn, state: &usim).res, av2.xres)

        // Too far ahead (beyond the window) is also refused.
        let far = try XCTUnwrap(scheme.make(seq: 5001 + USIMSequenceState.defaultWindow + 1, ind: 0))
        XCTAssertFalse(usim.isFresh(far))
    }

    func testTamperedAUTNIsMACFailure() throws {
        let (m, rand, sqn, amf) = try set("ts35208-set2")
        let av = try m.generateVector(rand: rand, sqn: sqn, amf: amf)
        for byte in 0..<16 {
            var autn = av.autn
            autn[byte] ^= 0x01
            XCTAssertThrowsError(try m.openAUTN(rand: rand, autn: autn)) { error in
                XCTAssertEqual(error as? AUTNVerificationError, .macFailure, "byte \(byte)")
            }
        }
        // A different K fails MAC, not SQN.
        let other = try Milenage(k: [UInt8](repeating: 7, count: 16), opc: [UInt8](repeating: 9, count: 16))
        var usim = USIMSequenceState()
        XCTAssertThrowsError(try other.verifyAUTN(rand: rand, autn: av.autn, state: &usim)) { error in
            XCTAssertEqual(error as? AUTNVerificationError, .macFailure)
        }
    }

    func testTamperedAUTSIsMACFailure() throws {
        let (m, rand, sqn, _) = try set("ts35208-set3")
        let auts = try m.makeAUTS(rand: rand, sqnMS: sqn)
        for byte in 0..<14 {
            var bad = auts
            bad[byte] ^= 0x80
            XCTAssertThrowsError(try m.recoverSQN(rand: rand, auts: bad)) { error in
                XCTAssertEqual(error as? AUTSVerificationError, .macFailure, "byte \(byte)")
            }
        }
    }

    func testLengthErrors() throws {
        let k = [UInt8](repeating: 1, count: 16)
        XCTAssertThrowsError(try Milenage(k: [1, 2], opc: k)) { error in
            XCTAssertEqual(error as? MilenageError, .invalidLength(field: .k, expected: 16, actual: 2))
        }
        XCTAssertThrowsError(try Milenage(k: k, opc: [])) { error in
            XCTAssertEqual(error as? MilenageError, .invalidLength(field: .opc, expected: 16, actual: 0))
        }
        XCTAssertThrowsError(try Milenage.computeOPc(k: k, op: [UInt8](repeating: 0, count: 17))) { error in
            XCTAssertEqual(error as? MilenageError, .invalidLength(field: .op, expected: 16, actual: 17))
        }
        let m = try Milenage(k: k, opc: k)
        XCTAssertThrowsError(try m.f2(rand: [0])) { error in
            XCTAssertEqual(error as? MilenageError, .invalidLength(field: .rand, expected: 16, actual: 1))
        }
        XCTAssertThrowsError(try m.openAUTN(rand: k, autn: [UInt8](repeating: 0, count: 15))) { error in
            XCTAssertEqual(
                error as? AUTNVerificationError, .malformed(.invalidLength(field: .autn, expected: 16, actual: 15)))
        }
        XCTAssertThrowsError(try m.recoverSQN(rand: k, auts: [UInt8](repeating: 0, count: 13))) { error in
            XCTAssertEqual(
                error as? AUTSVerificationError, .malformed(.invalidLength(field: .auts, expected: 14, actual: 13)))
        }
        XCTAssertThrowsError(try ResynchronisationInfo(bytes: [UInt8](repeating: 0, count: 29)))
    }

    func testDescriptionsRedactKeyMaterial() throws {
        let v = try Fixtures.object("milenage").item("vectors", id: "ts35208-set1")
        let k = try v.hex("k"), opc = try v.hex("opc")
        let m = try Milenage(k: k, opc: opc)
        let av = try m.generateVector(rand: v.hex("rand"), sqn: XCTUnwrap(SequenceNumber(bytes: v.hex("sqn"))), amf: 0xb9b9)
        let usim = try m.openAUTN(rand: av.rand, autn: av.autn)
        var dumped = ""
        dump(m, to: &dumped)
        dump(av, to: &dumped)
        dump(usim, to: &dumped)
        let texts = [
            "\(m)", String(reflecting: m), "\(av)", String(reflecting: av), "\(usim)", "\(try m.f2345(rand: av.rand))",
            dumped,
        ]
        for text in texts {
            for secret in [k, opc, av.ck, av.ik, av.xres] {
                XCTAssertFalse(text.contains(secret.hexString), "leaked in \(text)")
            }
        }
        XCTAssertTrue("\(av)".contains(av.autn.hexString))
    }

    func testSequenceNumberScheme() throws {
        XCTAssertNil(SequenceNumber(1 << 48))
        XCTAssertEqual(SequenceNumber(SequenceNumber.maxValue)?.bytes, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        XCTAssertNil(SequenceNumber(bytes: [1, 2, 3]))
        XCTAssertEqual(SequenceNumber(bytes: [0, 0, 0, 0, 1, 2])?.value, 0x102)
        XCTAssertNil(SequenceNumberScheme(indLength: 11))
        XCTAssertNil(SequenceNumberScheme(indLength: -1))

        let s = SequenceNumberScheme.standard
        XCTAssertEqual(s.indLength, 5)
        let sqn = try XCTUnwrap(s.make(seq: 0x1234, ind: 31))
        XCTAssertEqual(sqn.value, 0x1234 << 5 | 31)
        XCTAssertEqual(s.seq(of: sqn), 0x1234)
        XCTAssertEqual(s.ind(of: sqn), 31)
        XCTAssertNil(s.make(seq: 1, ind: 32))
        XCTAssertNil(s.make(seq: s.maxSEQ + 1, ind: 0))
        let next = try XCTUnwrap(s.next(after: sqn))
        XCTAssertEqual(s.seq(of: next), 0x1235)
        XCTAssertEqual(s.ind(of: next), 0, "IND wraps")
        XCTAssertNil(s.next(after: try XCTUnwrap(s.make(seq: s.maxSEQ, ind: 0))))

        let zeroInd = try XCTUnwrap(SequenceNumberScheme(indLength: 0))
        XCTAssertEqual(zeroInd.next(after: try XCTUnwrap(SequenceNumber(41)))?.value, 42)

        // Annex C: each IND slot accepts increasing SEQ; different slots may arrive out of order.
        var usim = USIMSequenceState(scheme: s, window: 100)
        XCTAssertTrue(usim.accept(try XCTUnwrap(s.make(seq: 10, ind: 1))))
        XCTAssertTrue(usim.accept(try XCTUnwrap(s.make(seq: 8, ind: 2))), "older SEQ in an unused slot")
        XCTAssertFalse(usim.accept(try XCTUnwrap(s.make(seq: 9, ind: 1))), "slot 1 already at 10")
        XCTAssertFalse(usim.accept(try XCTUnwrap(s.make(seq: 10, ind: 1))), "replay")
        XCTAssertTrue(usim.isFresh(try XCTUnwrap(s.make(seq: 110, ind: 3))))
        XCTAssertFalse(usim.isFresh(try XCTUnwrap(s.make(seq: 111, ind: 3))), "beyond the window")
        XCTAssertEqual(usim.highestAccepted, s.make(seq: 10, ind: 1))
        XCTAssertEqual(usim.acceptedSEQ.count, 32)
    }
}
