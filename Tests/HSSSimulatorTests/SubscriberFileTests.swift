import Foundation
import Milenage
import XCTest
@testable import HSSSimulator

final class SubscriberFileTests: XCTestCase {
    private let k = "465b5ce8b199b49faa5f0a2ee238a6bc"
    private let opc = "cd63cb71954a9f4e48a5994e37a02baf"

    private func error(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> SubscriberFileError? {
        do {
            _ = try SubscriberFile.parse(yaml, path: "subs.yaml")
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testLabFileLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/lab-subscribers.yaml").path
        let subs = try SubscriberFile.load(path: path)
        XCTAssertEqual(subs.map(\.imsi), (1...5).map { "00101000000000\($0)" })
        XCTAssertEqual(subs.map(\.amf), [0x8000, 0x8000, 0x8000, 0x0000, 0x8000])
        XCTAssertEqual(subs.map(\.non3GPPBarred), [false, false, false, false, true])
        XCTAssertEqual(subs[2].initialSQN.value, 0x7d00)
    }

    func testDefaultsAndOPDerivation() throws {
        let subs = try SubscriberFile.parse("""
            - imsi: "001010000000001"
              k: \(k)
              op: "cdc202d5123e20f62b6d676ac72cb318"
              sqn: 0x20
              ind_length: 4
            """, path: "t")
        let s = try XCTUnwrap(subs.first)
        XCTAssertEqual(s.amf, 0x8000)
        XCTAssertEqual(s.initialSQN.value, 32)
        XCTAssertEqual(s.scheme.indLength, 4)
        XCTAssertFalse(s.non3GPPBarred)
        // OP was turned into the test set's OPc: same RES as a Milenage built from OPc.
        let rand = [UInt8](repeating: 7, count: 16)
        XCTAssertEqual(try s.milenage.f2(rand: rand), try Milenage(k: [UInt8](hex: k) ?? [], opc: [UInt8](hex: opc) ?? []).f2(rand: rand))
    }

    func testDescriptionRedactsKeys() throws {
        let s = try XCTUnwrap(SubscriberFile.parse("[{imsi: \"001010000000001\", k: \(k), opc: \(opc)}]", path: "t").first)
        for text in [s.description, String(reflecting: s), "\(s)"] {
            XCTAssertFalse(text.contains(k), text)
            XCTAssertFalse(text.contains(opc), text)
            XCTAssertTrue(text.contains("001010000000001"), text)
        }
    }

    func testErrorsNameTheEntryAndNeverQuoteKeys() throws {
        let badK = k.dropLast(2)
        let e1 = error("""
            subscribers:
              - {imsi: "001010000000001", k: \(k), opc: \(opc)}
              - {imsi: "001010000000002", k: \(badK), opc: \(opc)}
            """)
        XCTAssertEqual(e1, .invalidEntry(path: "subs.yaml", index: 1, imsi: "001010000000002", field: "k",
                                         problem: "must be 16 bytes (32 hex digits), got 15 bytes"))
        let text = e1?.description ?? ""
        XCTAssertTrue(text.contains("subscribers[1] (IMSI 001010000000002): k:"), text)
        XCTAssertFalse(text.contains(String(badK)), text)

        let cases: [(String, String)] = [
            ("- {imsi: \"001010000000001\", k: \(k)}", "opc"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: \(opc), op: \(opc)}", "op"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: zz\(opc.dropFirst(2))}", "opc"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: \(opc), amf: \"80\"}", "amf"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: \(opc), sqn: 0x1000000000000}", "sqn"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: \(opc), ind_length: 11}", "ind_length"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: \(opc), non3gpp_barred: maybe}", "non3gpp_barred"),
            ("- {imsi: \"001010000000001\", k: \(k), opc: \(opc), opC: \(opc)}", "opC"),
            ("- {imsi: \"00101ab\", k: \(k), opc: \(opc)}", "imsi"),
            ("- {k: \(k), opc: \(opc)}", "imsi"),
        ]
        for (yaml, field) in cases {
            guard case .invalidEntry(_, 0, _, let f, _)? = error(yaml) else {
                XCTFail("no entry error for \(field)")
                continue
            }
            XCTAssertEqual(f, field, yaml)
            XCTAssertFalse((error(yaml)?.description ?? "").contains(opc), "key material in message")
        }
    }

    func testFileLevelErrors() {
        XCTAssertEqual(error("""
            - {imsi: "001010000000001", k: \(k), opc: \(opc)}
            - {imsi: "001010000000001", k: \(k), opc: \(opc)}
            """), .duplicateIMSI(path: "subs.yaml", imsi: "001010000000001", firstIndex: 0, index: 1))
        XCTAssertEqual(error("users: []"), .notASubscriberList(path: "subs.yaml"))
        guard case .invalidYAML(_, let line, _)? = error("subscribers:\n  - {imsi: [\n") else {
            return XCTFail("expected invalid YAML")
        }
        XCTAssertGreaterThan(line, 0)
        XCTAssertThrowsError(try SubscriberFile.load(path: "/nonexistent/subs.yaml")) { e in
            guard case .unreadable? = e as? SubscriberFileError else { return XCTFail("\(e)") }
        }
    }
}
