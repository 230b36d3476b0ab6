import Foundation
import Milenage
import NAI
import XCTest

@testable import UESimulator

final class SubscriberFileTests: XCTestCase {
    func testReadsTheHSSSimulatorFormat() throws {
        let records = try SubscriberFile.parse("""
            subscribers:
              - imsi: "001010000000001"
                k: "465b5ce8b199b49faa5f0a2ee238a6bc"
                opc: "cd63cb71954a9f4e48a5994e37a02baf"
                amf: "8000"
                sqn: 0
                non3gpp_barred: false
              - imsi: "001010000000002"
                k: "465b5ce8b199b49faa5f0a2ee238a6bc"
                op: "cdc202d5123e20f62b6d676ac72cb318"
                sqn: "0x20"
                ind_length: 4
            """)
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].imsi.digits, "001010000000001")
        XCTAssertEqual(records[0].amf, 0x8000)
        XCTAssertEqual(records[0].sqn, .zero)
        XCTAssertEqual(records[1].sqn.value, 0x20)
        XCTAssertEqual(records[1].scheme.indLength, 4)
        XCTAssertEqual(records[1].amf, 0x8000, "default AMF carries the separation bit")
        // OP is turned into the same OPc (TS 35.208 set 1): both cards compute the same RES.
        let rand = [UInt8](repeating: 0x23, count: 16)
        XCTAssertEqual(try records[0].milenage().f2(rand: rand), try records[1].milenage().f2(rand: rand))
        XCTAssertNotEqual(try records[0].milenage(wrongK: true).f2(rand: rand), try records[0].milenage().f2(rand: rand))
        XCTAssertFalse("\(records[0])".contains("465b5ce8"), "K never printed")
    }

    func testBareListIsAccepted() throws {
        let records = try SubscriberFile.parse("""
            - {imsi: "001010000000009", k: "465b5ce8b199b49faa5f0a2ee238a6bc", opc: "cd63cb71954a9f4e48a5994e37a02baf", sqn: 1000}
            """)
        XCTAssertEqual(records.first?.sqn.value, 1000)
    }

    func testCardStartsJustBelowTheHSS() throws {
        let record = try SubscriberRecord(
            imsi: try IMSI("001010000000009"), k: TestSIM.k, opc: TestSIM.opc, amf: 0x8000,
            sqn: TestSIM.sqn(seq: 1000))
        let scheme = SequenceNumberScheme.standard
        let state = record.initialSequenceState()
        XCTAssertEqual(scheme.seq(of: state.highestAccepted), 999)
        // The HSS continues after SQN_HE: SEQ 1001 is fresh for the card, SEQ 1000 too.
        XCTAssertTrue(state.isFresh(try XCTUnwrap(scheme.next(after: record.sqn))))
        XCTAssertTrue(state.isFresh(record.sqn))
        // Ahead of the HSS: its next SQN is stale (forces a resynchronisation).
        XCTAssertFalse(record.initialSequenceState(offset: 5).isFresh(try XCTUnwrap(scheme.next(after: record.sqn))))
        XCTAssertEqual(scheme.seq(of: record.initialSequenceState(offset: -5000).highestAccepted), 0)
    }

    func testErrorsNameTheEntryAndKey() {
        let cases: [(String, String)] = [
            ("subscribers: []", "subscriber file lists no subscribers"),
            ("imsi: 1", "subscriber file must be a list"),
            ("- {imsi: \"12\", k: \"00\"}", "subscribers[0].imsi"),
            ("- {imsi: \"001010000000001\", k: \"0011\"}", "subscribers[0].k"),
            ("- {imsi: \"001010000000001\", k: \"465b5ce8b199b49faa5f0a2ee238a6bc\"}", "subscribers[0].opc"),
            ("- {imsi: \"001010000000001\", k: \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc: \"cd63cb71954a9f4e48a5994e37a02baf\", sqn: \"-1\"}",
             "subscribers[0].sqn"),
            ("- {imsi: \"001010000000001\", k: \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc: \"cd63cb71954a9f4e48a5994e37a02baf\", amf: \"80\"}",
             "subscribers[0].amf"),
            ("[: bad", "not valid YAML"),
        ]
        for (yaml, expected) in cases {
            XCTAssertThrowsError(try SubscriberFile.parse(yaml)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should mention \(expected)")
                XCTAssertFalse("\(error)".contains("465b5ce8"), "K never echoed")
            }
        }
    }

    func testLabSubscriberFileLoadsWhenPresent() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../config/lab-subscribers.yaml").standardized.path
        try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "config/lab-subscribers.yaml not in this checkout")
        XCTAssertFalse(try SubscriberFile.load(path: path).isEmpty)
    }
}
