import Foundation
import MetricsTestKit
import RADIUSFrontend
import SessionStore
import XCTest

final class AccessPointStoreTests: XCTestCase {
    func testRowFieldsClientCountAndWAL() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteAccessPointStore(path: dir.appendingPathComponent("twag.sqlite").path)
        let journal = try await store.journalMode()
        XCTAssertEqual(journal, "wal")
        let o = AccessPointObservation(packet: TestData.accessRequest(), client: TestData.apIP)
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        let created = try await store.apply([AccessPointWrite(observation: o, firstSeen: t0, lastSeen: t0, newStations: [])])
        XCTAssertEqual(created, [o.key])
        let again = try await store.apply([AccessPointWrite(observation: o, firstSeen: t0.addingTimeInterval(5), lastSeen: t0.addingTimeInterval(5),
                                                            newStations: ["02-00-00-00-00-01", "02-00-00-00-00-02"])])
        XCTAssertEqual(again, [AccessPointKey]())
        _ = try await store.apply([AccessPointWrite(observation: o, firstSeen: t0, lastSeen: t0.addingTimeInterval(3),
                                                    newStations: ["02-00-00-00-00-01"])])
        let rows = try await store.all()
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row.nasIP, "10.7.15.72")
        XCTAssertEqual(row.apMAC, "64-D9-89-1D-A4-20")
        XCTAssertEqual(row.ssid, "ONS")
        XCTAssertEqual(row.calledStationID, "64-D9-89-1D-A4-20:ONS")
        XCTAssertEqual(row.nasIdentifier, "ap-lobby")
        XCTAssertEqual(row.nasPortType, 19)
        XCTAssertEqual(row.framedMTU, 1400)
        XCTAssertEqual(row.sourceIP, "127.0.0.1")
        XCTAssertEqual(row.firstSeen.timeIntervalSince1970, t0.timeIntervalSince1970, accuracy: 0.01)
        XCTAssertEqual(row.lastSeen.timeIntervalSince1970, t0.timeIntervalSince1970 + 5, accuracy: 0.01, "last_seen never moves back")
        XCTAssertEqual(row.clientCount, 2, "distinct stations")
        let count = try await store.count()
        XCTAssertEqual(count, 1)

        // A second instance opening the same file (migrations already applied) sees the same rows.
        let other = try SQLiteAccessPointStore(path: dir.appendingPathComponent("twag.sqlite").path)
        let otherCount = try await other.count()
        XCTAssertEqual(otherCount, 1)
    }

    /// The frontend's registry writes through the session store's connections (one writer per
    /// process on the file), its tables migrated beside the sessions on a new file.
    func testTheRegistrySharesTheSessionStoresConnections() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sessions = try SQLiteSessionStore(path: dir.appendingPathComponent("twag.sqlite").path)
        let store = try SQLiteAccessPointStore(sharing: sessions)
        XCTAssertTrue(store.sharesConnections(with: sessions))
        let o = AccessPointObservation(packet: TestData.accessRequest(), client: TestData.apIP)
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        let created = try await store.apply([AccessPointWrite(observation: o, firstSeen: t0, lastSeen: t0,
                                                              newStations: ["02-00-00-00-00-01"])])
        XCTAssertEqual(created, [o.key])
        let live = try await sessions.liveSessionCount()
        XCTAssertEqual(live, 0, "the session tables are there too")

        // Another process (its own pool) sees the rows; sharing again applies no migration twice.
        let other = try SQLiteAccessPointStore(path: dir.appendingPathComponent("twag.sqlite").path)
        let rows = try await other.all()
        XCTAssertEqual(rows.map(\.clientCount), [1])
        XCTAssertNoThrow(try SQLiteAccessPointStore(sharing: sessions))
    }

    func testRegistryCoalescesAndCounts() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteAccessPointStore(path: dir.appendingPathComponent("twag.sqlite").path)
        let testMetrics = TestMetrics()
        let clock = TestClock()
        let registry = AccessPointRegistry(store: store, logger: TestData.logger, metrics: FrontendMetrics(factory: testMetrics),
                                           clock: { clock.now }, wallClock: { clock.date })
        let o = AccessPointObservation(packet: TestData.accessRequest(), client: TestData.apIP)
        registry.observe(o)
        await registry.flush()
        let firstSeen = try await store.all().first?.lastSeen
        for _ in 0..<5 {
            clock.advance(.milliseconds(100))
            registry.observe(o)
            await registry.flush()
        }
        let held = try await store.all().first?.lastSeen
        XCTAssertEqual(held, firstSeen, "no last_seen write within the second")
        clock.advance(.milliseconds(500))
        registry.recordAccept(station: "02-00-00-00-00-01", on: o)
        await registry.flush()
        let row = try await XCTUnwrapAsync(await store.all().first)
        XCTAssertEqual(row.lastSeen.timeIntervalSince1970, clock.date.timeIntervalSince1970, accuracy: 0.01)
        XCTAssertEqual(row.clientCount, 1)
        await registry.refreshCount()
        XCTAssertEqual(try testMetrics.expectGauge("radius_access_points_count").lastValue, 1)
    }
}

func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let v = try await value()
    return try XCTUnwrap(v, file: file, line: line)
}
