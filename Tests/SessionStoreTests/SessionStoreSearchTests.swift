import Foundation
import GRDB
import SessionStore
import XCTest

/// The operator surface's reads: filters bound as arguments, pages, totals, access points.
final class SessionStoreSearchTests: XCTestCase {
    func testFiltersPagesAndTotals() async throws {
        try await forEachEngine { store in
            let base = Date(timeIntervalSince1970: 1_700_000_000)
            var writes: [SessionWrite] = []
            for index in 0..<30 {
                writes.append(.authorized(session(String(format: "twag:%02d", index), imsi: index % 3 == 0 ? "001010000000001" : "001010000000002",
                                                  client: index < 10 ? "10.0.0.1" : "10.0.0.2", at: base.addingTimeInterval(Double(index)))))
            }
            _ = try await store.commit(writes)
            _ = try await store.commit([
                .accounting(accounting(.start, class: "twag:00", fingerprint: "a")),
                .accounting(accounting(.stop, class: "twag:00", output: 4_000_000, fingerprint: "b")),
            ])

            let all = try await store.sessions(matching: SessionFilter(), limit: 10)
            XCTAssertEqual(all.total, 30)
            XCTAssertEqual(all.sessions.map(\.sessionClass).first, "twag:29", "newest first")
            let lastPage = try await store.sessions(matching: SessionFilter(), limit: 10, offset: 25)
            XCTAssertEqual(lastPage.sessions.count, 5)

            let t1 = try await total(store, SessionFilter(imsi: "001010000000001"))
            XCTAssertEqual(t1, 10)
            let t2 = try await total(store, SessionFilter(accessPoint: "10.0.0.1"))
            XCTAssertEqual(t2, 10)
            let t3 = try await total(store, SessionFilter(accessPoint: "AA-BB-CC"))
            XCTAssertEqual(t3, 30, "AP MAC prefix")
            let t4 = try await total(store, SessionFilter(accessPoint: "%"))
            XCTAssertEqual(t4, 0, "LIKE wildcards match themselves")
            let t5 = try await total(store, SessionFilter(accessPoint: "' OR 1=1 --"))
            XCTAssertEqual(t5, 0)
            let t6 = try await total(store, SessionFilter(liveness: .ended))
            XCTAssertEqual(t6, 1)
            let t7 = try await total(store, SessionFilter(liveness: .live))
            XCTAssertEqual(t7, 29)
            let window = SessionFilter(since: base.addingTimeInterval(5), until: base.addingTimeInterval(8))
            let windowed = try await store.sessions(matching: window).sessions.map(\.sessionClass)
            XCTAssertEqual(windowed, ["twag:07", "twag:06", "twag:05"])

            let totals = try await store.usageTotals(matching: SessionFilter(imsi: "001010000000001"))
            XCTAssertEqual(totals.sessions, 10)
            XCTAssertEqual(totals.active, 9)
            XCTAssertEqual(totals.downloadOctets, 4_000_000)
            XCTAssertEqual(totals.uploadOctets, 2_000_000)
            let none = try await store.usageTotals(matching: SessionFilter(imsi: "999990000000000"))
            XCTAssertEqual(none.sessions, 0)

            let byClass = try await store.sessions(classes: (0..<700).map { String(format: "twag:%02d", $0) })
            XCTAssertEqual(byClass.count, 30, "classes are looked up in chunks")
        }
    }

    func total(_ store: any SessionStore, _ filter: SessionFilter) async throws -> Int {
        try await store.sessions(matching: filter).total
    }

    func testAccessPointsAreEmptyUntilAFrontendMadeTheTable() async throws {
        try await forEachEngine { store in
            let points = try await store.accessPoints()
            XCTAssertEqual(points, [])
        }
    }
}
