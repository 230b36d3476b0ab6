import Foundation
import SessionStore
import TestSupport
import XCTest

/// Accounting, deregistration at session end and Disconnect after an HSS Registration-Termination,
/// with every service a real process and ue-sim playing the AP (issue #3: "USER_DEREGISTRATION at
/// session end; RTR from the HSS ends the subscriber's session").
extension StackIntegrationTests {
    func sessions(_ stack: LabStack) async throws -> [SessionRow] {
        try await SQLiteSessionStore(path: stack.databasePath).recentSessions()
    }

    func testAccountingIsStoredAndTheSessionEndsWithTheStop() async throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let (report, log) = try runUESim(stack, port: fe.port, extra: [
            "--count", "1", "--accounting", "--acct-port", String(acctPort), "--session-hold-ms", "500", "--interim-ms", "200",
            "--output-octets-per-s", "20000000000",
        ])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertTrue(log.contains("Accounting-Start acknowledged"), log)
        XCTAssertTrue(log.contains("Accounting-Interim-Update acknowledged"), log)
        XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log + fe.process.log)

        let rows = try await sessions(stack)
        let row = try XCTUnwrap(rows.first, "the Accept wrote the session")
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(row.imsi, Self.alice.imsi)
        XCTAssertNotNil(row.acctSessionID, "the Start named the session (Class echoed)")
        XCTAssertFalse(row.isLive)
        XCTAssertEqual(row.endCause, "User-Request")
        XCTAssertGreaterThan(row.outputOctets, 4_294_967_296, "gigawords counted")
        XCTAssertEqual(row.registration, .none)
        let records = try await SQLiteSessionStore(path: stack.databasePath).accountingRecordCount()
        XCTAssertGreaterThanOrEqual(records, 3)

        // The operator's view of the same store.
        let cli = try ServiceProcess("twag", arguments: ["sessions", "--database", stack.databasePath, "--json"],
                                     directory: stack.directory, label: "twag-sessions")
        XCTAssertEqual(cli.waitForExit(timeout: 30), 0, cli.log)
        XCTAssertTrue(cli.log.contains("\"class\":\"\(row.sessionClass)\""), cli.log)
        XCTAssertTrue(cli.log.contains("\"end_cause\":\"User-Request\""), cli.log)

        let text = metrics(port: fe.metricsPort)
        XCTAssertEqual(metricValue(text, "radius_accounting_request_count", labels: ["status_type=\"start\""]), 1, text)
        XCTAssertEqual(metricValue(text, "radius_accounting_request_count", labels: ["status_type=\"stop\""]), 1, text)
        XCTAssertGreaterThanOrEqual(metricValue(text, "radius_accounting_responses_total"), 3, text)
        // Latency histograms: the frontend's IPC requests and commits, aaa-core's phases and HSS requests.
        let core = metrics(port: stack.coreMetricsPort)
        XCTAssertEqual(metricValue(text, "ipc_request_duration_seconds_count", labels: ["auth-request"]), 2, text)
        XCTAssertGreaterThanOrEqual(metricValue(text, "radius_accounting_commit_duration_seconds_count"), 3, text)
        XCTAssertEqual(metricValue(core, "eap_aka_authentication_duration_seconds_count", labels: ["accept"]), 1, core)
        XCTAssertEqual(metricValue(core, "eap_aka_phase_duration_seconds_count", labels: ["vector_fetch"]), 1, core)
        XCTAssertEqual(metricValue(core, "diameter_request_duration_seconds_count", labels: ["MAR"]), 1, core)
        XCTAssertTrue(core.contains(#"eap_aka_auth_reject_count{reason="res_mismatch"} 0"#),
                      "reject counters exist at zero before any reject: \(core)")
        for (service, exposition) in [("radius-frontend", text), ("aaa-core", core)] {
            if let problems = try PromtoolCheck.problems(in: exposition) {
                XCTAssertEqual(problems, [], "promtool on \(service)'s /metrics")
            }
        }
    }

    func testTheLastSessionEndDeregistersTheSubscriberAtTheHSS() async throws {
        let stack = try makeStack()
        try stack.writeConfig(registration: true)
        let hss = try startHSS(stack)
        let core = try startCore(stack)
        let fe = try startFrontend(stack)
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let (report, log) = try runUESim(stack, port: fe.port, extra: [
            "--count", "1", "--accounting", "--acct-port", String(acctPort), "--session-hold-ms", "200",
        ])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log)
        XCTAssertTrue(hss.process.waitForLog("SAR REGISTRATION for \(Self.alice.imsi) from aaa.lab.twag", timeout: 5), hss.process.log)
        XCTAssertTrue(hss.process.waitForLog("SAR USER_DEREGISTRATION for \(Self.alice.imsi) from aaa.lab.twag: 2001", timeout: 10),
                      hss.process.log + core.log)
        XCTAssertTrue(core.waitForLog("SAR USER_DEREGISTRATION sent", timeout: 5), core.log)
        let row = try await sessions(stack).first
        XCTAssertEqual(row?.registration, .deregistered)
        XCTAssertGreaterThanOrEqual(
            metricValue(metrics(port: stack.coreMetricsPort), "swx_deregistrations_total", labels: ["success"]), 1)
    }

    func testRegistrationTerminationDisconnectsTheSubscriberAtTheAP() async throws {
        let stack = try makeStack()
        try stack.writeConfig(registration: true)
        let hss = try startHSS(stack, extra: ["--rtr-after-registration-ms", "300"])
        let core = try startCore(stack)
        let daePort = FreePort.udp()
        let fe = try startFrontend(stack, environment: ["TWAG_RADIUS__COA_PORT": String(daePort)])
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let started = Date()
        let (report, log) = try runUESim(stack, port: fe.port, extra: [
            "--count", "1", "--accounting", "--acct-port", String(acctPort), "--session-hold-ms", "30000",
            "--dae-port", String(daePort),
        ])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the Disconnect ended the 30 s session early")
        XCTAssertTrue(log.contains("Disconnect-Request received: session"), log + fe.process.log + core.log)
        XCTAssertTrue(log.contains("cause Admin-Reset"), log)
        XCTAssertTrue(hss.process.waitForLog("RTA from aaa.lab.twag for \(Self.alice.imsi): 2001", timeout: 5), hss.process.log)
        XCTAssertTrue(core.waitForLog("Session disconnected (Disconnect-ACK)", timeout: 5), core.log)
        XCTAssertTrue(fe.process.waitForLog("Disconnect-ACK from 127.0.0.1", timeout: 5), fe.process.log)

        let row = try await sessions(stack).first
        XCTAssertEqual(row?.registration, .hssTerminated)
        XCTAssertEqual(row?.endCause, "Admin-Reset")
        XCTAssertEqual(row?.isLive, false)
        // The HSS ended the registration itself: no SAR deregistration follows the Stop. An absence
        // can only be watched for a while: longer than one pass of aaa-core's releaser (1 s).
        try await Task.sleep(for: .milliseconds(1500))
        XCTAssertFalse(hss.process.log.contains("SAR USER_DEREGISTRATION"), hss.process.log)
        XCTAssertEqual(metricValue(metrics(port: fe.metricsPort), "radius_disconnect_requests_total", labels: ["ack"]), 1)
    }
}

/// What survives a crash: accounting acknowledged before it is durable would be lost with the
/// frontend; a deregistration owed while aaa-core was down must still happen.
extension StackIntegrationTests {
    func testAFrontendCrashDuringAccountingLosesNoAcknowledgedRecord() async throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let load = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath,
                "--json", "--allow-failures", "--duration", "6", "--concurrency", "2", "--timeout", "0.5", "--tries", "6",
                "--accounting", "--acct-port", String(acctPort),
            ],
            directory: stack.directory, label: "ue-sim-accounting-load")
        // Crash it mid-load: once some records are stored, while requests are still arriving.
        let store = try SQLiteSessionStore(path: stack.databasePath)
        for _ in 0..<300 where try await store.accountingRecordCount() < 10 { try await Task.sleep(for: .milliseconds(20)) }
        fe.process.crash()
        let again = try ServiceProcess(
            "radius-frontend", arguments: ["--config", stack.configPath, "--instance-id", "frontend-restarted"],
            environment: [
                "TWAG_RADIUS__AUTH_PORT": String(fe.port), "TWAG_RADIUS__ACCT_PORT": String(acctPort),
                "TWAG_PROMETHEUS__PORT": String(FreePort.tcp()),
            ],
            directory: stack.directory, label: "radius-frontend-restarted")
        defer { again.stop() }
        XCTAssertTrue(again.waitForLog("accounting server listening", timeout: 30), again.log)
        XCTAssertNotNil(load.waitForExit(timeout: 60))
        let log = load.log
        guard let report = Self.report(inLog: log), let accounting = report["accounting"] as? [String: Any],
            let acknowledged = accounting["acknowledged"] as? Int
        else { return XCTFail(log) }
        XCTAssertGreaterThan(acknowledged, 10, log)
        // Every acknowledged request is in the store (some unacknowledged ones may be too: stored,
        // then the process died before the answer left); none is stored twice.
        let stored = try await store.accountingRecordCount()
        XCTAssertGreaterThanOrEqual(stored, acknowledged, log)
        let requests = accounting["requests"] as? Int ?? 0
        XCTAssertLessThanOrEqual(stored, requests, "a retransmission is never stored twice: \(log)")
    }

    func testADeregistrationOwedWhileTheCoreWasDownIsSentWhenItReturns() async throws {
        let stack = try makeStack()
        try stack.writeConfig(registration: true)
        let hss = try startHSS(stack)
        let core = try startCore(stack)
        let fe = try startFrontend(stack)
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let phone = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath,
                "--count", "1", "--accounting", "--acct-port", String(acctPort), "--session-hold-ms", "3000",
            ],
            directory: stack.directory, label: "ue-sim-held")
        XCTAssertTrue(phone.waitForLog("Accounting-Start acknowledged", timeout: 20), phone.log + core.log)
        XCTAssertTrue(hss.process.waitForLog("SAR REGISTRATION for", timeout: 5), hss.process.log)
        core.stop()
        // The Stop arrives while aaa-core is down: the frontend stores it all the same.
        XCTAssertEqual(phone.waitForExit(timeout: 30), 0, phone.log)
        XCTAssertTrue(phone.log.contains("Accounting-Stop acknowledged"), phone.log)
        XCTAssertFalse(hss.process.log.contains("SAR USER_DEREGISTRATION"))
        let back = try startCore(stack)
        XCTAssertTrue(hss.process.waitForLog("SAR USER_DEREGISTRATION for", timeout: 15), hss.process.log + back.log)
        let row = try await sessions(stack).first
        XCTAssertEqual(row?.registration, .deregistered)
    }
}
