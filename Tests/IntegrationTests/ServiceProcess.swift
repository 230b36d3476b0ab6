import Foundation
import XCTest

/// A built executable of this package run as a real process, its output captured to a file so a
/// test can wait for a log line and show the whole log when it fails.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let logURL: URL
    private let process = Process()

    /// `.build/<configuration>/` of this package: where `swift build` put the executables.
    static let binDirectory: URL = {
        // The test bundle runs from .build/<triple>/<configuration>/ (or a symlink to it).
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("aaa-core").path) { return url }
            url = url.deletingLastPathComponent()
        }
        let arg0 = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()
        return arg0
    }()

    static func executable(_ name: String) throws -> URL {
        for dir in [binDirectory, binDirectory.deletingLastPathComponent()] {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let fallback = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/debug/\(name)")
        if FileManager.default.isExecutableFile(atPath: fallback.path) { return fallback }
        throw XCTSkip("\(name) is not built: run `swift build` before `swift test` (.ci/run does)")
    }

    init(_ name: String, arguments: [String], environment: [String: String] = [:], directory: URL, label: String? = nil) throws {
        self.name = label ?? name
        logURL = directory.appendingPathComponent("\(self.name).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = try Self.executable(name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TWAG_") }
            .merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`; false on timeout or if the process exited first.
    @discardableResult
    func waitForLog(_ text: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            if !process.isRunning { return log.contains(text) }
            usleep(50_000)
        }
        return false
    }

    /// Waits for the process to exit by itself.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM, then SIGKILL after `grace`.
    func stop(grace: TimeInterval = 5) {
        guard process.isRunning else { return }
        process.terminate()
        if waitForExit(timeout: grace) == nil {
            kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(timeout: 2)
        }
    }

    /// SIGKILL: a crash, as far as the rest of the stack can tell.
    func crash() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(timeout: 5)
    }

    deinit { stop(grace: 2) }
}
