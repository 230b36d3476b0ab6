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

    public init() {}

    static let keys = ["mode", "peers", "service_context_id", "quota_tiers_bytes", "threshold_percent", "failure_handling"]

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
    }
}
