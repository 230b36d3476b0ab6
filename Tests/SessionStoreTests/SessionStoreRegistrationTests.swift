import Foundation
import SessionStore
import XCTest

final class SessionStoreRegistrationTests: XCTestCase {
    func testEndedRegisteredSessionBecomesACandidate() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([.authorized(session("twag:r1", registered: true)),
                                        .authorized(session("twag:n1", imsi: "001010000000002"))])
            var candidates = try await store.deregistrationCandidates()
            XCTAssertTrue(candidates.isEmpty, "a live session is not a candidate")
            _ = try await store.commit([.accounting(accounting(.stop, class: "twag:r1", fingerprint: "stop"))])
            _ = try await store.commit([.accounting(accounting(.stop, class: "twag:n1", acctSessionID: "2", fingerprint: "stop2"))])
            candidates = try await store.deregistrationCandidates()
            XCTAssertEqual(candidates.map(\.imsi), ["001010000000001"], "unregistered sessions need no SAR")
            XCTAssertEqual(candidates.first?.liveRegistrationRemains, false)
            XCTAssertEqual(candidates.first?.servingHSS, "hss.lab.twag")

            try await store.recordRegistrationAttempt(sessionIDs: candidates[0].sessionIDs)
            candidates = try await store.deregistrationCandidates()
            XCTAssertEqual(candidates.first?.attempts, 1)
            try await store.setRegistration(.deregistered, sessionIDs: candidates[0].sessionIDs)
            candidates = try await store.deregistrationCandidates()
            XCTAssertTrue(candidates.isEmpty)
            let row = try await store.session(class: "twag:r1")
            XCTAssertEqual(row?.registration, .deregistered)
        }
    }

    func testAnotherLiveRegisteredSessionKeepsTheRegistration() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([.authorized(session("twag:a", registered: true)),
                                        .authorized(session("twag:b", registered: true, station: "02-00-00-00-00-09"))])
            _ = try await store.commit([.accounting(accounting(.stop, class: "twag:a", fingerprint: "s"))])
            let candidates = try await store.deregistrationCandidates()
            XCTAssertEqual(candidates.count, 1)
            XCTAssertEqual(candidates.first?.liveRegistrationRemains, true)
        }
    }

    func testRegistrationTerminationClearsDueSARsAndReturnsLiveSessions() async throws {
        try await forEachEngine { store in
            _ = try await store.commit([.authorized(session("twag:e", registered: true)),
                                        .authorized(session("twag:l", registered: true, station: "02-00-00-00-00-07")),
                                        .authorized(session("twag:o", imsi: "001010000000003", registered: true))])
            _ = try await store.commit([.accounting(accounting(.stop, class: "twag:e", fingerprint: "s"))])
            let live = try await store.registrationTerminated(imsi: "001010000000001")
            XCTAssertEqual(live.map(\.sessionClass), ["twag:l"])
            let candidates = try await store.deregistrationCandidates()
            XCTAssertTrue(candidates.isEmpty, "the HSS already ended the registration: no SAR")
            let other = try await store.session(class: "twag:o")
            XCTAssertEqual(other?.registration, .registered, "other subscribers untouched")
            let ended = try await store.session(class: "twag:e")
            XCTAssertEqual(ended?.registration, .hssTerminated)
        }
    }

    func testEndSessionAfterNAK() async throws {
        try await forEachEngine { store in
            let result = try await store.commit([.authorized(session("twag:k"))])
            guard case .authorized(let id) = result[0] else { return XCTFail() }
            try await store.endSession(id: id, cause: "Disconnect-NAK Session-Context-Not-Found", at: Date())
            let row = try await store.session(class: "twag:k")
            XCTAssertEqual(row?.isLive, false)
            XCTAssertEqual(row?.endCause, "Disconnect-NAK Session-Context-Not-Found")
        }
    }
}
