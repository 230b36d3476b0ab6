import Foundation
import TestSupport
import XCTest

/// twag-admin beside a `LabStack`: its ports, its login and token, and how to run the Python
/// oracles (selenium, OpenAPI validation) against it.
struct AdminLab {
    let process: ServiceProcess
    let dashboardPort: Int
    let apiPort: Int
    let metricsPort: Int
    let user = "admin"
    let password: String
    let token: String

    var dashboardURL: String { "https://127.0.0.1:\(dashboardPort)" }
    var apiURL: String { "https://127.0.0.1:\(apiPort)/api/v1" }

    /// The repository root (the tests run from a build directory).
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts twag-admin on free ports with a fresh password (its bcrypt hash from `twag passwd`) and token.
    static func start(_ stack: LabStack, environment: [String: String] = [:]) throws -> AdminLab {
        let password = "lab-" + UUID().uuidString.prefix(18)
        let token = "token-" + UUID().uuidString
        let hash = try passwordHash(password, directory: stack.directory)
        let dashboardPort = FreePort.tcp()
        let apiPort = FreePort.tcp()
        let metricsPort = FreePort.tcp()
        let process = try ServiceProcess(
            "twag-admin", arguments: ["--config", stack.configPath],
            environment: [
                "TWAG_DASHBOARD__PORT": String(dashboardPort), "TWAG_DASHBOARD__BIND": "127.0.0.1",
                "TWAG_API__PORT": String(apiPort), "TWAG_API__BIND": "127.0.0.1",
                "TWAG_PROMETHEUS__PORT": String(metricsPort), "TWAG_PROMETHEUS__BIND": "127.0.0.1",
                "TWAG_DASHBOARD__ADMIN_USER": "admin", "TWAG_DASHBOARD__ADMIN_PASSWORD_HASH": hash,
                "TWAG_API__TOKENS": "[\"\(token)\"]",
            ].merging(environment) { $1 },
            directory: stack.directory, label: "twag-admin-\(UUID().uuidString.prefix(4))")
        XCTAssertTrue(process.waitForLog("twag-admin api listening", timeout: 30), process.log)
        XCTAssertTrue(process.waitForLog("twag-admin dashboard listening", timeout: 30), process.log)
        stack.others.append(process)
        return AdminLab(process: process, dashboardPort: dashboardPort, apiPort: apiPort, metricsPort: metricsPort,
                        password: password, token: token)
    }

    /// `twag passwd` with the password on standard input.
    static func passwordHash(_ password: String, directory: URL) throws -> String {
        let twag = Process()
        twag.executableURL = try ServiceProcess.executable("twag")
        twag.arguments = ["passwd", "--cost", "10"]
        let input = Pipe()
        let output = Pipe()
        twag.standardInput = input
        twag.standardOutput = output
        try twag.run()
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try input.fileHandleForWriting.close()
        let hash = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        twag.waitUntilExit()
        XCTAssertEqual(twag.terminationStatus, 0)
        return hash
    }

    /// Runs `python3 Tests/Admin/SCRIPT` with `arguments`; returns its exit status and output.
    static func python(_ script: String, arguments: [String], timeout: TimeInterval = 300) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("Tests/Admin/" + script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let collected = LockedData()
        let reader = Thread {
            collected.set(output.fileHandleForReading.readDataToEndOfFile())
        }
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(100_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        while !collected.isSet { usleep(10_000) }
        return (process.terminationStatus, String(decoding: collected.value, as: UTF8.self))
    }
}

/// The reader thread's result.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return data != nil
    }

    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data ?? Data()
    }
}
