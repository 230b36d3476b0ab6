import ChargingAgent
import Diameter
import DiameterPeer
import Foundation
import IPC
import IPCTransport
import Logging
import NIOConcurrencyHelpers
import SessionStore
import XCTest

/// An OCS behind the transport protocol: grants what is asked, dedupes by (Session-Id,
/// CC-Request-Number) like a real OCS, and can hold answers back (the agent's "crash" window).
final class ScriptedOCS: GyRequestTransport {
    struct State {
        var answered: [String: CreditControlAnswer] = [:]
        var usedBySession: [String: UInt64] = [:]
        var requests: [CreditControlRequest] = []
        var retransmissions = 0
        var holdUpdates = false
        var balance: UInt64 = .max
    }

    let state = NIOLockedValueBox(State())

    func send(_ request: DiameterMessage) async throws(DiameterRequestError) -> DiameterMessage {
        guard let ccr = try? CreditControlRequest(decoding: request) else { throw .invalidAnswer("not a CCR") }
        let hold = state.withLockedValue { s in
            s.requests.append(ccr)
            if request.flags.contains(.retransmitted) { s.retransmissions += 1 }
            return s.holdUpdates && ccr.requestType == .update
        }
        if hold {
            // Never answered: the request is lost with the agent that sent it.
            try? await Task.sleep(for: .seconds(3600))
            throw .timeout
        }
        let cca = state.withLockedValue { s -> CreditControlAnswer in
            let key = "\(ccr.sessionID)#\(ccr.requestNumber)"
            if let previous = s.answered[key] { return previous }
            let used = ccr.used?.totalOctets ?? 0
            s.usedBySession[ccr.sessionID, default: 0] += used
            s.balance = s.balance >= used ? s.balance - used : 0
            var services: [CreditControlAnswer.ServiceCredit] = []
            if case .octets(let n) = ccr.requested {
                let grant = min(n, s.balance)
                services = [.init(resultCode: grant == 0 ? 4012 : 2001, ratingGroup: ccr.ratingGroup,
                                  grantedOctets: grant == 0 ? nil : grant)]
            }
            let result: UInt32 = ccr.requestType == .initial && s.balance == 0 ? 4012 : 2001
            let answer = CreditControlAnswer(sessionID: ccr.sessionID, resultCode: result, requestType: ccr.requestType,
                                             requestNumber: ccr.requestNumber, services: result == 2001 ? services : [])
            s.answered[key] = answer
            return answer
        }
        return cca.message(answering: request, originHost: "ocs.test", originRealm: "test")
    }
}

/// Records what the agent asks the frontends.
final class RecordingDisconnects: FrontendDisconnectTransport {
    let requests = NIOLockedValueBox<[IPCDisconnectRequest]>([])

    func disconnect(_ request: IPCDisconnectRequest, preferredFrontend: String) async throws(FrontendDisconnectError)
        -> IPCDisconnectOutcome
    {
        requests.withLockedValue { $0.append(request) }
        return .acknowledged
    }
}

final class ChargingCoordinatorTests: XCTestCase {
    var directory = ""
    var store: (any SessionStore)!

    override func setUp() async throws {
        directory = NSTemporaryDirectory() + "twag-charging-\(UUID().uuidString)"
        store = try SQLiteSessionStore(path: directory + "/twag.sqlite")
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func coordinator(_ ocs: ScriptedOCS, _ disconnects: RecordingDisconnects, mode: ChargingPolicy.Mode = .online)
        -> ChargingCoordinator
    {
        ChargingCoordinator(
            policy: ChargingPolicy(mode: mode, quotaTiers: [1_000, 5_000], thresholdPercent: 80),
            identity: ChargingIdentity(originHost: "gy.twag.test", originRealm: "test", destinationRealm: "test",
                                       serviceContextID: "32251@3gpp.org", ratingGroup: 100),
            store: store, transport: ocs, disconnects: disconnects, interimInterval: 60, logger: Logger(label: "test"))
    }

    func accept(_ sessionClass: String) async throws {
        _ = try await store.commit([.authorized(AuthorizedSession(
            sessionClass: sessionClass, imsi: "001010000000001", userName: "u", callingStationID: "02-00-00-00-00-01",
            calledStationID: "AP:SSID", nasIP: "127.0.0.1", nasIdentifier: "ap", clientIP: "127.0.0.1",
            frontendID: "fe-1", servingHSS: nil, hssRegistered: false, acceptedAt: Date()))])
    }

    var fingerprint = 0

    func account(_ sessionClass: String, _ status: AccountingStatus, output: UInt64) async throws {
        fingerprint += 1
        var entry = AccountingEntry(receivedAt: Date(), frontendID: "fe-1", clientIP: "127.0.0.1",
                                    statusType: status.rawValue, fingerprint: Array("\(sessionClass)-\(fingerprint)".utf8))
        entry.sessionClass = sessionClass
        entry.acctSessionID = "A-\(sessionClass)"
        entry.outputOctets = output
        entry.inputOctets = 0
        _ = try await store.commit([.accounting(entry)])
    }

    func testAuthorizeThenUsageThenStopReachesTheOCSExactly() async throws {
        let ocs = ScriptedOCS()
        let agent = coordinator(ocs, RecordingDisconnects())
        let decision = await agent.authorize(IPCChargingAuthorize(sessionClass: "c1", imsi: "001010000000001"))
        XCTAssertEqual(decision, .authorized(ChargingAuthorization(grantedOctets: 1_000, validityTime: nil, sessionTimeout: nil)))
        let result = await agent.result(for: decision)
        XCTAssertEqual(result.acctInterimInterval, 60)
        XCTAssertTrue(result.isAdmitted)
        // A repeated authorize (retransmission through another frontend) gets the same decision, no new CCR-I.
        let again = await agent.authorize(IPCChargingAuthorize(sessionClass: "c1", imsi: "001010000000001"))
        XCTAssertEqual(again, decision)
        try await accept("c1")
        try await account("c1", .start, output: 0)
        try await account("c1", .interimUpdate, output: 900)
        await agent.usageCommitted()
        await agent.drain()
        // What the dashboard shows of the open session.
        let reports = await agent.reports()
        XCTAssertEqual(reports.map(\.sessionClass), ["c1"])
        XCTAssertEqual(reports.first?.usedOctets, 900)
        XCTAssertEqual(reports.first?.reportedOctets, 900)
        XCTAssertEqual(reports.first?.requests, 2)
        XCTAssertNotNil(reports.first?.quotaLimitOctets)
        try await account("c1", .stop, output: 1_234)
        await agent.usageCommitted()
        await agent.drain()
        let closedReports = await agent.reports()
        XCTAssertEqual(closedReports, [], "closed sessions are no longer reported")
        let requests = ocs.state.withLockedValue { $0.requests }
        XCTAssertEqual(requests.map(\.requestType), [.initial, .update, .termination])
        XCTAssertEqual(ocs.state.withLockedValue { $0.usedBySession.values.reduce(0, +) }, 1_234)
        let open = await agent.openCount
        XCTAssertEqual(open, 0)
        let record = try await store.chargingRecord(class: "c1")
        XCTAssertEqual(record?.phase, "closed")
    }

    func testRestartResendsTheLostUpdateOnceWithTheSameNumber() async throws {
        let ocs = ScriptedOCS()
        var agent: ChargingCoordinator? = coordinator(ocs, RecordingDisconnects())
        _ = await agent?.authorize(IPCChargingAuthorize(sessionClass: "c1", imsi: "001010000000001"))
        try await accept("c1")
        try await account("c1", .start, output: 0)
        ocs.state.withLockedValue { $0.holdUpdates = true }
        try await account("c1", .interimUpdate, output: 950)
        await agent?.usageCommitted()
        // The CCR-U is out and unanswered: the agent "dies" here (its state is in the store).
        try await waitUntil { ocs.state.withLockedValue { $0.requests.count } == 2 }
        agent = nil
        ocs.state.withLockedValue { $0.holdUpdates = false }
        let restarted = coordinator(ocs, RecordingDisconnects())
        try await restarted.resume()
        await restarted.drain()
        let requests = ocs.state.withLockedValue { $0.requests }
        XCTAssertEqual(requests.map(\.requestNumber), [0, 1, 1], "the same CCR-U again")
        XCTAssertEqual(ocs.state.withLockedValue { $0.retransmissions }, 1)
        try await account("c1", .stop, output: 2_000)
        await restarted.usageCommitted()
        await restarted.drain()
        XCTAssertEqual(ocs.state.withLockedValue { $0.usedBySession.values.reduce(0, +) }, 2_000,
                       "\(ocs.state.withLockedValue { $0.requests.map { "\($0.requestType) \($0.requestNumber) \($0.used?.totalOctets ?? 0)" } })")
    }

    func testQuotaExhaustionAsksTheServingFrontendToDisconnect() async throws {
        let ocs = ScriptedOCS()
        ocs.state.withLockedValue { $0.balance = 1_500 }
        let disconnects = RecordingDisconnects()
        let agent = coordinator(ocs, disconnects)
        _ = await agent.authorize(IPCChargingAuthorize(sessionClass: "c1", imsi: "001010000000001"))
        try await accept("c1")
        try await account("c1", .interimUpdate, output: 1_500)
        await agent.usageCommitted()
        await agent.drain()
        let sent = disconnects.requests.withLockedValue { $0 }
        XCTAssertEqual(sent.map(\.sessionClass), ["c1"])
        XCTAssertEqual(sent.first?.acctSessionID, "A-c1")
        XCTAssertEqual(sent.first?.cause, "charging: credit_limit_reached")
    }

    func testRAROnUnknownSessionIs5002AndKnownIs2001() async throws {
        let ocs = ScriptedOCS()
        let agent = coordinator(ocs, RecordingDisconnects())
        let unknown = await agent.serverRequest(.reAuth(sessionID: "nope"))
        XCTAssertEqual(unknown, 5002)
        _ = await agent.authorize(IPCChargingAuthorize(sessionClass: "c1", imsi: "001010000000001"))
        let gySession = try XCTUnwrap(ocs.state.withLockedValue { $0.requests.first?.sessionID })
        let known = await agent.serverRequest(.reAuth(sessionID: gySession))
        XCTAssertEqual(known, 2001)
        try await waitUntil { ocs.state.withLockedValue { $0.requests.count } == 2 }
        XCTAssertEqual(ocs.state.withLockedValue { $0.requests.last?.used?.reason }, .forcedReauthorisation)
    }

    func testOrphanedAuthorizationIsClosedWithZeroUsage() async throws {
        let ocs = ScriptedOCS()
        let agent = ChargingCoordinator(
            policy: ChargingPolicy(mode: .authorizeOnly),
            identity: ChargingIdentity(originHost: "gy.twag.test", originRealm: "test", destinationRealm: "test",
                                       serviceContextID: "32251@3gpp.org"),
            store: store, transport: ocs, disconnects: RecordingDisconnects(), interimInterval: nil, orphanGrace: 0,
            logger: Logger(label: "test"))
        _ = await agent.authorize(IPCChargingAuthorize(sessionClass: "lost", imsi: "001010000000001"))
        try await Task.sleep(for: .milliseconds(10))
        await agent.reconcile()
        await agent.drain()
        XCTAssertEqual(ocs.state.withLockedValue { $0.requests.map(\.requestType) }, [.initial, .termination])
        XCTAssertEqual(ocs.state.withLockedValue { $0.requests.last?.used?.totalOctets }, 0)
    }

    func waitUntil(timeout: Duration = .seconds(10), _ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { return XCTFail("condition not met in time") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
