/// The `charging` section: Diameter Gy towards the OCS (charging-agent).
public struct ChargingConfiguration: Sendable, Equatable {
    /// How much charging-agent does.
    public enum Mode: String, Sendable, CaseIterable {
        /// No Gy at all.
        case off
        /// One CCR-Initial at authentication: admit or refuse, no quota tracking.
        case authorizeOnly = "authorize_only"
        /// Full online charging: quota grants, updates and terminations.
        case online
    }

    /// What to do when the OCS cannot be reached (Credit-Control-Failure-Handling, RFC 4006 section 8.14).
    public enum FailureHandling: String, Sendable, CaseIterable {
        case terminate
        case `continue`
        case retryAndTerminate = "retry_and_terminate"
    }

    /// `mode`.
    public var mode: Mode = .off
    /// OCS peers (`peers`), same keys as `diameter.peers` without the SWx-only ones.
    public var peers: [DiameterPeerConfiguration] = []
    /// Service-Context-Id of CCRs (`service_context_id`).
    public var serviceContextID: String = "32251@3gpp.org"
    /// Quota sizes requested in turn, ascending (`quota_tiers_bytes`).
    public var quotaTiersBytes: [Int] = [10 << 20, 50 << 20, 100 << 20]
    /// Share of a grant used before re-authorization is requested (`threshold_percent`).
    public var thresholdPercent: Int = 80
    /// `failure_handling`.
    public var failureHandling: FailureHandling = .terminate

    /// What CCRs ask for (`requested_units`).
    public enum RequestedUnits: String, Sendable, CaseIterable {
        /// The quota tiers in turn.
        case tiers
        /// An empty Requested-Service-Unit: the OCS chooses the slice.
        case server
    }

    /// Origin-Host of charging-agent towards the OCS (`host`); nil = "gy." + `diameter.host` (it must
    /// differ from aaa-core's: a DRA refuses two connections with one Origin-Host).
    public var host: String? = nil
    /// Origin-Realm (`realm`); nil = `diameter.realm`.
    public var realm: String? = nil
    /// Destination-Realm of CCRs (`destination_realm`); nil = the first peer's realm.
    public var destinationRealm: String? = nil
    /// Destination-Host of CCRs (`destination_host`), to pin one OCS behind a DRA.
    public var destinationHost: String? = nil
    /// Rating-Group of the WiFi service (`rating_group`).
    public var ratingGroup: Int = 100
    /// Service-Identifier of the WiFi service (`service_identifier`).
    public var serviceIdentifier: Int? = nil
    /// `requested_units`.
    public var requestedUnits: RequestedUnits = .tiers
    /// Acct-Interim-Interval sent in the Accept in online mode (`interim_interval_s`): usage, hence
    /// the quota, is only as fresh as the AP's interim updates.
    public var interimIntervalSeconds: Int = 60
    /// Tx, the time to wait for a CCA (`request_timeout_ms`); keep it below `ipc.request_timeout_ms`.
    public var requestTimeoutMilliseconds: Int = 2000
    /// First delay before an unanswered CCR is sent again (`retry_interval_s`; doubles up to 60 s).
    public var retryIntervalSeconds: Int = 5
    /// Device-Watchdog interval towards the OCS peers (`watchdog_interval_s`).
    public var watchdogIntervalSeconds: Int = 30

    public init() {}

    static let keys = [
        "mode", "peers", "service_context_id", "quota_tiers_bytes", "threshold_percent", "failure_handling", "host", "realm",
        "destination_realm", "destination_host", "rating_group", "service_identifier", "requested_units",
        "interim_interval_s", "request_timeout_ms", "retry_interval_s", "watchdog_interval_s",
    ]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        mode = try reader.choice("mode", default: mode)
        peers = try DiameterPeerConfiguration.list(reader, "peers", application: .gy)
        if mode != .off, peers.isEmpty {
            throw reader.missing("peers", reason: "at least one OCS peer when mode is \(mode.rawValue)")
        }
        serviceContextID = try reader.string("service_context_id", default: serviceContextID)
        if let tiers = try reader.list("quota_tiers_bytes", maximumCount: 16, expected: "a list of byte counts", element: {
            (node, path) throws(ConfigurationError) in
            try ConfigReader.int(node, path: path, range: 1...(1 << 50), unit: "a byte count")
        }) {
            guard !tiers.isEmpty else {
                throw ConfigurationError.invalidValue(path: reader.keyPath("quota_tiers_bytes"), reason: "must list at least one tier")
            }
            for index in tiers.indices.dropFirst() where tiers[index] <= tiers[index - 1] {
                throw ConfigurationError.invalidValue(path: "\(reader.keyPath("quota_tiers_bytes"))[\(index)]",
                                                      reason: "must be larger than the previous tier (\(tiers[index - 1])), got \(tiers[index])")
            }
            quotaTiersBytes = tiers
        }
        thresholdPercent = try reader.int("threshold_percent", default: thresholdPercent, range: 1...100)
        failureHandling = try reader.choice("failure_handling", default: failureHandling)
        host = try reader.optionalString("host", check: ValueChecks.diameterIdentity)
        realm = try reader.optionalString("realm", check: ValueChecks.realm)
        destinationRealm = try reader.optionalString("destination_realm", check: ValueChecks.realm)
        destinationHost = try reader.optionalString("destination_host", check: ValueChecks.diameterIdentity)
        ratingGroup = try reader.int("rating_group", default: ratingGroup, range: 0...Int(UInt32.max))
        serviceIdentifier = try reader.optionalInt("service_identifier", range: 0...Int(UInt32.max))
        requestedUnits = try reader.choice("requested_units", default: requestedUnits)
        interimIntervalSeconds = try reader.int("interim_interval_s", default: interimIntervalSeconds, range: 10...86_400)
        requestTimeoutMilliseconds = try reader.int("request_timeout_ms", default: requestTimeoutMilliseconds, range: 100...60_000)
        retryIntervalSeconds = try reader.int("retry_interval_s", default: retryIntervalSeconds, range: 1...3600)
        watchdogIntervalSeconds = try reader.int("watchdog_interval_s", default: watchdogIntervalSeconds, range: 6...3600)
    }
}
