import Foundation
import SessionStore
import TestSupport
import XCTest

/// The operator's console (`twag status`, `aps`, `usage`, `peers`, `diameter-test`, `disconnect`)
/// against a real stack, and twag-admin killed under dashboard load while phones authenticate.
extension StackIntegrationTests {
    func twag(_ stack: LabStack, _ arguments: [String]) throws -> (status: Int32?, output: String) {
        let process = try ServiceProcess("twag", arguments: arguments + ["--config", stack.configPath],
                                         directory: stack.directory, label: "twag-\(arguments[0])-\(UUID().uuidString.prefix(4))")
        let status = process.waitForExit(timeout: 30)
        return (status, process.log)
    }

    func testOperatorConsoleCommandsShowTheLiveStack() async throws {
        let lab = try makeDisconnectableStack()
        let stack = lab.stack
        let ueSim = try startHeldPhone(lab, holdMs: 60_000, label: "ue-sim-console")
        let session = try await liveSession(lab, imsi: Self.alice.imsi, phone: ueSim)

        let status = try twag(stack, ["status"])
        XCTAssertEqual(status.status, 0, status.output)
        XCTAssertTrue(status.output.contains("1 live sessions"), status.output)
        XCTAssertTrue(status.output.contains("aaa-core"), status.output)
        XCTAssertTrue(status.output.contains("frontend-1"), status.output)
        let json = try twag(stack, ["status", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        XCTAssertEqual(object?["live_sessions"] as? Int, 1, json.output)

        // The frontend writes the AP registry in batches (every 250 ms): wait for the write itself.
        XCTAssertTrue(lab.frontend.process.waitForLog("AP Registered", timeout: 10), lab.frontend.process.log)
        let aps = try twag(stack, ["aps"])
        XCTAssertEqual(aps.status, 0, aps.output)
        XCTAssertTrue(aps.output.contains("127.0.0.1"), aps.output)
        let usage = try twag(stack, ["usage", "--imsi", Self.alice.imsi])
        XCTAssertTrue(usage.output.contains("1 Sessions · 1 Active"), usage.output)
        let badUsage = try twag(stack, ["usage", "--imsi", "12ab"])
        XCTAssertNotEqual(badUsage.status, 0)
        XCTAssertTrue(badUsage.output.contains("imsi: must be 6 to 15 digits"), badUsage.output)

        let peers = try twag(stack, ["peers"])
        XCTAssertEqual(peers.status, 0, peers.output)
        XCTAssertTrue(peers.output.contains("1 of 1 Diameter peers open"), peers.output)
        let test = try twag(stack, ["diameter-test", Self.alice.imsi, "--scheme", "aka"])
        XCTAssertEqual(test.status, 0, test.output)
        XCTAssertTrue(test.output.contains("Result-Code: 2001"), test.output)
        let unknown = try twag(stack, ["diameter-test", "001019999999999"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.output.contains("Result-Code: 5001"), unknown.output)

        let disconnect = try twag(stack, ["disconnect", session.sessionClass])
        XCTAssertEqual(disconnect.status, 0, disconnect.output + ueSim.log)
        XCTAssertTrue(disconnect.output.contains("Disconnect-ACK"), disconnect.output)
        XCTAssertTrue(ueSim.waitForLog("Disconnect-Request received", timeout: 10), ueSim.log)

        // aaa-core down: a clear error and a failing exit status, not a hang.
        stack.core?.stop(grace: 2)
        let down = try twag(stack, ["status"])
        XCTAssertEqual(down.status, 1, down.output)
        XCTAssertTrue(down.output.contains("aaa-core") && down.output.contains("down"), down.output)
        let peersDown = try twag(stack, ["peers"])
        XCTAssertEqual(peersDown.status, 1, peersDown.output)
        XCTAssertTrue(peersDown.output.contains("aaa-core unavailable"), peersDown.output)
    }

    func testKillingTwagAdminUnderDashboardLoadLeavesAuthenticationUntouched() async throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let admin = try AdminLab.start(stack)

        // Dashboard load (8 pollers of the heavy views) and phones at the same time.
        let (apiURL, token) = (admin.apiURL, admin.token)
        let load = Task.detached {
            try AdminLab.python("api_load.py", arguments: ["--api", apiURL, "--token", token, "--seconds", "8"], timeout: 60)
        }
        let phones = try ServiceProcess(
            "ue-sim", arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath, "--json",
                "--allow-failures", "--timeout", "0.5", "--count", "400", "--concurrency", "16", "--method", "mixed",
            ], directory: stack.directory, label: "ue-sim-under-admin-kill")
        try await Task.sleep(for: .seconds(2))
        let exposition = metrics(port: admin.metricsPort)
        XCTAssertGreaterThan(metricValue(exposition, "twag_admin_http_responses_total", labels: ["listener=\"api\"", "code=\"2xx\""]), 0,
                             exposition)
        XCTAssertTrue(exposition.contains(#"twag_admin_login_attempts_total{result="throttled"} 0"#), "at zero from start: \(exposition)")
        if let problems = try PromtoolCheck.problems(in: exposition) {
            XCTAssertEqual(problems, [], "promtool on twag-admin's /metrics")
        }
        admin.process.crash()
        XCTAssertNotNil(phones.waitForExit(timeout: 120), phones.log)
        let report = try XCTUnwrap(Self.report(inLog: phones.log), phones.log)
        XCTAssertEqual(successes(report), 400, phones.log)
        XCTAssertEqual(failures(report), [:], phones.log)
        let (status, output) = try await load.value
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("\"ok\""), output)

        // Restarted, it serves again.
        let restarted = try AdminLab.start(stack)
        let again = try AdminLab.python("api_load.py", arguments: ["--api", restarted.apiURL, "--token", restarted.token, "--seconds", "1",
                                                                   "--threads", "1"])
        let counts = try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Int]
        XCTAssertGreaterThan(counts?["ok"] ?? 0, 0, again.output)
        XCTAssertEqual(counts?["error"], 0, again.output)
    }
}
