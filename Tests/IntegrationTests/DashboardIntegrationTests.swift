import Foundation
import SessionStore
import TestSupport
import XCTest

/// The dashboard in a real browser: headless Chromium (selenium, Tests/Admin/dashboard_check.py)
/// logs in to twag-admin beside a running stack, checks every view against a real session, takes
/// the screenshots docs/operations.md shows, disconnects the session from its button (ue-sim's AP
/// answers the Disconnect-Request) and logs out. The test's name holds "DashboardIntegrationTests" so
/// that `swift test --filter DashboardIntegrationTests` selects it (it is a StackIntegrationTests test).
extension StackIntegrationTests {
    func testDashboardIntegrationTestsInABrowser() async throws {
        try Self.requireBrowser()
        let lab = try makeDisconnectableStack(subscribers: [Self.alice])
        let (stack, core, fe) = (lab.stack, lab.core, lab.frontend)
        let admin = try AdminLab.start(stack)
        // One phone with a long session, its AP answering Disconnect-Requests.
        let phone = try startHeldPhone(lab, holdMs: 60_000, label: "ue-sim-dashboard")
        let session = try await liveSession(lab, imsi: Self.alice.imsi, phone: phone)

        let screenshots = stack.directory.appendingPathComponent("screenshots")
        let (status, output) = try AdminLab.python("dashboard_check.py", arguments: [
            "--url", admin.dashboardURL, "--user", admin.user, "--password", admin.password,
            "--imsi", Self.alice.imsi, "--session", session.sessionClass, "--screenshots", screenshots.path,
            "--secret-not-shown", stack.secret, "--expect-disconnect",
        ])
        try Self.publishScreenshots(from: screenshots)
        XCTAssertEqual(status, 0, "dashboard_check.py failed:\n\(output)\n--- twag-admin log ---\n\(admin.process.log)")

        // The dashboard's Disconnect reached the AP: ue-sim ended its 60 s session early.
        XCTAssertNotNil(phone.waitForExit(timeout: 30), "ue-sim still holds its session:\n\(phone.log)")
        XCTAssertTrue(phone.log.contains("Disconnect-Request received: session"), phone.log + fe.process.log + core.log)
        XCTAssertTrue(core.waitForLog("Session disconnected (Disconnect-ACK)", timeout: 5), core.log)

        // Logins are logged, the password never.
        let log = admin.process.log
        XCTAssertTrue(log.contains("Dashboard login failed"), log)
        let lines = log.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.contains("Dashboard login") && !$0.contains("Dashboard login failed")
                && !$0.contains("Dashboard login throttled") && !$0.contains("Dashboard login refused") }, log)
        XCTAssertFalse(log.contains(admin.password), "twag-admin logged the password")
    }

    /// Chromium's driver and selenium (`.ci/setup` installs both). A missing one fails the test
    /// rather than skipping it: a skip would let CI pass without the dashboard ever being driven.
    static func requireBrowser() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            throw MissingBrowser(reason: "/usr/bin/chromedriver is missing: run .ci/setup (packages chromium, chromium-driver)")
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import selenium"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { throw MissingBrowser(reason: "python3 cannot import selenium: run .ci/setup") }
    }

    /// With TWAG_UPDATE_SCREENSHOTS=1, copies the screenshots to docs/screenshots/ (linked from
    /// docs/operations.md); otherwise they stay in the test's directory only.
    static func publishScreenshots(from directory: URL) throws {
        guard ProcessInfo.processInfo.environment["TWAG_UPDATE_SCREENSHOTS"] == "1" else { return }
        let files = FileManager.default
        let pngs = ((try? files.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".png") }.sorted()
        guard !pngs.isEmpty else { return XCTFail("TWAG_UPDATE_SCREENSHOTS=1 but no screenshot was taken") }
        let target = AdminLab.repository.appendingPathComponent("docs/screenshots")
        try files.createDirectory(at: target, withIntermediateDirectories: true)
        for name in pngs {
            let destination = target.appendingPathComponent(name)
            if files.fileExists(atPath: destination.path) { try files.removeItem(at: destination) }
            try files.copyItem(at: directory.appendingPathComponent(name), to: destination)
        }
        print("Copied \(pngs.joined(separator: ", ")) to \(target.path)")
    }
}

/// The browser test's tools are not installed.
struct MissingBrowser: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
