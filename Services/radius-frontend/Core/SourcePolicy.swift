import TWAGConfiguration

/// Which sources may talk to the front and with which shared secret (`radius.allowed_source_subnets`,
/// `radius.clients`, `radius.secret`).
public struct SourcePolicy: Sendable {
    /// The decision for one source.
    public enum Decision: Sendable, Equatable {
        /// Process the packet, verifying it with this secret.
        case allowed(secret: [UInt8])
        /// Drop it: outside the allowed subnets, or no secret covers it.
        case denied
    }

    private let radius: RADIUSConfiguration

    public init(radius: RADIUSConfiguration) {
        self.radius = radius
    }

    /// True when `allowed_source_subnets` is empty: any host that knows the secret is served.
    /// Worth a start-up warning in production.
    public var allowsAnySource: Bool { radius.allowedSourceSubnets.isEmpty }

    /// The decision for a request from `client` (the most specific client entry's secret wins).
    public func evaluate(_ client: ClientEndpoint) -> Decision {
        guard let secret = radius.secret(for: client.address) else { return .denied }
        let bytes = secret.bytes
        return bytes.isEmpty ? .denied : .allowed(secret: bytes)
    }
}
