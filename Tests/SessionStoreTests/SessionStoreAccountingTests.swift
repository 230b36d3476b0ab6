import Foundation
import SessionStore
import XCTest

final class SessionStoreAccountingTests: XCTestCase {
    func testWALAndSessionLifecycleByClass() async throws {
        try await forEachEngine { store in
            if let sqlite = store as? SQLiteSessionStore {
                let mode = try await sqlite.journalMode()
                XCTAssertEqual(mode, "wal")
            }
            let results = try await store.commit([
                .authorized(session("twag:01")),
                .accounting(accounting(.start, class: "twag:01", fingerprint: "a")),
                .accounting(accounting(.interimUpdate, class: "twag:01", output: 5_000_000_000, fingerprint: "b")),
            ])
            guard case .authorized(let id) = results[0] else { return XCTFail("\(results)") }
            XCTAssertEqual(results[1], .accounting(.stored(recordID: 1, sessionID: id)))
            var row = try await store.session(class: "twag:01")
            XCTAssertEqual(row?.acctSessionID, "ACCT-1")
            XCTAssertEqual(row?.outputOctets, 5_000_000_000)
            XCTAssertNotNil(row?.startedAt)
            XCTAssertEqual(row?.isLive, true)
            var count = try await store.liveSessionCount()
            XCTAssertEqual(count, 1)

            // A late interim with smaller counters does not undo the newer one; Stop ends the session.
            _ = try await store.commit([
                .accounting(accounting(.interimUpdate, class: "twag:01", output: 1_000, fingerprint: "c")),
                .accounting(accounting(.stop, class: "twag:01", output: 6_000_000_000, fingerprint: "d")),
            ])
            row = try await store.session(class: "twag:01")
            XCTAssertEqual(row?.outputOctets, 6_000_000_000)
            XCTAssertEqual(row?.endCause, "User-Request")
            XCTAssertEqual(row?.isLive, false)
            count = try await store.liveSessionCount()
            XCTAssertEqual(count, 0)
            let records = try await store.accountingRecordCount()
            XCTAssertEqual(records, 4)
        }
    }

    func testSameRecordTwiceIsStoredOnce() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([.authorized(session("twag:02"))])
            let first = try await store.commit([.accounting(accounting(.start, class: "twag:02", fingerprint: "same"))])
            let again = try await store.commit([.accounting(accounting(.start, class: "twag:02", fingerprint: "same"))])
            XCTAssertNotEqual(first, [.accounting(.duplicate)])
            XCTAssertEqual(again, [.accounting(.duplicate)])
            let records = try await store.accountingRecordCount()
            XCTAssertEqual(records, 1)
        }
    }

    /// Records of no session (Accounting-On/Off, unmatched) are deduplicated by fingerprint alone;
    /// matched ones by session and fingerprint.
    func testUnmatchedRecordTwiceIsStoredOnce() async throws {
        try await forEachEngine { store in
            let on = accounting(.accountingOn, acctSessionID: nil, fingerprint: "boot", nasIdentifier: "ap-1")
            let first = try await store.commit([.accounting(on)])
            let again = try await store.commit([.accounting(on)])
            XCTAssertNotEqual(first, [.accounting(.duplicate)])
            XCTAssertEqual(again, [.accounting(.duplicate)])
            let unmatched = accounting(.interimUpdate, acctSessionID: "NOBODY", fingerprint: "lost")
            let stored = try await store.commit([.accounting(unmatched), .accounting(unmatched)])
            guard case .accounting(.stored(_, sessionID: nil)) = stored[0] else { return XCTFail("\(stored)") }
            XCTAssertEqual(stored[1], .accounting(.duplicate))
            let records = try await store.accountingRecordCount()
            XCTAssertEqual(records, 2)
        }
    }

    func testMatchingWithoutClass() async throws {
        try await forEachEngine { store in
            let user = "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org"
            _ = try await store.commit([.authorized(session("twag:03"))])
            // No Class: the newest unstarted live session of that user and station at that AP.
            let start = try await store.commit([.accounting(accounting(.start, acctSessionID: "X-1", fingerprint: "s",
                                                                        user: user, station: "02-00-00-00-00-01"))])
            guard case .accounting(.stored(_, let matched?)) = start[0] else { return XCTFail("\(start)") }
            // Then by Acct-Session-Id from the same AP.
            let stop = try await store.commit([.accounting(accounting(.stop, acctSessionID: "X-1", fingerprint: "t"))])
            XCTAssertEqual(stop, [.accounting(.stored(recordID: 2, sessionID: matched))])
            // Another AP's Acct-Session-Id of the same value matches nothing.
            let other = try await store.commit([.accounting(accounting(.stop, acctSessionID: "X-1", client: "10.0.0.9",
                                                                        fingerprint: "u"))])
            XCTAssertEqual(other, [.accounting(.stored(recordID: 3, sessionID: nil))])
        }
    }

    /// The first Acct-Session-Id a session's records carry is kept: later records without one, or
    /// with another, change its counters only, and an AP that drops Class finds it by the first.
    func testTheFirstAcctSessionIdStaysWithTheSession() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([
                .authorized(session("twag:20")),
                .accounting(accounting(.interimUpdate, class: "twag:20", acctSessionID: nil, output: 1_000, fingerprint: "a")),
            ])
            var row = try await store.session(class: "twag:20")
            XCTAssertNil(row?.acctSessionID)
            XCTAssertEqual(row?.outputOctets, 1_000)
            _ = try await store.commit([
                .accounting(accounting(.interimUpdate, class: "twag:20", acctSessionID: "FIRST", output: 2_000, fingerprint: "b")),
                .accounting(accounting(.interimUpdate, class: "twag:20", acctSessionID: "SECOND", output: 3_000, fingerprint: "c")),
                .accounting(accounting(.interimUpdate, class: "twag:20", acctSessionID: nil, output: 4_000, fingerprint: "d")),
            ])
            row = try await store.session(class: "twag:20")
            XCTAssertEqual(row?.acctSessionID, "FIRST")
            XCTAssertEqual(row?.outputOctets, 4_000)
            let byFirst = try await store.commit([.accounting(accounting(.stop, acctSessionID: "FIRST", output: 5_000,
                                                                          fingerprint: "e"))])
            guard case .accounting(.stored(_, sessionID: let matched?)) = byFirst[0] else { return XCTFail("\(byFirst)") }
            XCTAssertEqual(matched, row?.id)
            row = try await store.session(class: "twag:20")
            XCTAssertEqual(row?.outputOctets, 5_000)
            XCTAssertEqual(row?.isLive, false)
        }
    }

    func testAccountingOnEndsTheSessionsOfThatNASOnly() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([
                .authorized(session("twag:10")), .authorized(session("twag:11", station: "02-00-00-00-00-02")),
                .authorized(session("twag:12", client: "10.0.0.2")),
            ])
            let result = try await store.commit([.accounting(accounting(.accountingOn, acctSessionID: nil, fingerprint: "on",
                                                                         nasIdentifier: "ap-1"))])
            XCTAssertEqual(result, [.accounting(.nasRestart(recordID: 1, endedSessions: 2))])
            let live = try await store.liveSessionCount()
            XCTAssertEqual(live, 1)
            let ended = try await store.session(class: "twag:10")
            XCTAssertEqual(ended?.endCause, "Accounting-On")
        }
    }

    /// `database_commit_delay_us` holds a transaction open only while writes arrive back to back:
    /// a lone write on a quiet writer commits at once however long the delay.
    func testCommitDelayDoesNotHoldALoneWrite() async throws {
        let directory = NSTemporaryDirectory() + "twag-delay-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteSessionStore(path: directory + "/twag.sqlite")
        let writer = SessionWriter(store: store, commitDelay: .seconds(1))
        let started = ContinuousClock.now
        _ = try await writer.submit(.authorized(session("twag:lone")))
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(500))
        // A burst still commits in full, sharing transactions.
        let results = try await submitTogether(200, sessionsNamed: "twag:burst", to: writer)
        XCTAssertEqual(Set(results.map { "\($0)" }).count, 200)
        XCTAssertLessThan(writer.transactions, 100)
        let sessions = try await store.recentSessions(limit: 1000)
        XCTAssertEqual(sessions.count, 201)
    }

    func testWriterGroupsConcurrentWritesAndAnswersEach() async throws {
        try await forEachEngine { store in
            let writer = SessionWriter(store: store)
            let results = try await submitTogether(300, sessionsNamed: "twag:g", to: writer)
            XCTAssertEqual(results.count, 300)
            XCTAssertEqual(Set(results.map { "\($0)" }).count, 300, "every write got its own row")
            let transactions = writer.transactions
            XCTAssertLessThan(transactions, 300, "writes submitted together share transactions")
            let sessions = try await store.recentSessions(limit: 1000)
            XCTAssertEqual(sessions.count, 300)
        }
    }

    /// `count` session rows submitted concurrently, each from its own task.
    private func submitTogether(_ count: Int, sessionsNamed prefix: String,
                                to writer: SessionWriter) async throws -> [SessionWriteResult] {
        try await withThrowingTaskGroup(of: SessionWriteResult.self) { group in
            for index in 0..<count {
                group.addTask { try await writer.submit(.authorized(session("\(prefix)\(index)"))) }
            }
            var all: [SessionWriteResult] = []
            for try await result in group { all.append(result) }
            return all
        }
    }
}
