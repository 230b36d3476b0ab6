import Foundation
import SessionStore
import XCTest

/// charging-agent's rows: inserted once, updated in batches, found again after a restart, and the
/// usage it reads (incrementally by accounting cursor, and by class).
final class SessionStoreChargingTests: XCTestCase {
    func record(_ sessionClass: String, phase: String = "authorizing") -> ChargingRecord {
        ChargingRecord(sessionClass: sessionClass, gySessionID: "twag;\(sessionClass)", imsi: "001010000000001",
                       userName: "u", callingStationID: "02-00-00-00-00-01", calledStationID: "AP:SSID", nasIP: "10.0.0.1",
                       mode: "online", phase: phase, state: Data("{}".utf8), createdAt: Date(timeIntervalSince1970: 1),
                       updatedAt: Date(timeIntervalSince1970: 1))
    }

    func testInsertIsIdempotentAndUpdatesAreBatched() async throws {
        try await forEachEngine { store in
            try await store.writeCharging(inserts: [record("c1")], updates: [], at: Date(timeIntervalSince1970: 1))
            var again = record("c1")
            again.gySessionID = "other"
            try await store.writeCharging(inserts: [again, record("c2")], updates: [], at: Date(timeIntervalSince1970: 1))
            let stored = try await store.chargingRecord(class: "c1")
            XCTAssertEqual(stored, record("c1"), "a second row for the same Class keeps the first Gy session")
            try await store.updateCharging([("c1", "closed", Data("1".utf8)), ("c2", "active", Data("2".utf8))],
                                           at: Date(timeIntervalSince1970: 5))
            let open = try await store.openChargingRecords()
            XCTAssertEqual(open.map(\.sessionClass), ["c2"])
            XCTAssertEqual(open.first?.state, Data("2".utf8))
            let closed = try await store.chargingRecord(class: "c1")
            XCTAssertEqual(closed?.phase, "closed")
        }
    }

    func testUsageByCursorAndByClass() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([.authorized(session("c1")), .authorized(session("c2", station: "02-00-00-00-00-02"))])
            var result = try await store.sessionsWithAccounting(after: 0)
            XCTAssertEqual(result.classes, [])
            _ = try await store.commit([.accounting(accounting(.start, class: "c1", output: 0, fingerprint: "a")),
                                        .accounting(accounting(.interimUpdate, class: "c1", output: 1_000, fingerprint: "b"))])
            result = try await store.sessionsWithAccounting(after: 0)
            XCTAssertEqual(result.classes, ["c1"])
            let cursor = result.cursor
            _ = try await store.commit([.accounting(accounting(.stop, class: "c1", output: 3_000, fingerprint: "c"))])
            result = try await store.sessionsWithAccounting(after: cursor)
            XCTAssertEqual(result.classes, ["c1"])
            let none = try await store.sessionsWithAccounting(after: result.cursor)
            XCTAssertEqual(none.classes, [])
            let usage = try await store.sessionUsage(classes: ["c1", "c2", "missing"])
            XCTAssertEqual(usage.count, 2)
            let c1 = try XCTUnwrap(usage.first { $0.sessionClass == "c1" })
            XCTAssertEqual(c1.outputOctets, 3_000)
            XCTAssertEqual(c1.inputOctets, 1_500)
            XCTAssertNotNil(c1.endedAt)
            XCTAssertNil(usage.first { $0.sessionClass == "c2" }?.endedAt)
        }
    }

    func testRetentionKeepsSessionsWhoseChargingIsOpen() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([.authorized(session("c1")), .authorized(session("c2", station: "x"))])
            try await store.endSession(id: 1, cause: "test", at: Date(timeIntervalSince1970: 10))
            try await store.endSession(id: 2, cause: "test", at: Date(timeIntervalSince1970: 10))
            try await store.writeCharging(inserts: [record("c1", phase: "terminating"), record("c2", phase: "closed")],
                                          updates: [], at: Date(timeIntervalSince1970: 1))
            let deleted = try await store.prune(before: Date(timeIntervalSince1970: 1_000))
            XCTAssertEqual(deleted.sessions, 1)
            let kept = try await store.session(class: "c1")
            let pruned = try await store.session(class: "c2")
            let closedCharging = try await store.chargingRecord(class: "c2")
            let openCharging = try await store.chargingRecord(class: "c1")
            XCTAssertNotNil(kept, "usage still owed to the OCS")
            XCTAssertNil(pruned)
            XCTAssertNil(closedCharging)
            XCTAssertNotNil(openCharging)
        }
    }
}
