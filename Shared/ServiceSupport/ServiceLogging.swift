import Foundation
import Logging
import WireFormat

/// Log output for the services: one line per event on standard error (journald and docker collect
/// it from there), as text for people or JSON for log pipelines (`logging.format`).
public enum ServiceLogging {
    public enum Format: String, Sendable {
        case text
        case json
    }

    /// Installs the handler for the whole process. Call once, first thing in `main`.
    public static func bootstrap(service: String, level: Logger.Level, format: Format) {
        LoggingSystem.bootstrap { label in
            TWAGLogHandler(service: service, label: label, format: format, level: level)
        }
    }
}

/// Writes `2026-11-25T13:40:00.123Z info radius-frontend: message key=value` or a JSON object.
/// Metadata values are printed as given: callers never put secrets in log metadata.
public struct TWAGLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let service: String
    let label: String
    let format: ServiceLogging.Format

    public init(service: String, label: String, format: ServiceLogging.Format, level: Logger.Level) {
        self.service = service
        self.label = label
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let line = Self.render(
            time: Date(), level: event.level, service: service, message: "\(event.message)", metadata: merged,
            format: format)
        StandardErrorWriter.shared.write(line)
    }

    static func render(
        time: Date, level: Logger.Level, service: String, message: String, metadata: Logger.Metadata,
        format: ServiceLogging.Format
    ) -> String {
        let stamp = timestamp(time)
        let keys = metadata.keys.sorted()
        switch format {
        case .text:
            var line = "\(stamp) \(level) \(service): \(message)"
            for k in keys { line += " \(k)=\(metadata[k].map { "\($0)" } ?? "")" }
            return line + "\n"
        case .json:
            var fields: [(String, String)] = [
                ("ts", stamp), ("level", level.rawValue), ("service", service), ("msg", message),
            ]
            for k in keys { fields.append((k, metadata[k].map { "\($0)" } ?? "")) }
            return "{" + fields.map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}\n"
        }
    }

    /// ISO 8601 in UTC to the millisecond (truncated: a line is never stamped later than it was written).
    static func timestamp(_ date: Date) -> String {
        UTCTimestampText.iso8601(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Serialises writes so concurrent log lines never interleave.
final class StandardErrorWriter: @unchecked Sendable {
    static let shared = StandardErrorWriter()
    private let lock = NSLock()

    /// One write(2) per line, straight from the string's bytes (no Data copy), the rest of a
    /// partial write retried.
    func write(_ line: String) {
        var line = line
        lock.lock()
        defer { lock.unlock() }
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stderr gone: nothing better to do with a log line
                }
                offset += written
            }
        }
    }
}

/// Renders a line exactly as the handler would (tests and tooling that check log formats).
public enum TWAGLogHandlerRenderProbe {
    public static func render(
        format: ServiceLogging.Format, message: String, metadata: Logger.Metadata, service: String = "aaa-core",
        level: Logger.Level = .info
    ) -> String {
        TWAGLogHandler.render(time: Date(), level: level, service: service, message: message, metadata: metadata, format: format)
    }
}
