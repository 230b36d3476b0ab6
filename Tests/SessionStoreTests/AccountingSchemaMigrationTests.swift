import Foundation
import GRDB
@testable import SessionStore
import XCTest

/// `accounting/2-duplicates-per-session` rebuilds `accounting_records` on files made by earlier
/// releases: nothing stored may be lost or renumbered, and duplicates stay duplicates.
final class AccountingSchemaMigrationTests: XCTestCase {
    private var directory = ""

    override func setUp() {
        directory = NSTemporaryDirectory() + "twag-schema-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testRebuildKeepsRecordsIdsAndTheSequence() async throws {
        let path = directory + "/twag.sqlite"
        try makePreviousReleaseFile(at: path)

        let store = try SQLiteSessionStore(path: path, nodeID: "node-a")
        let kept = try await store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, hex(fingerprint) AS f FROM accounting_records ORDER BY id")
                .map { "\($0["id"] as Int64):\($0["f"] as String)" }
        }
        XCTAssertEqual(kept, ["1:\(hex("r1"))", "2:\(hex("r2"))", "3:\(hex("r3"))"])
        let indexes = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list('accounting_records') ORDER BY name")
        }
        XCTAssertEqual(indexes, ["accounting_records_by_session", "accounting_records_unmatched"])

        // Ids continue after the sequence, not after the largest id left (consumers follow ids).
        let next = try await store.commit([.accounting(accounting(.interimUpdate, class: "twag:old", fingerprint: "r6"))])
        guard case .accounting(.stored(let recordID, _)) = next[0] else { return XCTFail("\(next)") }
        XCTAssertEqual(recordID, 6)
        // A record stored before the rebuild is still a duplicate.
        let again = try await store.commit([.accounting(accounting(.interimUpdate, class: "twag:old", fingerprint: "r2"))])
        XCTAssertEqual(again, [.accounting(.duplicate)])
    }

    func testNewFilesUseTwoKibibytePages() async throws {
        let store = try SQLiteSessionStore(path: directory + "/new.sqlite")
        let pageSize = try await store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        XCTAssertEqual(pageSize, 2048)
    }

    /// A file as the previous release left it: its migrations only, a session, records, and the
    /// newest records pruned (the AUTOINCREMENT sequence is then above the largest id left).
    private func makePreviousReleaseFile(at path: String) throws {
        let pool = try SharedDatabaseFile.openPool(path: path, synchronous: .normal)
        try SQLiteSessionStore.migrator.migrate(pool, upTo: "sessions/2-node-id")
        try pool.write { db in
            _ = try SQLiteSessionStore.apply([.authorized(session("twag:old"))], node: "node-a", in: db)
            for name in ["r1", "r2", "r3", "r4"] {
                _ = try SQLiteSessionStore.apply([.accounting(accounting(.interimUpdate, class: "twag:old", fingerprint: name))],
                                                 node: "node-a", in: db)
            }
            _ = try SQLiteSessionStore.apply([.accounting(accounting(.accountingOn, acctSessionID: nil, fingerprint: "on"))],
                                             node: "node-a", in: db)
            try db.execute(sql: "DELETE FROM accounting_records WHERE id >= 4")
            let unique = try Bool.fetchOne(db, sql: """
                SELECT count(*) > 0 FROM pragma_index_list('accounting_records') WHERE origin = 'u'
                """)
            XCTAssertEqual(unique, true, "the old schema's fingerprint UNIQUE column")
        }
    }

    private func hex(_ text: String) -> String { Array(text.utf8).map { String(format: "%02X", $0) }.joined() }
}
