import Foundation
import SessionStore
import TestSupport
import XCTest

/// twag-admin's REST API as an operator's client sees it: every endpoint against docs/openapi.yaml
/// and hostile input against the right 4xx (Tests/Admin/rest_check.py), with a live session of a
/// real phone to show and to disconnect, the refusals counted and no secret in the log.
extension StackIntegrationTests {
    func testAdminAPIIntegrationTestsEveryEndpointMatchesOpenAPIAndHostileInputIsRefused() async throws {
        let lab = try makeDisconnectableStack()
        let (stack, fe) = (lab.stack, lab.frontend)
        let admin = try AdminLab.start(stack)
        // A phone held on line so that the API has a live session to show and to disconnect.
        let phone = try startHeldPhone(lab, holdMs: 120_000, label: "ue-sim-held")
        let session = try await liveSession(lab, imsi: Self.alice.imsi, phone: phone)

        let (status, output) = try AdminLab.python("rest_check.py", arguments: [
            "--api", admin.apiURL, "--token", admin.token,
            "--openapi", AdminLab.repository.appendingPathComponent("docs/openapi.yaml").path,
            "--imsi", session.imsi, "--session", session.sessionClass,
        ])
        XCTAssertEqual(status, 0, "rest_check.py failed:\n\(output)\ntwag-admin:\n\(admin.process.log)")

        // The API's disconnect reached the phone's AP, which acknowledged it and ended the session.
        XCTAssertTrue(phone.waitForLog("Disconnect-Request received", timeout: 10), phone.log)
        XCTAssertNotNil(phone.waitForExit(timeout: 20), "the disconnected phone is still holding its session")
        XCTAssertTrue(fe.process.waitForLog("Disconnect-ACK from 127.0.0.1", timeout: 5), fe.process.log)

        // Every refusal rest_check.py received was counted, under its reason.
        let refusals = try XCTUnwrap(Self.unauthorizedRefusals(in: output), "no refusal count in:\n\(output)")
        XCTAssertGreaterThan(refusals.missing, 0, output)
        XCTAssertGreaterThan(refusals.invalid, 0, output)
        let metrics = try HTTPProbe.get(port: admin.metricsPort, path: "/metrics").body
        XCTAssertEqual(metricValue(metrics, "twag_admin_api_unauthorized_total", labels: ["reason=\"missing\""]),
                       Double(refusals.missing), metrics)
        XCTAssertEqual(metricValue(metrics, "twag_admin_api_unauthorized_total", labels: ["reason=\"invalid\""]),
                       Double(refusals.invalid), metrics)
        XCTAssertGreaterThanOrEqual(metricValue(metrics, "twag_admin_http_responses_total", labels: ["listener=\"api\"", "4xx"]),
                                    Double(refusals.missing + refusals.invalid), metrics)

        // Refusals are logged, secrets never (the token was also sent in a query string).
        let log = admin.process.log
        XCTAssertTrue(log.contains("API call refused"), log)
        XCTAssertFalse(log.contains(admin.token), "twag-admin logged the API token")
        XCTAssertFalse(log.contains(admin.password), "twag-admin logged the dashboard password")
    }

    /// rest_check.py's "unauthorized refusals: missing=N invalid=M".
    static func unauthorizedRefusals(in output: String) -> (missing: Int, invalid: Int)? {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("unauthorized refusals:") }) else { return nil }
        var counts: [String: Int] = [:]
        for field in line.dropFirst("unauthorized refusals:".count).split(separator: " ") {
            let pair = field.split(separator: "=")
            if pair.count == 2, let value = Int(pair[1]) { counts[String(pair[0])] = value }
        }
        guard let missing = counts["missing"], let invalid = counts["invalid"] else { return nil }
        return (missing, invalid)
    }
}
