@testable import AAACore
import EAP
import Foundation
import IPC
import NAI
import TWAGConfiguration
import XCTest

/// A registrar answering what the test says, recording each call.
final class ScriptedRegistrar: SubscriberRegistrar, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(imsi: String, hss: String?)] = []
    let result: Result<RegistrationOutcome, RegistrationError>

    init(_ result: Result<RegistrationOutcome, RegistrationError>) {
        self.result = result
    }

    var recorded: [(imsi: String, hss: String?)] { lock.withLock { calls } }

    func register(imsi: IMSI, servingHSS: String?) async throws(RegistrationError) -> RegistrationOutcome {
        lock.withLock { calls.append((imsi.digits, servingHSS)) }
        return try result.get()
    }
}

/// SWx registration (SAR) between the successful EAP exchange and the Accept.
final class RegistrationEngineTests: XCTestCase {
    func run(_ registrar: ScriptedRegistrar?) async throws -> (IPCFrame, EngineHarness) {
        var harness = EngineHarness(hss: try Subscriber.hss(), registrar: registrar)
        var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, _) = try await harness.run(&phone)
        let left = await harness.engine.table.count
        XCTAssertEqual(left, 0, "the conversation leaves the table")
        return (reply, harness)
    }

    func assertRejected(_ reply: IPCFrame, reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(reply.type, .authReject, file: file, line: line)
        XCTAssertEqual(try reply.string(.rejectReason), reason, file: file, line: line)
        let eap = try EAPPacket(decoding: try XCTUnwrap(reply.bytes(.eapMessage)))
        XCTAssertEqual(eap.code, .failure, "EAP-Success replaced by EAP-Failure", file: file, line: line)
        XCTAssertNil(reply.bytes(.msk), "no keys leave on a reject", file: file, line: line)
    }

    func testAllowedSubscriberIsAcceptedAfterRegistration() async throws {
        let registrar = ScriptedRegistrar(.success(.registered))
        let (reply, harness) = try await run(registrar)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(registrar.recorded.map(\.imsi), [Subscriber.imsi])
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "success")]), 1)
        XCTAssertEqual(harness.counter("eap_aka_auth_success_count"), 1)
    }

    func testBarredSubscriberIsRejected() async throws {
        let (reply, harness) = try await run(ScriptedRegistrar(.success(.barred)))
        try assertRejected(reply, reason: "non-3GPP access barred")
        XCTAssertTrue(harness.logs.messages(at: .info).contains("Authentication REJECTED: non-3GPP access barred"))
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "barred")]), 1)
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "non3gpp_access_barred")]), 1)
        XCTAssertEqual(harness.counter("eap_aka_auth_success_count"), 0)
    }

    func testUserUnknownAtRegistrationIsRejected() async throws {
        let (reply, harness) = try await run(ScriptedRegistrar(.failure(.refused(resultCode: 5001))))
        try assertRejected(reply, reason: "HSS refused the SWx registration (result code 5001)")
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "user_unknown")]), 1)
    }

    func testRegistrationTimeoutIsRejected() async throws {
        let (reply, harness) = try await run(ScriptedRegistrar(.failure(.timeout)))
        try assertRejected(reply, reason: "HSS unavailable for registration")
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "timeout")]), 1)
    }

    func testSkippedRegistrationAccepts() async throws {
        let (reply, harness) = try await run(ScriptedRegistrar(.success(.skipped)))
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "skipped")]), 1)
    }

    func testDisabledRegistrationSendsNoSAR() async throws {
        let (reply, harness) = try await run(nil)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "success")]), 0)
    }

    func testRegistrationPlanSkipsCxPeers() throws {
        func plan(_ enabled: Bool, _ dialects: [String]) throws -> SWxRegistrationPlan {
            let peers = dialects.enumerated().map { i, d in
                "    - {host: hss\(i).lab, realm: lab, ip: 127.0.0.1, port: 3868, vector_dialect: \(d)}"
            }.joined(separator: "\n")
            let yaml = """
                diameter:
                  host: aaa.lab.twag
                  realm: lab.twag
                  registration: {enabled: \(enabled)}
                  peers:
                \(peers)
                radius:
                  secret: testing123-testing123
                """
            return SWxRegistrationPlan(configuration: try TWAGConfiguration.parse(yaml: yaml).diameter)
        }
        let disabled = try plan(false, ["swx", "cx"])
        XCTAssertFalse(disabled.enabled)
        XCTAssertEqual(disabled.notices, [], "nothing to say when registration is off")
        let mixed = try plan(true, ["swx", "cx"])
        XCTAssertTrue(mixed.enabled)
        XCTAssertEqual(mixed.notices, ["SWx registration (SAR) is not available with Cx peers: skipped for hss1.lab"])
        let allCx = try plan(true, ["cx"])
        XCTAssertFalse(allCx.enabled, "every peer is Cx: no SAR")
        XCTAssertEqual(allCx.skippedHosts, ["hss0.lab"])
    }
}
