import Glibc

/// The whole OpenTWAG configuration: one YAML file shared by radius-frontend, aaa-core and
/// charging-agent, each reading its sections. Every value has a default except the Diameter
/// identity (`diameter.host`, `diameter.realm`) and the RADIUS shared secret.
///
/// Load it with `TWAGConfiguration.load(path:environment:)`; `TWAG_...` environment variables
/// override the file (see `EnvironmentOverrides`). Printing a configuration shows
/// `redactedSummary()`: secrets appear as `***`.
public struct TWAGConfiguration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How SQLite syncs the accounting store (`database_synchronous`).
    public enum DatabaseSynchronous: String, Sendable, CaseIterable {
        /// Durable against process crashes; a power loss may lose the last transactions (WAL mode).
        case normal
        /// Durable against power loss, at a write cost.
        case full
    }

    /// The executables sharing the file, for `validate(for:)`.
    public enum Service: String, Sendable, CaseIterable {
        case radiusFrontend = "radius-frontend"
        case aaaCore = "aaa-core"
        case chargingAgent = "charging-agent"
    }

    /// `diameter`.
    public var diameter: DiameterConfiguration
    /// `radius`.
    public var radius: RADIUSConfiguration
    /// `eap`.
    public var eap: EAPConfiguration
    /// `charging`.
    public var charging: ChargingConfiguration
    /// Directory of the services' Unix sockets (`runtime_dir`).
    public var runtimeDirectory: String = "/run/twag"
    /// The SQLite accounting store (`database_path`).
    public var databasePath: String = "/var/lib/twag/twag.sqlite"
    /// `database_synchronous`.
    public var databaseSynchronous: DatabaseSynchronous = .normal
    /// `database_wal_max_mib`: the SQLite WAL file's ceiling, where the writer itself restarts it.
    public var databaseWALMaximumMiB: Int = 512
    /// `database_commit_delay_us`: how long the frontend's session writer lets a transaction gather
    /// more writes while they arrive back to back (SQLite; 0: commit each batch at once).
    public var databaseCommitDelayMicroseconds: Int = 500
    /// The shared store (`database_url`): `sqlite:PATH` or `postgres://USER[:PASSWORD]@HOST[:PORT]/DB?sslmode=…`.
    /// Unset: `sqlite:` + `database_path`; set, `database_path` is not used (so an environment
    /// override can move a file-configured node to PostgreSQL). Held as a secret: it may carry the password.
    public var databaseURL: ConfigurationSecret?
    /// A file holding the PostgreSQL password (`database_password_file`; a Docker or systemd
    /// credential), so the URL carries none.
    public var databasePasswordFile: String?
    /// PostgreSQL connections one process may hold (`database_pool_size`).
    public var databasePoolSize: Int = 8
    /// How long a store call may take before it fails as unavailable (`database_request_timeout_ms`).
    public var databaseRequestTimeoutMilliseconds: Int = 5_000
    /// Whether an Access-Accept needs its session row stored first (`store_required_for_accept`):
    /// false lets subscribers in while the store is unreachable (their accounting waits for it).
    public var storeRequiredForAccept = false
    /// This TWAG node's name on every session row it accepts (`node_id`); empty: the host name.
    public var nodeID: String = ""
    /// Seconds a node's aaa-core or charging-agent may go silent before another node takes over its
    /// deregistrations and Gy sessions (`node_failover_s`; several nodes on PostgreSQL).
    public var nodeFailoverSeconds: Int = 15
    /// Days accounting records and ended sessions are kept in the store (`accounting_retention_days`).
    public var accountingRetentionDays: Int = 90
    /// Threads running each service process's sockets and tasks (`event_loop_threads`). With one, a
    /// request is served start to finish on the thread that read it; more add thread hand-offs.
    public var eventLoopThreads: Int = 1
    /// `ipc`.
    public var ipc: IPCConfiguration
    /// `prometheus`.
    public var prometheus: PrometheusConfiguration
    /// `dashboard`.
    public var dashboard: DashboardConfiguration
    /// `api`.
    public var api: APIConfiguration
    /// `logging`.
    public var logging: LoggingConfiguration

    public init(
        diameter: DiameterConfiguration, radius: RADIUSConfiguration = .init(), eap: EAPConfiguration = .init(),
        charging: ChargingConfiguration = .init(), ipc: IPCConfiguration = .init(),
        prometheus: PrometheusConfiguration = .init(), dashboard: DashboardConfiguration = .init(),
        api: APIConfiguration = .init(), logging: LoggingConfiguration = .init()
    ) {
        self.diameter = diameter
        self.radius = radius
        self.eap = eap
        self.charging = charging
        self.ipc = ipc
        self.prometheus = prometheus
        self.dashboard = dashboard
        self.api = api
        self.logging = logging
    }

    /// Largest configuration file read.
    public static let maximumFileBytes = YAMLDocument.maximumBytes
    /// Bytes left for a socket's name under `runtime_dir` (sun_path holds 108 with its NUL).
    static let maximumRuntimeDirectoryBytes = 80

    static let keys = [
        "diameter", "radius", "eap", "charging", "runtime_dir", "database_path", "database_synchronous", "database_wal_max_mib", "database_commit_delay_us", "accounting_retention_days",
        "database_url", "database_password_file", "database_pool_size", "database_request_timeout_ms", "store_required_for_accept", "node_id", "node_failover_s",
        "event_loop_threads", "ipc",
        "prometheus", "dashboard", "api", "logging",
    ]

    /// Reads, overrides and validates the file at `path`. `environment` is usually
    /// `ProcessInfo.processInfo.environment`; every variable starting with `TWAG_` must name a key.
    public static func load(path: String, environment: [String: String] = [:]) throws(ConfigurationError) -> TWAGConfiguration {
        try parse(yaml: ConfigurationFile.contents(atPath: path), environment: environment)
    }

    /// Parses, overrides and validates YAML text.
    public static func parse(yaml: String, environment: [String: String] = [:]) throws(ConfigurationError) -> TWAGConfiguration {
        var root = try YAMLDocument.parse(yaml)
        if root.isNull { root = .emptyMapping }
        guard case .mapping = root.value else {
            throw .wrongType(path: "", expected: "a mapping of sections at the top level", found: root.kindDescription(showValue: false))
        }
        try EnvironmentOverrides.apply(environment, to: &root)
        return try TWAGConfiguration(root: root)
    }

    init(root: ConfigNode) throws(ConfigurationError) {
        let reader = try ConfigReader(root, path: "", keys: Self.keys)
        guard reader.has("diameter") else { throw reader.missing("diameter") }
        diameter = try DiameterConfiguration(reading: reader.section("diameter", keys: DiameterConfiguration.keys))
        radius = try RADIUSConfiguration(reading: reader.section("radius", keys: RADIUSConfiguration.keys, holdsSecrets: true))
        eap = try EAPConfiguration(reading: reader.section("eap", keys: EAPConfiguration.keys))
        charging = try ChargingConfiguration(reading: reader.section("charging", keys: ChargingConfiguration.keys))
        runtimeDirectory = try reader.string("runtime_dir", default: runtimeDirectory, maximumLength: Self.maximumRuntimeDirectoryBytes)
        databasePath = try reader.string("database_path", default: databasePath, maximumLength: 4096)
        databaseSynchronous = try reader.choice("database_synchronous", default: databaseSynchronous)
        databaseWALMaximumMiB = try reader.int("database_wal_max_mib", default: databaseWALMaximumMiB, range: 16...16_384)
        databaseCommitDelayMicroseconds = try reader.int("database_commit_delay_us", default: databaseCommitDelayMicroseconds,
                                                         range: 0...10_000)
        databaseURL = try reader.optionalString("database_url", maximumLength: 4096) { url in
            url.hasPrefix("sqlite:") || url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
                ? nil : "must start with sqlite: or postgres://"
        }.map(ConfigurationSecret.init)
        databasePasswordFile = try reader.optionalString("database_password_file", maximumLength: 4096)
        databasePoolSize = try reader.int("database_pool_size", default: databasePoolSize, range: 1...100)
        databaseRequestTimeoutMilliseconds = try reader.int("database_request_timeout_ms",
                                                            default: databaseRequestTimeoutMilliseconds, range: 100...60_000)
        nodeFailoverSeconds = try reader.int("node_failover_s", default: nodeFailoverSeconds, range: 3...600)
        storeRequiredForAccept = try reader.bool("store_required_for_accept", default: storeRequiredForAccept)
        nodeID = try reader.string("node_id", default: nodeID, maximumLength: 64) { id in
            id.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } ? nil : "letters, digits, '-', '_' and '.' only"
        }
        accountingRetentionDays = try reader.int("accounting_retention_days", default: accountingRetentionDays, range: 1...3650)
        eventLoopThreads = try reader.int("event_loop_threads", default: eventLoopThreads, range: 1...64)
        ipc = try IPCConfiguration(reading: reader.section("ipc", keys: IPCConfiguration.keys))
        prometheus = try PrometheusConfiguration(reading: reader.section("prometheus", keys: PrometheusConfiguration.keys))
        dashboard = try DashboardConfiguration(reading: reader.section("dashboard", keys: DashboardConfiguration.keys, holdsSecrets: true))
        api = try APIConfiguration(reading: reader.section("api", keys: APIConfiguration.keys, holdsSecrets: true))
        logging = try LoggingConfiguration(reading: reader.section("logging", keys: LoggingConfiguration.keys))
        try checkListenersAreDistinct()
    }

    private func checkListenersAreDistinct() throws(ConfigurationError) {
        let listeners = [("prometheus.port", prometheus.port), ("dashboard.port", dashboard.port), ("api.port", api.port)]
        for (index, (path, port)) in listeners.enumerated() {
            if let other = listeners[..<index].first(where: { $0.1 == port }) {
                throw .invalidValue(path: path, reason: "must differ from \(other.0) (\(port))")
            }
        }
    }

    /// `database_url`, or the SQLite file at `database_path` when it is unset.
    public var effectiveDatabaseURL: String { databaseURL?.revealed ?? "sqlite:" + databasePath }

    /// `node_id`, or this host's name when it is unset.
    public var effectiveNodeID: String {
        guard nodeID.isEmpty else { return nodeID }
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "twag" }
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return host.isEmpty ? "twag" : host
    }

    /// Checks a configuration built or edited in code the way loading checks a file, plus what
    /// one service needs beyond the shared rules (aaa-core needs an HSS peer).
    public func validate(for service: Service? = nil) throws(ConfigurationError) {
        // Re-reading the rendered form applies every rule in one place.
        _ = try TWAGConfiguration(root: ConfigurationRendering.node(of: self))
        switch service {
        case .aaaCore?:
            if diameter.peers.isEmpty { throw .missingKey(path: "diameter.peers", reason: "aaa-core needs at least one HSS peer") }
        case .chargingAgent?, .radiusFrontend?, nil:
            break
        }
    }

    /// Multi-line YAML rendering of the effective configuration for start-up logs, secrets shown
    /// as `***`.
    public func redactedSummary() -> String {
        ConfigurationRendering.yaml(of: self)
    }

    public var description: String { redactedSummary() }
    public var debugDescription: String { redactedSummary() }
}
