import Foundation
import Logging

/// Collects log records so tests can check the operator-facing log lines.
final class LogStore: @unchecked Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Record] = []

    var records: [Record] { lock.withLock { stored } }

    func append(_ record: Record) { lock.withLock { stored.append(record) } }

    func messages(at level: Logger.Level) -> [String] { records.filter { $0.level == level }.map(\.message) }

    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "aaa-core-test") { _ in CapturingLogHandler(store: self) }
        logger.logLevel = level
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let store: LogStore
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(.init(level: event.level, message: event.message.description,
                           metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }
}
