import Foundation
import TestSupport
import XCTest

/// The built `ocs-sim` executable run as a real process, stdout and stderr captured to one file so a
/// test can wait for a log line and show the whole log when it fails.
final class OCSSimProcess: @unchecked Sendable {
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "ocs-sim is not built next to the test bundle: run `swift build --build-tests` first" }
    }

    let logURL: URL
    private let process = Process()

    /// Where SwiftPM put the executables: the test bundle runs from .build/<triple>/<configuration>/.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            candidates.append(url.appendingPathComponent("ocs-sim"))
            url = url.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()
            .appendingPathComponent("ocs-sim"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/ocs-sim"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw NotBuilt()
        }
        return found
    }

    init(arguments: [String], directory: URL) throws {
        logURL = directory.appendingPathComponent("ocs-sim-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The first line containing `text`, waiting for it; nil on timeout or if the process exited first.
    func waitForLine(containing text: String, timeout: TimeInterval = 30) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !process.isRunning { break }
            usleep(50_000)
        }
        return log.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM (ocs-sim's orderly shutdown), then SIGKILL after `grace`. - Returns: the exit status.
    @discardableResult
    func stop(grace: TimeInterval = 5) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        if let status = waitForExit(timeout: grace) { return status }
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(timeout: 2)
        return nil
    }

    deinit { stop(grace: 2) }
}

/// The lab control API over real HTTP (HTTPProbe is blocking: it runs off the cooperative pool, which
/// the Diameter client of the same test needs to answer a RAR meanwhile).
enum ControlAPI {
    static func request(_ method: String, port: Int, _ path: String) async throws -> (status: Int, json: [String: Any]) {
        let (body, status) = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(body: String, status: Int), any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    method == "GET" ? try HTTPProbe.get(port: port, path: path) : try HTTPProbe.post(port: port, path: path)
                })
            }
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        return (status, json)
    }
}
