@testable import AAACore
import Diameter
import Foundation
import IPC
import IPCTransport
import MetricsTestKit
import NAI
import SessionStore
import TestSupport
import XCTest

/// Deregistration when the last session ends, and disconnects after an RTR, against a real SQLite
/// store and fake HSS / frontend transports.
final class SessionEndTests: XCTestCase {
    static let imsi = "001010000000001"

    func makeStore() throws -> (any SessionStore, String) {
        let directory = NSTemporaryDirectory() + "twag-aaa-session-end-\(UUID().uuidString)"
        return (try SQLiteSessionStore(path: directory + "/twag.sqlite"), directory)
    }

    func session(_ sessionClass: String, imsi: String = SessionEndTests.imsi, registered: Bool = true,
                 station: String = "02-00-00-00-00-01") -> AuthorizedSession {
        AuthorizedSession(sessionClass: sessionClass, imsi: imsi, userName: "0\(imsi)@wlan.mnc001.mcc001.3gppnetwork.org",
                          callingStationID: station, calledStationID: "AA-BB-CC-DD-EE-FF:TWAG", nasIP: "10.0.0.1",
                          nasIdentifier: "ap-1", clientIP: "10.0.0.1", frontendID: "fe-1", servingHSS: "hss.lab.twag",
                          hssRegistered: registered, acceptedAt: Date())
    }

    func stop(_ sessionClass: String) -> SessionWrite {
        var entry = AccountingEntry(receivedAt: Date(), frontendID: "fe-1", clientIP: "10.0.0.1",
                                    statusType: AccountingStatus.stop.rawValue, fingerprint: Array(sessionClass.utf8))
        entry.sessionClass = sessionClass
        entry.terminateCauseName = "User-Request"
        return .accounting(entry)
    }

    // MARK: SAR USER_DEREGISTRATION

    func testUserDeregistrationSARContents() async throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in request.answer(resultCode: 2001) }
        let registrar = SWxServerAssignmentRegistrar(
            transport: transport, originHost: "aaa.lab.twag", originRealm: "lab.twag", destinationRealm: nil, mncLength: 2)
        try await registrar.deregister(imsi: try IMSI(Self.imsi), servingHSS: "hss.lab.twag")
        let requests = await transport.requests
        let sar = try XCTUnwrap(requests.first)
        XCTAssertEqual(sar.command, .serverAssignment)
        XCTAssertEqual(try sar.first(code: DiameterAVPCode.serverAssignmentType, vendor: DiameterVendor.threeGPP)?.enumerated(),
                       SWxServerAssignmentType.userDeregistration)
        XCTAssertEqual(sar.userName, Self.imsi)
        XCTAssertEqual(sar.destinationHost, "hss.lab.twag")
        XCTAssertEqual(sar.destinationRealm, "epc.mnc001.mcc001.3gppnetwork.org")
    }

    func testDeregistrationOutcomes() async throws {
        let imsi = try IMSI(Self.imsi)
        func registrar(_ answer: @escaping @Sendable (DiameterMessage) -> DiameterMessage) -> SWxServerAssignmentRegistrar {
            SWxServerAssignmentRegistrar(transport: FakeSWxTransport { request throws(VectorFetchError) in answer(request) },
                                         originHost: "aaa", originRealm: "lab", destinationRealm: "lab", mncLength: 2)
        }
        // 5001: the HSS no longer knows the subscriber; nothing left to deregister.
        try await registrar { $0.answer(avps: [.experimentalResult(vendor: DiameterVendor.threeGPP, code: 5001)]) }
            .deregister(imsi: imsi, servingHSS: nil)
        do {
            try await registrar { $0.answer(resultCode: 3002) }.deregister(imsi: imsi, servingHSS: nil)
            XCTFail("3002 is a delivery failure")
        } catch {
            XCTAssertEqual(error, .unavailable("Result-Code 3002"))
        }
        // A Cx HSS has no SAR: nothing is sent.
        let transport = FakeSWxTransport { request throws(VectorFetchError) in request }
        try await SWxServerAssignmentRegistrar(transport: transport, originHost: "aaa", originRealm: "lab",
                                               destinationRealm: "lab", mncLength: 2, cxHosts: ["cx.hss"])
            .deregister(imsi: imsi, servingHSS: "cx.hss")
        let sent = await transport.requests
        XCTAssertTrue(sent.isEmpty)
    }

    func testLastSessionEndDeregistersOnceAndAnotherLiveSessionKeepsIt() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hss = FakeDeregistrar()
        let metrics = TestMetrics()
        let releaser = RegistrationReleaser(store: store, deregistrar: hss, logger: LogStore().logger(),
                                            metrics: AAACoreMetrics(factory: metrics))
        _ = try await store.commit([.authorized(session("twag:a")), .authorized(session("twag:b", station: "02-00-00-00-00-02"))])
        _ = try await store.commit([stop("twag:a")])
        var settled = await releaser.runOnce()
        XCTAssertEqual(settled, 1)
        var calls = await hss.calls
        XCTAssertTrue(calls.isEmpty, "session b still holds the registration")
        let value1 = try await store.session(class: "twag:a")?.registration
        XCTAssertEqual(value1, .released)

        _ = try await store.commit([stop("twag:b")])
        settled = await releaser.runOnce()
        XCTAssertEqual(settled, 1)
        calls = await hss.calls
        XCTAssertEqual(calls.map(\.imsi), [Self.imsi])
        XCTAssertEqual(calls.first?.hss, "hss.lab.twag")
        let value2 = try await store.session(class: "twag:b")?.registration
        XCTAssertEqual(value2, .deregistered)
        settled = await releaser.runOnce()
        XCTAssertEqual(settled, 0, "nothing left to do")
        calls = await hss.calls
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(try metrics.expectCounter("swx_deregistrations_total", [("result", "success")]).totalValue, 1)
    }

    func testTransientFailuresAreRetriedWithBackoffThenAbandoned() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hss = FakeDeregistrar(failure: .timeout)
        let releaser = RegistrationReleaser(
            store: store, deregistrar: hss,
            retry: .init(initialDelay: .seconds(1), maximumDelay: .seconds(4), maximumAttempts: 3),
            logger: LogStore().logger())
        _ = try await store.commit([.authorized(session("twag:t")), stop("twag:t")])
        let start = ContinuousClock.now
        await releaser.runOnce(now: start)
        await releaser.runOnce(now: start + .milliseconds(500))  // inside the backoff: no attempt
        var count = await hss.calls.count
        XCTAssertEqual(count, 1)
        await releaser.runOnce(now: start + .seconds(1))
        count = await hss.calls.count
        XCTAssertEqual(count, 2)
        let value3 = try await store.session(class: "twag:t")?.registrationAttempts
        XCTAssertEqual(value3, 2)
        await releaser.runOnce(now: start + .seconds(4))  // third and last attempt
        count = await hss.calls.count
        XCTAssertEqual(count, 3)
        let value4 = try await store.session(class: "twag:t")?.registration
        XCTAssertEqual(value4, .abandoned)
    }

    func testPermanentRefusalIsNotRetried() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hss = FakeDeregistrar(failure: .refused(resultCode: 5012))
        let releaser = RegistrationReleaser(store: store, deregistrar: hss, logger: LogStore().logger())
        _ = try await store.commit([.authorized(session("twag:p")), stop("twag:p")])
        await releaser.runOnce()
        await releaser.runOnce(now: .now + .seconds(3600))
        let count = await hss.calls.count
        XCTAssertEqual(count, 1)
        let value5 = try await store.session(class: "twag:p")?.registration
        XCTAssertEqual(value5, .abandoned)
    }

    func testStaleSessionsAreEndedAndTheirSubscriberDeregistered() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var start = AccountingEntry(receivedAt: Date().addingTimeInterval(-3600), frontendID: "fe-1", clientIP: "10.0.0.1",
                                    statusType: AccountingStatus.start.rawValue, fingerprint: Array("start".utf8))
        start.sessionClass = "twag:s"
        _ = try await store.commit([.authorized(session("twag:s")), .accounting(start)])
        let hss = FakeDeregistrar()
        let releaser = RegistrationReleaser(store: store, deregistrar: hss,
                                            stale: StaleSessionPolicy(silenceLimit: 1260, unstartedLimit: nil),
                                            logger: LogStore().logger())
        await releaser.runOnce()
        let calls = await hss.calls
        XCTAssertEqual(calls.map(\.imsi), [Self.imsi], "an hour without accounting: the session is over")
        let row = try await store.session(class: "twag:s")
        XCTAssertEqual(row?.endCause, "Stale (no accounting update)")
        XCTAssertEqual(StaleSessionPolicy(silenceLimit: 1260, unstartedLimit: nil).silenceLimit, 1260)
    }

    // MARK: RTR → Disconnect

    func testRegistrationTerminationDisconnectsLiveSessionsThroughTheirFrontend() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await store.commit([
            .authorized(session("twag:l1")), .authorized(session("twag:l2", station: "02-00-00-00-00-02")),
            .authorized(session("twag:x", imsi: "001010000000002")),
        ])
        var ended = session("twag:e", station: "02-00-00-00-00-03")
        ended.hssRegistered = true
        _ = try await store.commit([.authorized(ended), stop("twag:e")])
        let frontend = FakeFrontend(outcome: { request in request.sessionClass == "twag:l2" ? .refused(errorCause: 503) : .acknowledged })
        let logs = LogStore()
        let sink = SessionDisconnector(store: store, transport: frontend, logger: logs.logger())
        // The Disconnects run after the RTA: await them.
        for task in await sink.terminate(RegistrationTermination(imsi: Self.imsi, hss: "hss.lab.twag", reasonCode: 0)) {
            await task.value
        }
        let requests = await frontend.requests
        XCTAssertEqual(Set(requests.map(\.request.sessionClass)), ["twag:l1", "twag:l2"])
        XCTAssertEqual(Set(requests.map(\.frontend)), ["fe-1"])
        let first = try XCTUnwrap(requests.first { $0.request.sessionClass == "twag:l1" }?.request)
        XCTAssertEqual(first.clientIP, "10.0.0.1")
        XCTAssertEqual(first.callingStationID, "02-00-00-00-00-01")
        XCTAssertTrue(first.cause.contains("Registration-Termination"))
        // No SAR is due any more: the HSS ended the registration itself.
        let candidates = try await store.deregistrationCandidates()
        XCTAssertTrue(candidates.isEmpty)
        // The NAK 503 session is over; the ACKed one ends with the AP's accounting Stop.
        let value6 = try await store.session(class: "twag:l2")?.isLive
        XCTAssertEqual(value6, false)
        let value7 = try await store.session(class: "twag:l1")?.isLive
        XCTAssertEqual(value7, true)
        let value8 = try await store.session(class: "twag:x")?.registration
        XCTAssertEqual(value8, .registered)
    }

    func testRegistrationTerminationWithoutSessionsIsLogged() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let frontend = FakeFrontend(outcome: { _ in .acknowledged })
        let logs = LogStore()
        await SessionDisconnector(store: store, transport: frontend, logger: logs.logger())
            .registrationTerminated(RegistrationTermination(imsi: Self.imsi, hss: "hss", reasonCode: nil))
        XCTAssertTrue(logs.messages(at: .notice).contains { $0.contains("no live session") })
        let count = await frontend.requests.count
        XCTAssertEqual(count, 0)
    }
}

actor FakeDeregistrar: SubscriberDeregistrar {
    private(set) var calls: [(imsi: String, hss: String?)] = []
    let failure: RegistrationError?

    init(failure: RegistrationError? = nil) {
        self.failure = failure
    }

    func deregister(imsi: IMSI, servingHSS: String?) async throws(RegistrationError) {
        calls.append((imsi.digits, servingHSS))
        if let failure { throw failure }
    }
}

actor FakeFrontend: FrontendDisconnectTransport {
    private(set) var requests: [(request: IPCDisconnectRequest, frontend: String)] = []
    let outcome: @Sendable (IPCDisconnectRequest) -> IPCDisconnectOutcome

    init(outcome: @escaping @Sendable (IPCDisconnectRequest) -> IPCDisconnectOutcome) {
        self.outcome = outcome
    }

    func disconnect(_ request: IPCDisconnectRequest, preferredFrontend: String) async throws(FrontendDisconnectError)
        -> IPCDisconnectOutcome
    {
        requests.append((request, preferredFrontend))
        return outcome(request)
    }
}
