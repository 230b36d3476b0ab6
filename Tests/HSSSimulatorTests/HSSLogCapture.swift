import Foundation
import Logging

/// Collects log records so tests can check hss-sim's operator-facing log lines.
final class HSSLogStore: @unchecked Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let lock = NSLock()
    private var stored: [Record] = []

    var records: [Record] { lock.withLock { stored } }
    var messages: [String] { records.map(\.message) }

    func append(_ record: Record) { lock.withLock { stored.append(record) } }

    func logger() -> Logger {
        var logger = Logger(label: "hss-sim-test") { _ in HSSCapturingLogHandler(store: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Waits (bounded) until a line satisfying `predicate` was logged.
    func waitFor(timeout: Duration = .seconds(5), _ predicate: (String) -> Bool) async -> String? {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if let hit = messages.first(where: predicate) { return hit }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return messages.first(where: predicate)
    }
}

struct HSSCapturingLogHandler: LogHandler {
    let store: HSSLogStore
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(.init(level: event.level, message: event.message.description))
    }
}
