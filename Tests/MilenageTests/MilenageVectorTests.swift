import Milenage
import TestSupport
import WireFormat
import XCTest

/// All 10 TS 35.208 sets in milenage.json and both AUTS vectors in aka_resync_auts.json.
final class MilenageVectorTests: XCTestCase {
    func testAllPublishedSets() throws {
        let vectors = try Fixtures.object("milenage").array("vectors")
        XCTAssertEqual(vectors.count, 10)
        for v in vectors {
            let id = try v.string("id")
            let k = try v.hex("k"), rand = try v.hex("rand")
            let sqnBytes = try v.hex("sqn"), amfBytes = try v.hex("amf")
            let sqn = try XCTUnwrap(SequenceNumber(bytes: sqnBytes), id)
            let amf = UInt16(amfBytes[0]) << 8 | UInt16(amfBytes[1])

            XCTAssertEqual(try Milenage.computeOPc(k: k, op: v.hex("op")), try v.hex("opc"), "\(id) OPc")
            let m = try Milenage(k: k, opc: v.hex("opc"))
            XCTAssertEqual(try m.f1(rand: rand, sqn: sqn, amf: amf), try v.hex("f1_mac_a"), "\(id) f1")
            XCTAssertEqual(try m.f1Star(rand: rand, sqn: sqn, amf: amf), try v.hex("f1star_mac_s"), "\(id) f1*")
            XCTAssertEqual(try m.f2(rand: rand), try v.hex("f2_res"), "\(id) f2")
            XCTAssertEqual(try m.f3(rand: rand), try v.hex("f3_ck"), "\(id) f3")
            XCTAssertEqual(try m.f4(rand: rand), try v.hex("f4_ik"), "\(id) f4")
            XCTAssertEqual(try m.f5(rand: rand), try v.hex("f5_ak"), "\(id) f5")
            XCTAssertEqual(try m.f5Star(rand: rand), try v.hex("f5star_ak_resync"), "\(id) f5*")

            let all = try m.f2345(rand: rand)
            XCTAssertEqual(all.res, try v.hex("f2_res"), id)
            XCTAssertEqual(all.ck, try v.hex("f3_ck"), id)
            XCTAssertEqual(all.ik, try v.hex("f4_ik"), id)
            XCTAssertEqual(all.ak, try v.hex("f5_ak"), id)

            // Building from OP gives the same functions.
            let fromOP = try Milenage(k: k, op: v.hex("op"))
            XCTAssertEqual(try fromOP.f2(rand: rand), try v.hex("f2_res"), id)

            let derived = try v.object("derived")
            let av = try m.generateVector(rand: rand, sqn: sqn, amf: amf)
            XCTAssertEqual(av.autn, try derived.hex("autn"), "\(id) AUTN")
            XCTAssertEqual(Array(av.sqnXorAK), try derived.hex("sqn_xor_ak"), id)
            XCTAssertEqual(av.rand, rand)
            XCTAssertEqual(av.xres, try v.hex("f2_res"))
            XCTAssertEqual(av.ck, try v.hex("f3_ck"))
            XCTAssertEqual(av.ik, try v.hex("f4_ik"))

            // The USIM accepts the published AUTN and recovers the published SQN.
            let opened = try m.openAUTN(rand: rand, autn: derived.hex("autn"))
            XCTAssertEqual(opened.sqn, sqn, id)
            XCTAssertEqual(opened.amf, amf, id)
            XCTAssertEqual(opened.res, try v.hex("f2_res"), id)
        }
    }

    func testResynchronisationVectors() throws {
        let vectors = try Fixtures.object("aka_resync_auts").array("vectors")
        XCTAssertEqual(vectors.count, 2)
        for v in vectors {
            let id = try v.string("id")
            let rand = try v.hex("rand")
            let m = try Milenage(k: v.hex("k"), opc: v.hex("opc"))
            let sqnMS = try XCTUnwrap(SequenceNumber(bytes: v.hex("sqn_ms")), id)
            XCTAssertEqual(try v.hex("amf_for_mac_s"), [0, 0])
            XCTAssertEqual(try m.f5Star(rand: rand), try v.hex("f5star_ak_resync"), id)
            XCTAssertEqual(
                try m.f1Star(rand: rand, sqn: sqnMS, amf: Milenage.resynchronisationAMF), try v.hex("mac_s"), id)

            let auts = try m.makeAUTS(rand: rand, sqnMS: sqnMS)
            XCTAssertEqual(auts, try v.hex("auts"), "\(id) AUTS")
            XCTAssertEqual(try m.recoverSQN(rand: rand, auts: auts), sqnMS, "\(id) SQN_MS recovery")

            let sip = try v.hex("sip_authorization_rand_auts")
            let info = try ResynchronisationInfo(bytes: sip)
            XCTAssertEqual(info.rand, rand)
            XCTAssertEqual(info.auts, auts)
            XCTAssertEqual(info.bytes, sip)
            XCTAssertEqual(try ResynchronisationInfo(rand: rand, auts: auts).bytes, sip)
            XCTAssertEqual(try m.recoverSQN(info), sqnMS, id)
        }
    }
}
