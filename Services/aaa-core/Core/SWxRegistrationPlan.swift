import TWAGConfiguration

/// Whether aaa-core registers subscribers at the HSS (`diameter.registration.enabled`), and which
/// peers cannot take a SAR: a `vector_dialect: cx` HSS speaks Cx, which has no SWx registration.
public struct SWxRegistrationPlan: Sendable, Hashable {
    /// True when SARs are sent (enabled and at least one SWx-dialect peer).
    public var enabled: Bool
    /// Hosts of Cx peers for which registration is skipped (logged at start-up when enabled).
    public var skippedHosts: [String]

    public init(configuration: DiameterConfiguration) {
        let cx = configuration.peers.filter { $0.vectorDialect == .cx }.map(\.host)
        let requested = configuration.registration.enabled
        skippedHosts = requested ? cx : []
        enabled = requested && cx.count < configuration.peers.count
    }

    /// The start-up log lines.
    public var notices: [String] {
        skippedHosts.map { "SWx registration (SAR) is not available with Cx peers: skipped for \($0)" }
    }
}
