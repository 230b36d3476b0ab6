import Foundation
import SessionStore
import XCTest

final class SessionStoreStaleTests: XCTestCase {
    func testSilentStartedSessionsEndAndUnstartedOnesOnlyWithACutoff() async throws {
        try await forEachEngine { store in
            let accepted = Date(timeIntervalSince1970: 1_700_000_000)
            _ = try await store.commit([
                .authorized(session("twag:silent", at: accepted)),
                .authorized(session("twag:unstarted", station: "02-00-00-00-00-02", at: accepted)),
                .accounting(accounting(.start, class: "twag:silent", fingerprint: "start")),  // received at +100 s
            ])
            // 50 s after the Start: nothing is stale yet.
            var ended = try await store.expireStaleSessions(activeBefore: accepted.addingTimeInterval(50), unstartedBefore: nil)
            XCTAssertEqual(ended, 0)
            ended = try await store.expireStaleSessions(activeBefore: accepted.addingTimeInterval(200), unstartedBefore: nil)
            XCTAssertEqual(ended, 1)
            let silent = try await store.session(class: "twag:silent")
            XCTAssertEqual(silent?.endCause, "Stale (no accounting update)")
            var unstarted = try await store.session(class: "twag:unstarted")
            XCTAssertEqual(unstarted?.isLive, true, "an AP without accounting keeps its sessions without a cutoff")
            ended = try await store.expireStaleSessions(activeBefore: accepted, unstartedBefore: accepted.addingTimeInterval(1))
            XCTAssertEqual(ended, 1)
            unstarted = try await store.session(class: "twag:unstarted")
            XCTAssertEqual(unstarted?.isLive, false)
        }
    }
}

final class SessionStoreRetentionTests: XCTestCase {
    func testPruneDeletesOldRecordsAndEndedSessionsButKeepsWhatIsStillOwed() async throws {
        try await forEachEngine { store in
            let old = Date(timeIntervalSince1970: 1_700_000_000)
            // Ended and deregistered: goes. Ended but still owing its SAR: stays. Live: stays.
            var stop = accounting(.stop, class: "twag:old", fingerprint: "stop-old")
            stop.receivedAt = old
            _ = try await store.commit([.authorized(session("twag:old", at: old)), .accounting(stop),
                                        .authorized(session("twag:owed", imsi: "001010000000002", registered: true, at: old)),
                                        .authorized(session("twag:live", imsi: "001010000000003", at: old))])
            var owedStop = accounting(.stop, class: "twag:owed", acctSessionID: "2", fingerprint: "stop-owed")
            owedStop.receivedAt = old
            _ = try await store.commit([.accounting(owedStop)])
            let cutoff = old.addingTimeInterval(86_400)
            var deleted = try await store.prune(before: cutoff, batch: 1)
            XCTAssertEqual(deleted.records, 2)
            XCTAssertEqual(deleted.sessions, 1)
            let remaining = try await store.recentSessions().map(\.sessionClass).sorted()
            XCTAssertEqual(remaining, ["twag:live", "twag:owed"])
            let records = try await store.accountingRecordCount()
            XCTAssertEqual(records, 0)
            deleted = try await store.prune(before: cutoff)
            XCTAssertEqual(deleted.records + deleted.sessions, 0)
        }
    }
}
