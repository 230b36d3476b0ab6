import GRDB
@testable import SessionStore
import XCTest

/// The writer's direct binding stores what GRDB's own binding would: NULL for nil, an empty text
/// for an empty string, blobs and integers as given; and it fails like GRDB on a misuse or a
/// constraint, leaving the cached statement usable.
final class BoundStatementTests: XCTestCase {
    private func makeQueue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c BLOB, d TEXT NOT NULL)")
        }
        return queue
    }

    private static let insertSQL = "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)"

    func testValuesAreStoredAsGRDBWouldStoreThem() throws {
        let queue = try makeQueue()
        try queue.write { db in
            var insert = BoundStatement(try db.cachedStatement(sql: Self.insertSQL))
            insert.bind("" as String?)
            insert.bind(nil as Int64?)
            insert.bind(blob: [])
            insert.bind("é ✓")
            try insert.execute(in: db)
            var second = BoundStatement(try db.cachedStatement(sql: Self.insertSQL))
            second.bind(nil as String?)
            second.bind(Int64.min)
            second.bind(blob: [0, 1, 255])
            second.bind(StoredTimestamp(Date(timeIntervalSince1970: 1_764_860_000.1234)))
            try second.execute(in: db)
        }
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT typeof(a) AS ta, a, typeof(b) AS tb, b, typeof(c) AS tc, hex(c) AS c, d FROM t ORDER BY id")
        }
        XCTAssertEqual(rows[0]["ta"] as String, "text")
        XCTAssertEqual(rows[0]["a"] as String, "")
        XCTAssertEqual(rows[0]["tb"] as String, "null")
        XCTAssertEqual(rows[0]["tc"] as String, "blob")
        XCTAssertEqual(rows[0]["c"] as String, "")
        XCTAssertEqual(rows[0]["d"] as String, "é ✓")
        XCTAssertEqual(rows[1]["ta"] as String, "null")
        XCTAssertEqual(rows[1]["b"] as Int64, Int64.min)
        XCTAssertEqual(rows[1]["c"] as String, "0001FF")
        XCTAssertEqual(rows[1]["d"] as String, StoredTimestamp.text(Date(timeIntervalSince1970: 1_764_860_000.1234)))
    }

    func testAMissingParameterIsRefusedNotBoundAsNull() throws {
        let queue = try makeQueue()
        XCTAssertThrowsError(try queue.write { db in
            var insert = BoundStatement(try db.cachedStatement(sql: Self.insertSQL))
            insert.bind("a")
            insert.bind(Int64(1))
            insert.bind(blob: [1])
            try insert.execute(in: db)
        }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_MISUSE)
        }
        XCTAssertEqual(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }, 0)
    }

    func testAConstraintFailureThrowsAndTheStatementServesAgain() throws {
        let queue = try makeQueue()
        try queue.write { db in
            var bad = BoundStatement(try db.cachedStatement(sql: Self.insertSQL))
            bad.bind("a")
            bad.bind(Int64(1))
            bad.bind(blob: [1])
            bad.bind(nil as String?)
            XCTAssertThrowsError(try bad.execute(in: db)) { error in
                XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_CONSTRAINT)
                XCTAssertTrue((error as? DatabaseError)?.message?.contains("NOT NULL") ?? false, "\(error)")
            }
            var good = BoundStatement(try db.cachedStatement(sql: Self.insertSQL))
            good.bind("a")
            good.bind(Int64(2))
            good.bind(blob: [2])
            good.bind("d")
            try good.execute(in: db)
            var select = BoundStatement(try db.cachedStatement(sql: "SELECT b FROM t WHERE a = ?"))
            select.bind("a")
            XCTAssertEqual(try select.fetchInt64(in: db), 2)
            var none = BoundStatement(try db.cachedStatement(sql: "SELECT b FROM t WHERE a = ?"))
            none.bind("zz")
            XCTAssertNil(try none.fetchInt64(in: db))
        }
    }
}
