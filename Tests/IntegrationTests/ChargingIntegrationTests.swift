import Foundation
import SessionStore
import TestSupport
import XCTest

/// Online charging end to end (issue #8): ue-sim as phone and AP, radius-frontend, aaa-core,
/// charging-agent, hss-sim and ocs-sim as real processes over real UDP, Unix sockets, Diameter over
/// TCP and one SQLite file. The oracle for every ledger is the usage the AP reported, as stored.
extension StackIntegrationTests {
    static let alicePlenty = [alice.imsi: 1_000_000_000, bob.imsi: 1_000_000_000]

    func accountingRun(_ fe: (process: ServiceProcess, port: Int, metricsPort: Int), _ stack: LabStack,
                       count: Int = 1, holdMs: Int, interimMs: Int, outputPerSecond: Int, extra: [String] = [])
        throws -> (report: [String: Any], log: String)
    {
        try runUESim(stack, port: fe.port, extra: [
            "--count", String(count), "--accounting", "--acct-port", String(try XCTUnwrap(stack.acctPorts[0])),
            "--session-hold-ms", String(holdMs), "--interim-ms", String(interimMs),
            "--output-octets-per-s", String(outputPerSecond), "--input-octets-per-s", String(outputPerSecond / 10),
        ] + extra)
    }

    func testOnlineChargingLedgerEqualsTheReportedUsage() async throws {
        let lab = ChargingLab()
        let (stack, _, agent, fe) = try makeChargedStack(lab, balances: Self.alicePlenty)
        let (report, log) = try accountingRun(fe, stack, holdMs: 2_500, interimMs: 250, outputPerSecond: 2_000_000)
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log)
        let ledger = try closedLedger(stack, sessions: 1)
        let reported = try await reportedOctets(stack)
        XCTAssertGreaterThan(reported, 4_000_000, "usage crossed several grants")
        XCTAssertEqual(ledger.usedOctets, reported, "the OCS was charged exactly what the AP reported\n\(agent?.log ?? "")")
        XCTAssertEqual(ledger.eventTypes.first, "CCR-I")
        XCTAssertEqual(ledger.eventTypes.last, "CCR-T")
        XCTAssertGreaterThanOrEqual(ledger.eventTypes.filter { $0 == "CCR-U" }.count, 2, "\(ledger.eventTypes)")
        let text = metrics(port: lab.agentMetricsPort)
        XCTAssertEqual(metricValue(text, "charging_ccr_total", labels: ["type=\"CCR-I\"", "result=\"2001\""]), 1, text)
        XCTAssertEqual(metricValue(text, "charging_ccr_total", labels: ["type=\"CCR-T\"", "result=\"2001\""]), 1, text)
        XCTAssertGreaterThanOrEqual(metricValue(text, "charging_grants_total"), 3, text)
        XCTAssertGreaterThan(metricValue(text, "charging_ocs_request_duration_seconds_count"), 2, text)
        if let problems = try PromtoolCheck.problems(in: text) {
            XCTAssertEqual(problems, [], "promtool on charging-agent's /metrics")
        }
    }

    func testAuthorizeOnlyChargesAtTheEndAndNeverUpdates() async throws {
        var lab = ChargingLab()
        lab.mode = "authorize_only"
        let (stack, _, _, fe) = try makeChargedStack(lab, balances: Self.alicePlenty)
        let (report, log) = try accountingRun(fe, stack, holdMs: 800, interimMs: 100, outputPerSecond: 5_000_000)
        XCTAssertEqual(successes(report), 1, log)
        let ledger = try closedLedger(stack, sessions: 1)
        XCTAssertEqual(ledger.eventTypes, ["CCR-I", "CCR-T"])
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported, "the final usage, for information")
    }

    func testChargingOffSendsNoCCRAndNeedsNoAgent() async throws {
        var lab = ChargingLab()
        lab.mode = "off"
        let (stack, ocs, agent, fe) = try makeChargedStack(lab, balances: Self.alicePlenty)
        XCTAssertNil(agent)
        let (report, log) = try accountingRun(fe, stack, holdMs: 300, interimMs: 100, outputPerSecond: 1_000_000)
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log)
        XCTAssertEqual(try ledger(stack).eventTypes, [], ocs.log)
    }

    func testEmptyBalanceIsAnAccessRejectInBothChargingModes() async throws {
        for mode in ["online", "authorize_only"] {
            var lab = ChargingLab()
            lab.mode = mode
            let (stack, _, agent, fe) = try makeChargedStack(lab, balances: [Self.alice.imsi: 0, Self.bob.imsi: 0])
            let (report, log) = try runUESim(stack, port: fe.port, extra: ["--count", "1"])
            XCTAssertEqual(successes(report), 0, log)
            XCTAssertEqual(failures(report)["reject"], 1, "\(mode): \(log)")
            XCTAssertTrue(agent?.waitForLog("Charging refused the subscriber: credit_limit_reached (4012)", timeout: 5) ?? false,
                          agent?.log ?? "")
            XCTAssertTrue(stack.core?.waitForLog("charging refused", timeout: 5) ?? false, stack.core?.log ?? "")
            let rows = try await sessions(stack)
            XCTAssertEqual(rows.count, 0, "no session for a refused subscriber")
        }
    }

    func testQuotaRunningOutDisconnectsAtTheAPAndEndsWithCCRT() async throws {
        let daePort = FreePort.udp()
        var lab = ChargingLab()
        lab.quotaTiers = [500_000, 1_000_000]
        let (stack, _, agent, fe) = try makeChargedStack(
            lab, balances: [Self.alice.imsi: 1_200_000, Self.bob.imsi: 1_200_000],
            frontendEnvironment: ["TWAG_RADIUS__COA_PORT": String(daePort)])
        let started = Date()
        let (report, log) = try accountingRun(fe, stack, holdMs: 30_000, interimMs: 200, outputPerSecond: 1_000_000,
                                              extra: ["--dae-port", String(daePort)])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the Disconnect ended the 30 s session early")
        XCTAssertTrue(log.contains("Disconnect-Request received: session"), log + (agent?.log ?? ""))
        XCTAssertTrue(fe.process.waitForLog("Disconnect-ACK from 127.0.0.1", timeout: 5), fe.process.log)
        let ledger = try closedLedger(stack, sessions: 1)
        XCTAssertEqual(ledger.eventTypes.last, "CCR-T")
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported)
        XCTAssertEqual(metricValue(metrics(port: lab.agentMetricsPort), "charging_disconnects_total", labels: ["ack"]), 1)
    }

    func testKill9OfTheChargingAgentUnderLoadLosesAndDoublesNothing() async throws {
        let lab = ChargingLab()
        let phones = Self.randomSubscribers(16)
        let (stack, _, agent, fe) = try makeChargedStack(
            lab, balances: Dictionary(uniqueKeysWithValues: phones.map { ($0.imsi, 1_000_000_000) }), subscribers: phones)
        // 16 phones at once, sessions of 1.5 to 3 s with interim updates every 100 ms, 40 sessions in all:
        // the kills land among CCR-I, CCR-U and CCR-T in flight.
        let ue = try startAccountingUESim(stack, fe, label: "ue-sim-kill", [
            "--count", "40", "--concurrency", "16", "--session-hold-ms", "2000", "--interim-ms", "100",
            "--output-octets-per-s", "3000000",
        ])
        // Kill it while CCR-Us are flowing, twice.
        for _ in 0..<2 {
            let agentNow = try XCTUnwrap(stack.others.last { $0.name.hasPrefix("charging-agent") })
            XCTAssertTrue(agentNow.waitForLog("CCR-U", timeout: 10) || agentNow.waitForLog("Resumed", timeout: 1), agentNow.log)
            try await Task.sleep(for: .milliseconds(700))
            agentNow.crash()
            _ = try startChargingAgent(stack, lab)
        }
        XCTAssertNotNil(ue.waitForExit(timeout: 90))
        let report = Self.report(inLog: ue.log) ?? [:]
        // A phone whose Access-Request met the dead agent is refused (failure handling terminate) and
        // not charged; every accepted session must be charged exactly.
        let accepted = successes(report)
        XCTAssertGreaterThan(accepted, 20, ue.log)
        let ledger = try closedLedger(stack, sessions: accepted, timeout: 60)
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported, "byte for byte after two kill -9\n\(agent?.log ?? "")")
        XCTAssertTrue(stack.others.contains { $0.log.contains("charged session(s) from the store") },
                      "a restarted agent took the open sessions over")
        XCTAssertTrue(ledger.sessions.values.allSatisfy { !$0.open })
    }

    /// The AP cannot disconnect (no Dynamic Authorization listener): the subscriber sits at zero quota
    /// until a top-up and the OCS's RAR bring credit back.
    func testRARAfterATopUpRestoresAZeroQuotaSession() async throws {
        var lab = ChargingLab()
        lab.quotaTiers = [400_000]
        let (stack, _, agent, fe) = try makeChargedStack(lab, balances: [Self.alice.imsi: 500_000, Self.bob.imsi: 0])
        let agentLog = try XCTUnwrap(agent)
        let ue = try startAccountingUESim(stack, fe, label: "ue-sim-rar", [
            "--count", "1", "--session-hold-ms", "6000", "--interim-ms", "200", "--output-octets-per-s", "500000",
            "--input-octets-per-s", "0",
        ])
        XCTAssertTrue(agentLog.waitForLog("Charging ends the session: final_units_used", timeout: 10), agentLog.log)
        let topUp = try HTTPProbe.post(port: lab.controlPort, path: "/topup?imsi=\(Self.alice.imsi)&octets=100000000")
        XCTAssertEqual(topUp.status, 200, topUp.body)
        let rar = try HTTPProbe.post(port: lab.controlPort, path: "/rar?imsi=\(Self.alice.imsi)")
        XCTAssertTrue(rar.body.contains("\"result\":2001"), rar.body)
        XCTAssertTrue(agentLog.waitForLog("Credit granted again: service restored", timeout: 5), agentLog.log)
        XCTAssertNotNil(ue.waitForExit(timeout: 30))
        XCTAssertEqual(successes(Self.report(inLog: ue.log) ?? [:]), 1, ue.log)
        let ledger = try closedLedger(stack, sessions: 1)
        XCTAssertTrue(ledger.eventTypes.contains("RAR"), "\(ledger.eventTypes)")
        let afterRAR = ledger.eventTypes.drop { $0 != "RAR" }
        XCTAssertTrue(afterRAR.contains("CCR-U"), "a CCR-U at once after the RAR: \(ledger.eventTypes)")
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported)
    }

    /// An OCS that stops answering CCR-U while the quota runs out: Tx, then TERMINATE cuts the
    /// subscriber off; the unanswered CCR-U is kept and, once the OCS answers again, the usage is
    /// reported exactly.
    func testASilentOCSDoesNotGiveUnlimitedData() async throws {
        let daePort = FreePort.udp()
        var lab = ChargingLab()
        lab.quotaTiers = [300_000]
        let (stack, _, agent, fe) = try makeChargedStack(
            lab, balances: Self.alicePlenty, ocsExtra: ["--drop-updates"],
            frontendEnvironment: ["TWAG_RADIUS__COA_PORT": String(daePort)])
        let started = Date()
        let (report, log) = try accountingRun(fe, stack, holdMs: 30_000, interimMs: 200, outputPerSecond: 1_000_000,
                                              extra: ["--dae-port", String(daePort)])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertLessThan(Date().timeIntervalSince(started), 15, "cut off after Tx, not after the 30 s hold")
        XCTAssertTrue(log.contains("Disconnect-Request received: session"), log + (agent?.log ?? ""))
        XCTAssertEqual(metricValue(metrics(port: lab.agentMetricsPort), "charging_disconnects_total",
                                   labels: ["cause=\"ocs_unreachable\""]), 1)
        // The OCS recovers: the kept CCR-U, then the CCR-T, settle the account exactly.
        XCTAssertEqual(try HTTPProbe.post(port: lab.controlPort, path: "/faults?drop_updates=0").status, 200)
        let ledger = try closedLedger(stack, sessions: 1, timeout: 90)
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported, agent?.log ?? "")
    }

    /// A new grant with a lifetime reaches the AP as a CoA-Request with the new Session-Timeout.
    func testANewGrantUpdatesTheSessionTimeoutByCoA() async throws {
        let daePort = FreePort.udp()
        var lab = ChargingLab()
        lab.quotaTiers = [300_000]
        let (stack, _, _, fe) = try makeChargedStack(
            lab, balances: Self.alicePlenty, ocsExtra: ["--validity-time", "30"],
            frontendEnvironment: ["TWAG_RADIUS__COA_PORT": String(daePort)])
        let (report, log) = try accountingRun(fe, stack, holdMs: 1_500, interimMs: 200, outputPerSecond: 500_000,
                                              extra: ["--dae-port", String(daePort)])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertTrue(fe.process.waitForLog("CoA-ACK from 127.0.0.1", timeout: 5), fe.process.log)
        XCTAssertTrue(log.contains("CoA-Request answered with CoA-ACK"), log)
        XCTAssertGreaterThanOrEqual(metricValue(metrics(port: lab.agentMetricsPort), "charging_coa_total", labels: ["ack"]), 1)
        XCTAssertGreaterThanOrEqual(metricValue(metrics(port: fe.metricsPort), "radius_coa_requests_total", labels: ["ack"]), 1)
        let ledger = try closedLedger(stack, sessions: 1)
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported)
    }

    /// aaa-core and the frontend restarted while charged sessions run: the store holds what charging
    /// needs, so the ledger still equals the usage the AP reported.
    func testRestartedCoreAndFrontendDuringChargedSessionsChangeNothing() async throws {
        let lab = ChargingLab()
        let phones = Self.randomSubscribers(8)
        let (stack, _, agent, fe) = try makeChargedStack(
            lab, balances: Dictionary(uniqueKeysWithValues: phones.map { ($0.imsi, 1_000_000_000) }), subscribers: phones)
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let ue = try startAccountingUESim(stack, fe, label: "ue-sim-restarts", [
            "--count", "16", "--concurrency", "8", "--session-hold-ms", "2500", "--interim-ms", "100",
            "--output-octets-per-s", "3000000", "--timeout", "1", "--tries", "6",
        ])
        let agentProcess = try XCTUnwrap(agent)
        XCTAssertTrue(agentProcess.waitForLog("CCR-U", timeout: 20), agentProcess.log)
        stack.core?.crash()
        _ = try startCore(stack)
        fe.process.crash()
        // The same ports and instance id, as a restarted container or unit would have.
        let again = try ServiceProcess(
            "radius-frontend", arguments: ["--config", stack.configPath, "--instance-id", "frontend-1"],
            environment: [
                "TWAG_RADIUS__AUTH_PORT": String(fe.port), "TWAG_RADIUS__ACCT_PORT": String(acctPort),
                "TWAG_PROMETHEUS__PORT": String(FreePort.tcp()),
            ],
            directory: stack.directory, label: "radius-frontend-restarted")
        stack.others.append(again)
        XCTAssertTrue(again.waitForLog("listening", timeout: 30), again.log)
        XCTAssertNotNil(ue.waitForExit(timeout: 90))
        let accepted = successes(Self.report(inLog: ue.log) ?? [:])
        XCTAssertGreaterThan(accepted, 8, ue.log)
        let ledger = try closedLedger(stack, sessions: accepted, timeout: 60)
        XCTAssertTrue(ledger.sessions.values.allSatisfy { !$0.open }, "\(ledger.sessions)")
        let reported = try await reportedOctets(stack)
        XCTAssertEqual(ledger.usedOctets, reported, agentProcess.log)
    }
}
