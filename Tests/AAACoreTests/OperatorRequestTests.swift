@testable import AAACore
import EAPAKA
import Foundation
import IPC
import IPCTransport
import Logging
import Milenage
import OperatorStatus
import SessionStore
import XCTest

/// aaa-core's answers to the operator surface: the journal behind the "RADIUS clients" view, the
/// status report (trimmed to one frame), the Diameter test and the operator's disconnect.
final class OperatorRequestTests: XCTestCase {
    func phone(_ identity: String = Subscriber.akaPrimeIdentity, k: [UInt8] = Subscriber.k) throws -> SimulatedPhone {
        try SimulatedPhone(k: k, opc: Subscriber.opc, identity: identity, sequence: USIMSequenceState())
    }

    func makeStore() throws -> (any SessionStore, String) {
        let directory = NSTemporaryDirectory() + "twag-operator-\(UUID().uuidString)"
        return (try SQLiteSessionStore(path: directory + "/twag.sqlite"), directory)
    }

    func testTheJournalKeepsTheLatestOutcomePerSubscriber() async throws {
        var harness = EngineHarness(hss: try Subscriber.hss())
        var accepted = try phone()
        _ = try await harness.run(&accepted)
        let events = harness.engine.journal.latest()
        XCTAssertEqual(events.count, 1, "the challenge and the Accept are one line")
        XCTAssertEqual(events.first?.state, .accepted)
        XCTAssertEqual(events.first?.imsi, Subscriber.imsi)
        XCTAssertEqual(events.first?.identity, "user")
        XCTAssertEqual(events.first?.accessPoint, "192.0.2.10", "the AP without its source port")
        XCTAssertNotNil(events.first?.sessionClass)

        var wrongKey = try phone(k: Array(repeating: 0x55, count: 16))
        _ = try await harness.run(&wrongKey)
        let after = harness.engine.journal.latest()
        XCTAssertEqual(after.count, 1)
        XCTAssertEqual(after.first?.state, .rejected, "the newest outcome replaces the older")
        XCTAssertNotNil(after.first?.reason)
    }

    func testTheJournalIsBounded() {
        let journal = AuthenticationJournal(capacity: 100)
        let start = Date()
        for index in 0..<1_000 {
            journal.record(AuthenticationEvent(identity: "id\(index)", imsi: String(format: "0010100000%05d", index), state: .accepted,
                                               accessPoint: nil, callingStationID: nil, at: start.addingTimeInterval(Double(index))))
        }
        XCTAssertLessThanOrEqual(journal.count, 200)
        XCTAssertEqual(journal.latest(limit: 1).first?.identity, "id999")
        XCTAssertEqual(journal.latest(limit: 100).count, 100)
    }

    func handler(_ harness: EngineHarness, store: any SessionStore, frontend: FakeFrontend, maximumFrameBytes: Int = 65_536)
        -> OperatorRequestHandler
    {
        OperatorRequestHandler(
            sources: .init(instance: "core-1", startedAt: Date(), configuration: "radius:\n  secret: \"***\"\n",
                           diameterPeers: { [] }, frontends: { [] }, details: [:], maximumFrameBytes: maximumFrameBytes),
            table: harness.engine.table, journal: harness.engine.journal, vectorSource: harness.hss, store: store,
            disconnects: frontend, logger: Logger(label: "test"))
    }

    func testStatusIsTrimmedToOneFrame() async throws {
        let harness = EngineHarness(hss: try Subscriber.hss())
        for index in 0..<1_000 {
            harness.engine.journal.record(AuthenticationEvent(
                identity: String(repeating: "x", count: 100) + "\(index)", imsi: String(format: "0010100000%05d", index),
                state: .rejected, reason: "user unknown", accessPoint: "192.0.2.1:1812", callingStationID: "02-00-00-00-00-01",
                at: Date()))
        }
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let requests = handler(harness, store: store, frontend: FakeFrontend { _ in .acknowledged }, maximumFrameBytes: 16_384)
        let reply = await requests.handle(IPCFrame(type: .statusRequest, correlationID: 7))
        XCTAssertEqual(reply.type, .statusResult)
        XCTAssertLessThanOrEqual(reply.encoded().count, 16_384)
        let status = try reply.document(ServiceStatus.self, expecting: .statusResult)
        XCTAssertEqual(status.service, "aaa-core")
        XCTAssertGreaterThan(status.recentAuthentications.count, 10)
        XCTAssertLessThan(status.recentAuthentications.count, 1_000)
        XCTAssertGreaterThan(status.resources.residentBytes, 0)
    }

    func testDiameterTestReportsTheHSSAnswer() async throws {
        let harness = EngineHarness(hss: try Subscriber.hss())
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let requests = handler(harness, store: store, frontend: FakeFrontend { _ in .acknowledged })

        let known = await requests.handle(IPCFrame(type: .diameterTest, correlationID: 1, fields: [
            IPCField(.imsi, string: Subscriber.imsi), IPCField(.akaScheme, string: "aka"),
        ]))
        let report = try known.document(DiameterTestReport.self, expecting: .diameterTestResult)
        XCTAssertEqual(report.resultCode, 2001)
        XCTAssertEqual(report.outcome, "success")
        XCTAssertEqual(report.vectorCount, 1)
        XCTAssertEqual(report.scheme, "EAP-AKA")

        let unknown = await requests.handle(IPCFrame(type: .diameterTest, correlationID: 2, fields: [
            IPCField(.imsi, string: "001019999999999"),
        ]))
        let missing = try unknown.document(DiameterTestReport.self, expecting: .diameterTestResult)
        XCTAssertEqual(missing.resultCode, 5001)
        XCTAssertEqual(missing.outcome, "user_unknown")

        let hostile = await requests.handle(IPCFrame(type: .diameterTest, correlationID: 3, fields: [
            IPCField(.imsi, string: "1; DROP TABLE"),
        ]))
        XCTAssertEqual(hostile.type, .error)
        let empty = await requests.handle(IPCFrame(type: .operatorDisconnect, correlationID: 4))
        XCTAssertEqual(empty.type, .error, "a disconnect names a session or an IMSI")
    }

    func testOperatorDisconnectGoesThroughTheFrontendThatServedTheSession() async throws {
        let harness = EngineHarness(hss: try Subscriber.hss())
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await store.commit([.authorized(AuthorizedSession(
            sessionClass: "twag:0011223344556677", imsi: Subscriber.imsi, userName: "user", callingStationID: "02-00-00-00-00-01",
            calledStationID: "AA-BB-CC-DD-EE-FF:TWAG", nasIP: "192.0.2.10", nasIdentifier: "ap", clientIP: "192.0.2.10",
            frontendID: "fe-7", servingHSS: nil, hssRegistered: false, acceptedAt: Date()))])
        let frontend = FakeFrontend { _ in .refused(errorCause: 503) }
        let requests = handler(harness, store: store, frontend: frontend)
        let reply = await requests.handle(IPCFrame(type: .operatorDisconnect, correlationID: 9, fields: [
            IPCField(.imsi, string: Subscriber.imsi),
        ]))
        let report = try reply.document(DisconnectReport.self, expecting: .operatorDisconnectResult)
        XCTAssertEqual(report.entries.map(\.outcome), ["nak"])
        XCTAssertEqual(report.entries.first?.detail, "Error-Cause 503")
        let sent = await frontend.requests
        XCTAssertEqual(sent.map(\.frontend), ["fe-7"])
        XCTAssertEqual(sent.first?.request.cause, "operator request")
        let row = try await store.session(class: "twag:0011223344556677")
        XCTAssertEqual(row?.isLive, false, "Session-Context-Not-Found ends the row")
    }
}
