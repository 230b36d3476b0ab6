import Foundation
import SessionStore
import XCTest

/// `twag store-copy`: a node's SQLite store moved into PostgreSQL keeps its rows, ids and links,
/// and the PostgreSQL store carries on from there.
final class StoreCopyTests: XCTestCase {
    func testSQLiteStoreMovesIntoPostgreSQLWithItsIdsAndLinks() async throws {
        let directory = NSTemporaryDirectory() + "twag-store-copy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = try SQLiteSessionStore(path: directory + "/twag.sqlite")
        _ = try await sqlite.commit([
            .authorized(session("c1", registered: true)), .authorized(session("c2", station: "02-00-00-00-00-02")),
            .accounting(accounting(.start, class: "c1", output: 10, fingerprint: "a")),
            .accounting(accounting(.stop, class: "c1", output: 5_000_000_000, fingerprint: "b")),
            .accounting(accounting(.start, class: "c2", acctSessionID: "ACCT-2", output: 1, fingerprint: "c")),
        ])
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        try await sqlite.writeCharging(inserts: [
            ChargingRecord(sessionClass: "c2", gySessionID: "gy;c2", imsi: "001010000000001", userName: nil, callingStationID: nil,
                           calledStationID: nil, nasIP: nil, mode: "online", phase: "open", state: Data([0, 1, 0xFF]),
                           createdAt: date, updatedAt: date),
        ], updates: [], at: date)

        let postgres = try await makePostgresStore(nodeID: "node-a")
        let counts = try await StoreCopy.copy(from: sqlite, to: postgres, nodeID: "node-a")
        XCTAssertEqual(counts.sessions, 2)
        XCTAssertEqual(counts.accountingRecords, 3)
        XCTAssertEqual(counts.chargingSessions, 1)

        for sessionClass in ["c1", "c2"] {
            var before = try await sqlite.session(class: sessionClass)
            let after = try await postgres.session(class: sessionClass)
            before?.nodeID = "node-a"
            XCTAssertEqual(after, before, sessionClass)
        }
        let charging = try await postgres.openChargingRecords()
        XCTAssertEqual(charging.map(\.state), [Data([0, 1, 0xFF])], "owned by the node it was copied for")
        // The same record again is a duplicate; new rows continue after the copied ids.
        let again = try await postgres.commit([.accounting(accounting(.stop, class: "c1", output: 5_000_000_000, fingerprint: "b"))])
        XCTAssertEqual(again, [.accounting(.duplicate)])
        let next = try await postgres.commit([.authorized(session("c3", station: "x")),
                                              .accounting(accounting(.stop, class: "c2", acctSessionID: "ACCT-2", output: 2, fingerprint: "d"))])
        guard case .authorized(let id) = next[0], case .accounting(.stored(let record, let matched)) = next[1] else {
            return XCTFail("\(next)")
        }
        XCTAssertGreaterThan(id, 2)
        XCTAssertGreaterThan(record, 3, "after the copied ids (PostgreSQL spends an id on a refused duplicate)")
        let c2 = try await postgres.session(class: "c2")
        XCTAssertEqual(matched, c2?.id)

        // A second copy into the same database is refused.
        do {
            _ = try await StoreCopy.copy(from: sqlite, to: postgres, nodeID: "node-a")
            XCTFail("copied into a store with rows")
        } catch {
            guard case .targetNotEmpty = error else { return XCTFail("\(error)") }
        }
        await postgres.close()
    }
}
