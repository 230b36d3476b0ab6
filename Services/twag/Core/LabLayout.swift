import Foundation

/// Where `twag up` puts a lab stack's files and which ports its processes use, so several
/// processes share one host without clashing (each service gets its own metrics port).
public struct LabLayout: Sendable, Equatable {
    public var directory: String
    public var hssPort: Int = 3868
    /// ocs-sim's Diameter port (config/twag.yaml's charging peer).
    public var ocsPort: Int = 3870
    /// ocs-sim's HTTP control API (ledger, top-ups, RAR/ASR).
    public var ocsControlPort: Int = 3871
    /// `charging.mode` for the lab: `online`, `authorize_only` or `off`.
    public var chargingMode = "online"
    public var authPort: Int = 1812
    public var metricsBasePort: Int = 9568
    /// twag-admin's HTTPS listeners (443 needs privileges a lab does not have).
    public var dashboardPort: Int = 8443
    public var apiPort: Int = 8444
    public var frontends: Int = 1

    public init(directory: String) {
        self.directory = directory
    }

    public var runtimeDirectory: String { directory + "/run" }
    public var databasePath: String { directory + "/twag.sqlite" }
    public var hssStatePath: String { directory + "/hss-state.json" }
    public var ocsLedgerPath: String { directory + "/ocs-ledger.json" }
    /// The lab's dashboard login and API token, written at each `twag up` (mode 0600).
    public var adminCredentialsPath: String { directory + "/admin-credentials" }

    /// Configuration overrides for one service (`TWAG_*`, see config/twag.yaml).
    public func environment(for service: String, instance: Int = 0) -> [String: String] {
        var env = [
            "TWAG_RUNTIME_DIR": runtimeDirectory,
            "TWAG_DATABASE_PATH": databasePath,
            "TWAG_PROMETHEUS__BIND": "127.0.0.1",
            // Every service reads the mode: aaa-core asks for CCR-I, frontends wake the agent.
            "TWAG_CHARGING__MODE": chargingMode,
            "TWAG_CHARGING__PEERS__0__PORT": String(ocsPort),
        ]
        switch service {
        case "radius-frontend":
            env["TWAG_PROMETHEUS__PORT"] = String(metricsBasePort + 10 * instance)
            env["TWAG_RADIUS__AUTH_PORT"] = String(authPort + 10 * instance)
            env["TWAG_RADIUS__ACCT_PORT"] = String(authPort + 1 + 10 * instance)
        case "aaa-core":
            env["TWAG_PROMETHEUS__PORT"] = String(metricsBasePort + 1)
            env["TWAG_DIAMETER__PEERS__0__PORT"] = String(hssPort)
        case "twag-admin":
            env["TWAG_PROMETHEUS__PORT"] = String(metricsBasePort + 3)
            env["TWAG_DASHBOARD__PORT"] = String(dashboardPort)
            env["TWAG_DASHBOARD__BIND"] = "127.0.0.1"
            env["TWAG_API__PORT"] = String(apiPort)
            env["TWAG_API__BIND"] = "127.0.0.1"
        default:
            env["TWAG_PROMETHEUS__PORT"] = String(metricsBasePort + 2)
        }
        return env
    }
}
