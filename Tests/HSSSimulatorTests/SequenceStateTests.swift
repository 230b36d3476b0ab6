import Diameter
import Foundation
import Logging
import Milenage
import XCTest
@testable import HSSSimulator

final class SequenceStateTests: XCTestCase {
    func testSaveAndReloadAtomically() throws {
        let dir = try HSSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = SequenceStateFile(path: dir.appendingPathComponent("sqn.json").path)
        XCTAssertEqual(try file.load(), SequenceState(), "absent file = fresh state")
        var state = SequenceState()
        state["001010000000001"] = SequenceNumber(0x21)
        state["001010000000002"] = SequenceNumber(SequenceNumber.maxValue)
        try file.save(state)
        XCTAssertEqual(try file.load(), state)
        state["001010000000001"] = SequenceNumber(0x42)
        try file.save(state)
        XCTAssertEqual(try file.load(), state)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(leftovers, ["sqn.json"], "no temporary file left behind")
    }

    func testDamagedFileStopsStartUp() throws {
        let dir = try HSSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sqn.json").path
        for text in ["{not json", #"{"version": 2, "sqn": {}}"#, #"{"version": 1, "sqn": {"1": 281474976710656}}"#] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try SequenceStateFile(path: path).load(), text) { e in
                guard case .corrupt? = e as? SequenceStateFileError else { return XCTFail("\(e)") }
            }
        }
        XCTAssertThrowsError(try SequenceStateFile(path: dir.appendingPathComponent("none/x.json").path).save(SequenceState())) { e in
            guard case .writeFailed(_, "open temporary file", _)? = e as? SequenceStateFileError else { return XCTFail("\(e)") }
        }
    }

    func testProvisionedSQNWinsOnlyWhenHigher() throws {
        let subs = try HSSFixture.subscribers()
        let barred = try XCTUnwrap(subs.first { $0.imsi == HSSFixture.barredIMSI })
        var state = SequenceState()
        XCTAssertEqual(state.current(for: barred).value, 0x40)
        state[barred.imsi] = SequenceNumber(0x10)
        XCTAssertEqual(state.current(for: barred).value, 0x40)
        state[barred.imsi] = SequenceNumber(0x99)
        XCTAssertEqual(state.current(for: barred).value, 0x99)
    }

    /// The service persists SQN before answering; a restarted simulator continues after it.
    func testServicePersistsAndRestartContinues() async throws {
        let dir = try HSSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let subsPath = dir.appendingPathComponent("subs.yaml").path
        try Data(HSSFixture.yaml.utf8).write(to: URL(fileURLWithPath: subsPath))
        let statePath = dir.appendingPathComponent("state.json").path
        let logger = Logger(label: "test")
        let usim = try HSSFixture.usim()
        var usimState = USIMSequenceState()

        let first = try HSSService.load(identity: HSSFixture.identity, subscribersPath: subsPath, statePath: statePath, logger: logger)
        let a1 = await first.handle(HSSFixture.mar(count: 3))
        XCTAssertEqual(try SWxMultimediaAuthAnswer(XCTUnwrap(a1)).vectors.count, 3)
        let onDisk = try SequenceStatePersister(file: SequenceStateFile(path: statePath)).stored()
        XCTAssertEqual(SequenceNumberScheme.standard.seq(of: try XCTUnwrap(onDisk[HSSFixture.imsi])), 3)

        let second = try HSSService.load(identity: HSSFixture.identity, subscribersPath: subsPath, statePath: statePath, logger: logger)
        let a2 = await second.handle(HSSFixture.mar())
        let v = try SWxMultimediaAuthAnswer(XCTUnwrap(a2)).vectors[0]
        let r = try usim.verifyAUTN(rand: v.rand, autn: v.autn, state: &usimState)
        XCTAssertEqual(SequenceNumberScheme.standard.seq(of: r.sqn), 4, "no SQN re-issued after restart")
    }

    func testStartUpErrorsAreTyped() throws {
        let dir = try HSSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let subsPath = dir.appendingPathComponent("subs.yaml").path
        try Data("- {imsi: \"1\"}".utf8).write(to: URL(fileURLWithPath: subsPath))
        XCTAssertThrowsError(try HSSService.load(identity: HSSFixture.identity, subscribersPath: subsPath,
                                                 statePath: dir.appendingPathComponent("s.json").path,
                                                 logger: Logger(label: "t"))) { e in
            guard case .subscribers? = e as? HSSStartupError else { return XCTFail("\(e)") }
        }
    }

    /// The journal: one line per change, replayed over the snapshot of its generation only; a torn
    /// last line (a crash mid-write) is ignored; compaction rolls the generation.
    func testJournalReplayTornTailAndCompaction() throws {
        let dir = try HSSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = SequenceStateFile(path: dir.appendingPathComponent("sqn.json").path)
        let persister = SequenceStatePersister(file: file, compactEvery: 3)
        XCTAssertEqual(try persister.open(), SequenceState())
        var state = SequenceState()
        for (index, imsi) in ["001010000000001", "001010000000002"].enumerated() {
            state[imsi] = SequenceNumber(UInt64(0x20 + index))
            try persister.record(imsi: imsi, sqn: try XCTUnwrap(state[imsi]), state: state)
        }
        XCTAssertEqual(try file.load(), SequenceState(), "changes are in the journal, not yet in the snapshot")
        XCTAssertEqual(try SequenceStatePersister(file: file).stored(), state)
        let journal = try String(contentsOfFile: persister.journalPath, encoding: .utf8)
        XCTAssertEqual(journal, "hss-sim-sqn-journal 1\n001010000000001 32\n001010000000002 33\n")

        // A crash mid-write leaves a torn line: ignored.
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: persister.journalPath))
        handle.seekToEndOfFile()
        handle.write(Data("001010000000001 9".utf8))
        try handle.close()
        XCTAssertEqual(try SequenceStatePersister(file: file).stored(), state)

        // The third change compacts: the snapshot holds everything, the journal restarts empty.
        state["001010000000001"] = SequenceNumber(0x40)
        try persister.record(imsi: "001010000000001", sqn: try XCTUnwrap(state["001010000000001"]), state: state)
        XCTAssertEqual(try file.loadSnapshot().state, state)
        XCTAssertEqual(try file.loadSnapshot().journal, 2)
        XCTAssertEqual(try String(contentsOfFile: persister.journalPath, encoding: .utf8), "hss-sim-sqn-journal 2\n")

        // A journal of another generation (left by a crash between snapshot and journal swap) is ignored.
        try Data("hss-sim-sqn-journal 1\n001010000000001 5\n".utf8).write(to: URL(fileURLWithPath: persister.journalPath))
        XCTAssertEqual(try SequenceStatePersister(file: file).stored(), state)
        // A damaged line in the middle stops start-up rather than reset an SQN.
        try Data("hss-sim-sqn-journal 2\nnonsense\n001010000000001 5\n".utf8).write(to: URL(fileURLWithPath: persister.journalPath))
        XCTAssertThrowsError(try SequenceStatePersister(file: file).stored()) { e in
            guard case .corrupt? = e as? SequenceStateFileError else { return XCTFail("\(e)") }
        }
    }
}
