import Foundation
import Logging
import PostgresNIO
import PostgresStore
import SessionStore
import TestSupport
import XCTest

/// What only the PostgreSQL engine has to show: several nodes and writers on one database, its
/// outages, and the accounting watermark (the shared semantics run on both engines elsewhere).
final class PostgresSessionStoreTests: XCTestCase {
    let logger = Logger(label: "postgres-session-store-test")

    private func open(_ url: String, node: String, timeout: Duration = .seconds(5)) async throws -> PostgresSessionStore {
        let store = PostgresSessionStore(location: try PostgresLocation(url: url), nodeID: node, maximumConnections: 4,
                                         requestTimeout: timeout, logger: logger)
        let ready = await store.waitUntilReady(timeout: .seconds(60))
        XCTAssertTrue(ready)
        return store
    }

    func testTwoNodesShareSessionsRegistrationAndAccounting() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let a = try await open(url, node: "node-a")
        let b = try await open(url, node: "node-b")
        _ = try await a.commit([.authorized(session("x1", registered: true)),
                                .authorized(session("x3", registered: true, station: "02-00-00-00-00-03"))])
        // The AP failed over: node B stores accounting for node A's session, on A's row.
        let start = try await b.commit([.accounting(accounting(.start, class: "x1", output: 10, fingerprint: "s1"))])
        let row = try await b.session(class: "x1")
        XCTAssertEqual(row?.nodeID, "node-a")
        XCTAssertEqual(start, [.accounting(.stored(recordID: 1, sessionID: try XCTUnwrap(row?.id)))])
        XCTAssertEqual(row?.acctSessionID, "ACCT-1")

        // Node B's own session of the same subscriber.
        _ = try await b.commit([.authorized(session("x2", registered: true, station: "02-00-00-00-00-02"))])
        let x2 = try await a.session(class: "x2")
        XCTAssertEqual(x2?.nodeID, "node-b")
        // x1 ends: other live registered sessions (x2 on B, x3 on A) keep the registration.
        _ = try await a.commit([.accounting(accounting(.stop, class: "x1", output: 20, fingerprint: "t1"))])
        let candidates = try await b.deregistrationCandidates(limit: 10)
        XCTAssertEqual(candidates.map(\.imsi), ["001010000000001"])
        XCTAssertEqual(candidates.first?.liveRegistrationRemains, true)
        // An RTR answered by node B returns the live sessions of both nodes.
        let live = try await b.registrationTerminated(imsi: "001010000000001")
        XCTAssertEqual(Set(live.map(\.nodeID)), ["node-a", "node-b"])
        XCTAssertEqual(Set(live.map(\.sessionClass)), ["x2", "x3"])
        let page = try await a.sessions(matching: SessionFilter(), limit: 10)
        XCTAssertEqual(page.total, 3, "every node's sessions")
        await a.close()
        await b.close()
    }

    func testConcurrentWritersOnTwoNodesLoseNothing() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let a = try await open(url, node: "node-a")
        let b = try await open(url, node: "node-b")
        let classes = (0..<20).map { "c\($0)" }
        _ = try await a.commit(classes.enumerated().map { .authorized(session($1, station: "02-00-00-00-00-\($0)")) })
        let writers = [SessionWriter(store: a), SessionWriter(store: b)]
        // Each record goes to both nodes (an AP retransmitting to its secondary server): the same
        // session rows are updated by two writers at once, and every record is stored once.
        let results = try await withThrowingTaskGroup(of: SessionWriteResult.self) { group in
            for index in 0..<300 {
                let entry = accounting(.interimUpdate, class: classes[index % classes.count], output: UInt64(index),
                                       fingerprint: "f\(index)")
                for writer in writers { group.addTask { try await writer.submit(.accounting(entry)) } }
            }
            var all: [SessionWriteResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        XCTAssertEqual(results.count, 600)
        XCTAssertEqual(results.filter { $0 == .accounting(.duplicate) }.count, 300)
        let records = try await a.accountingRecordCount()
        XCTAssertEqual(records, 300)
        let usage = try await b.sessionUsage(classes: classes)
        for row in usage {
            let index = Int(row.sessionClass.dropFirst())!
            let highest = stride(from: index, to: 300, by: 20).max()!
            XCTAssertEqual(row.outputOctets, Int64(highest), row.sessionClass)
        }
        await a.close()
        await b.close()
    }

    /// A record whose transaction is still open when a consumer reads must not be skipped once it
    /// commits, though its id is smaller than records committed meanwhile.
    func testAccountingWatermarkWaitsForOpenTransactions() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let store = try await open(url, node: "node-a")
        _ = try await store.commit([.authorized(session("slow")), .authorized(session("fast", station: "x"))])
        let cursor = try await store.latestAccountingRecordID()

        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration(maximumConnections: 1))
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        let (opened, openedSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let logger = self.logger
        let slow = Task {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                try await connection.query("""
                    SELECT * FROM twag_commit_writes(\(#"[{"kind":"accounting","received_at":1700000000,"frontend_id":"fe","client_ip":"10.0.0.1","status_type":3,"session_class":"slow","fingerprint":"aa"}]"#)::jsonb, 'node-a')
                    """, logger: logger)
                openedSignal.yield()
                for await _ in release { break }
                try await connection.query("COMMIT", logger: logger)
            }
        }
        for await _ in opened { break }
        _ = try await store.commit([.accounting(accounting(.interimUpdate, class: "fast", output: 1, fingerprint: "bb"))])
        var seen = try await store.sessionsWithAccounting(after: cursor)
        XCTAssertEqual(seen.classes, [], "the fast record is above the open transaction's watermark")
        releaseSignal.yield()
        try await slow.value
        seen = try await store.sessionsWithAccounting(after: seen.cursor)
        XCTAssertEqual(Set(seen.classes), ["slow", "fast"])
        let none = try await store.sessionsWithAccounting(after: seen.cursor)
        XCTAssertEqual(none.classes, [])
        await store.close()
    }

    func testUnreachableServerFailsWithinTheDeadline() async throws {
        let store = PostgresSessionStore(location: PostgresLocation(host: "127.0.0.1", port: 9, username: "twag", database: "twag",
                                                                    tls: .disable),
                                         nodeID: "node-a", requestTimeout: .milliseconds(300), logger: logger)
        let ready = await store.waitUntilReady(timeout: .seconds(1))
        XCTAssertFalse(ready)
        let started = ContinuousClock.now
        do {
            _ = try await store.commit([.authorized(session("lost"))])
            XCTFail("committed without a server")
        } catch {
            guard case .unavailable = error else { return XCTFail("\(error)") }
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
        XCTAssertFalse(store.availability.isAvailable)
        await store.close()
    }

    func testServerRestartIsRiddenThrough() async throws {
        let cluster = try PostgresTestCluster.start()
        defer { cluster.stop() }
        let store = try await open(cluster.url(), node: "node-a", timeout: .seconds(1))
        _ = try await store.commit([.authorized(session("before"))])
        try cluster.stopServer()
        do {
            _ = try await store.commit([.authorized(session("during", station: "y"))])
            XCTFail("committed while the server was down")
        } catch {
            guard case .unavailable = error else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(store.availability.isAvailable)
        try cluster.startServer()
        // The store notices the server is back by itself, without a caller (its probe).
        let noticed = ContinuousClock.now + .seconds(30)
        while !store.availability.isAvailable, ContinuousClock.now < noticed {
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertTrue(store.availability.isAvailable, "\(store.availability)")
        // The pool reconnects by itself; the caller retries as the AP would.
        let deadline = ContinuousClock.now + .seconds(30)
        var stored = false
        while !stored, ContinuousClock.now < deadline {
            do {
                _ = try await store.commit([.authorized(session("after", station: "z"))])
                stored = true
            } catch {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        XCTAssertTrue(stored)
        XCTAssertTrue(store.availability.isAvailable)
        let sessions = try await store.recentSessions(limit: 10)
        XCTAssertEqual(Set(sessions.map(\.sessionClass)), ["before", "after"])
        await store.close()
    }

    func testNULInAnAttributeDoesNotFailTheBatch() async throws {
        let store = try await makePostgresStore()
        var entry = accounting(.start, acctSessionID: "A\u{0}B", fingerprint: "n")
        entry.userName = "bad\u{0}user\"\\\u{1}"
        let results = try await store.commit([.authorized(session("ok")), .accounting(entry)])
        XCTAssertEqual(results.count, 2)
        let records = try await store.accountingRecordCount()
        XCTAssertEqual(records, 1)
        await store.close()
    }

    func testASilentNodesWorkIsTakenOverOnceAndOnlyThen() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let a = try await open(url, node: "node-a")
        let b = try await open(url, node: "node-b")
        let c = try await open(url, node: "node-c")
        for store in [a, b, c] {
            try await store.heartbeat(service: "aaa-core")
            try await store.heartbeat(service: "charging-agent")
        }
        _ = try await a.commit([.authorized(session("x1", registered: true))])
        _ = try await a.commit([.accounting(accounting(.stop, class: "x1", output: 1, fingerprint: "t"))])
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let records = ["g1", "g2", "g3"].map { name in
            ChargingRecord(sessionClass: name, gySessionID: "gy;\(name)", imsi: "001010000000001", userName: nil,
                           callingStationID: nil, calledStationID: nil, nasIP: nil, mode: "online", phase: "open",
                           state: Data([1, 2, 3]), createdAt: date, updatedAt: date)
        }
        try await a.writeCharging(inserts: records, updates: [], at: date)

        // Node A beats: its work stays its own.
        var candidates = try await b.deregistrationCandidates(limit: 10)
        XCTAssertEqual(candidates, [])
        candidates = try await a.deregistrationCandidates(limit: 10)
        XCTAssertEqual(candidates.map(\.imsi), ["001010000000001"])
        var claimed = try await b.takeOverChargingRecords(silentFor: .seconds(15))
        XCTAssertEqual(claimed, [])
        let own = try await a.openChargingRecords()
        XCTAssertEqual(own.count, 3)

        // Node A falls silent.
        _ = try await a.withClient { client in
            try await client.query("UPDATE twag_nodes SET last_seen = now() - interval '1 minute' WHERE node_id = 'node-a'")
        }
        candidates = try await b.deregistrationCandidates(limit: 10)
        XCTAssertEqual(candidates.map(\.imsi), ["001010000000001"], "node B deregisters for the silent node")
        async let byB = b.takeOverChargingRecords(silentFor: .seconds(15))
        async let byC = c.takeOverChargingRecords(silentFor: .seconds(15))
        let (fromB, fromC) = try await (byB, byC)
        XCTAssertEqual(Set((fromB + fromC).map(\.sessionClass)), ["g1", "g2", "g3"])
        XCTAssertEqual(fromB.count + fromC.count, 3, "each Gy session has one new owner")
        XCTAssertEqual((fromB + fromC).first?.state, Data([1, 2, 3]), "the stored state travels with it")
        claimed = try await b.openChargingRecords()
        XCTAssertEqual(claimed.count, fromB.count)
        let left = try await a.openChargingRecords()
        XCTAssertEqual(left, [])
        // Node A comes back with the sessions still in memory: its writes no longer land.
        let lost = try await a.updateCharging([("g1", "open", Data([9])), ("g2", "open", Data([9]))], at: date)
        XCTAssertEqual(lost, ["g1", "g2"])
        let g1 = try await b.chargingRecord(class: "g1")
        XCTAssertEqual(g1?.state, Data([1, 2, 3]), "the new owner's state stands")
        let owner = fromB.contains { $0.sessionClass == "g1" } ? b : c
        let kept = try await owner.updateCharging([("g1", "open", Data([7]))], at: date)
        XCTAssertEqual(kept, [])
        for store in [a, b, c] { await store.close() }
    }

    /// Four agents race for a dead node's Gy sessions, five times over: every row gets exactly one
    /// new owner (the claim must survive PostgreSQL re-checking rows another claimant just took).
    func testRacingClaimantsTakeEachRowOnce() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        var claimants: [PostgresSessionStore] = []
        for index in 0..<4 { claimants.append(try await open(url, node: "survivor-\(index)")) }
        for store in claimants { try await store.heartbeat(service: "charging-agent") }
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        for round in 0..<5 {
            let dead = try await open(url, node: "dead-\(round)")
            let rows = (0..<40).map { index in
                ChargingRecord(sessionClass: "r\(round)-\(index)", gySessionID: "gy;\(round);\(index)", imsi: "001010000000001",
                               userName: nil, callingStationID: nil, calledStationID: nil, nasIP: nil, mode: "online",
                               phase: "open", state: Data([UInt8(index)]), createdAt: date, updatedAt: date)
            }
            try await dead.writeCharging(inserts: rows, updates: [], at: date)
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for store in claimants {
                    group.addTask { try await store.takeOverChargingRecords(silentFor: .seconds(15)).map(\.sessionClass) }
                }
                var all: [String] = []
                for try await classes in group { all += classes }
                return all
            }
            XCTAssertEqual(claimed.count, 40, "round \(round): \(claimed.count) claims for 40 rows")
            XCTAssertEqual(Set(claimed).count, 40, "round \(round)")
            for store in claimants { try await store.heartbeat(service: "charging-agent") }
            await dead.close()
        }
        for store in claimants { await store.close() }
    }

    /// A write the server refuses (an Acct-Session-Id too long for its index; RADIUS caps attributes
    /// at 253 octets, so only a test can make one) fails alone: the writes batched with it commit.
    func testAWriteTheServerRefusesFailsAlone() async throws {
        let store = try await makePostgresStore()
        let writer = SessionWriter(store: store)
        _ = try await store.commit([.authorized(session("poisoned"))])
        let huge = (0..<4_000).map { _ in String(UInt8.random(in: 0...15), radix: 16) }.joined()
        let results = await withTaskGroup(of: (Int, Result<SessionWriteResult, SessionStoreError>).self) { group in
            for index in 0..<20 {
                group.addTask {
                    do throws(SessionStoreError) {
                        return (index, .success(try await writer.submit(.authorized(session("ok\(index)", station: "\(index)")))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            group.addTask {
                do throws(SessionStoreError) {
                    return (-1, .success(try await writer.submit(.accounting(accounting(.start, class: "poisoned", acctSessionID: huge,
                                                                                          fingerprint: "p")))))
                } catch {
                    return (-1, .failure(error))
                }
            }
            var all: [Int: Result<SessionWriteResult, SessionStoreError>] = [:]
            for await (index, result) in group { all[index] = result }
            return all
        }
        guard case .failure(.database)? = results[-1] else { return XCTFail("the oversized write: \(String(describing: results[-1]))") }
        for index in 0..<20 {
            guard case .success? = results[index] else { return XCTFail("write \(index): \(String(describing: results[index]))") }
        }
        XCTAssertLessThan(writer.transactions, 21, "writes submitted together shared batches")
        let stored = try await store.recentSessions(limit: 100)
        XCTAssertEqual(stored.count, 21)
        await store.close()
    }
}
