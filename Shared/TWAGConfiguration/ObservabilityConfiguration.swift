/// The `prometheus` section: where each service serves `/metrics`.
public struct PrometheusConfiguration: Sendable, Equatable {
    /// `port`.
    public var port: Int = 9568
    /// Address the metrics listener binds (`bind`).
    public var bind: String = "0.0.0.0"

    public init() {}

    static let keys = ["port", "bind"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        port = try reader.port("port", default: port)
        bind = try reader.string("bind", default: bind, maximumLength: 45, check: ValueChecks.ipAddress)
    }
}

/// The `logging` section.
public struct LoggingConfiguration: Sendable, Equatable {
    /// Lowest level written (swift-log's levels).
    public enum Level: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    /// Line format.
    public enum Format: String, Sendable, CaseIterable {
        /// One human-readable line per event.
        case text
        /// One JSON object per line, for log shippers.
        case json
    }

    /// `level`.
    public var level: Level = .info
    /// `format`.
    public var format: Format = .text

    public init() {}

    static let keys = ["level", "format"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        level = try reader.choice("level", default: level)
        format = try reader.choice("format", default: format)
    }
}
