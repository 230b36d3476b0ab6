import Foundation
import Logging

/// Collects log records so tests can check the operator-facing log lines (one collector for every
/// test target).
public final class LogStore: @unchecked Sendable {
    public struct Record: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Record] = []

    public init() {}

    public var records: [Record] { lock.withLock { stored } }
    public var messages: [String] { records.map(\.message) }

    func append(_ record: Record) { lock.withLock { stored.append(record) } }

    public func messages(at level: Logger.Level) -> [String] { records.filter { $0.level == level }.map(\.message) }

    public func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(store: self) }
        logger.logLevel = level
        return logger
    }

    /// Waits (bounded) until a line satisfying `predicate` was logged.
    public func waitFor(timeout: Duration = .seconds(5), _ predicate: (String) -> Bool) async -> String? {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if let hit = messages.first(where: predicate) { return hit }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return messages.first(where: predicate)
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
