/// The `radius` section: what every radius-frontend instance listens on and whom it answers.
public struct RADIUSConfiguration: Sendable, Equatable {
    /// Addresses the UDP sockets bind (`bind_addresses`). Binding both `0.0.0.0` and `::` needs
    /// IPV6_V6ONLY on the IPv6 socket.
    public var bindAddresses: [String] = ["0.0.0.0", "::"]
    /// Access-Request port (`auth_port`, RFC 2865).
    public var authPort: Int = 1812
    /// Accounting-Request port (`acct_port`, RFC 2866).
    public var acctPort: Int = 1813
    /// Port of the access points' Dynamic Authorization server, where Disconnect/CoA requests go
    /// (`coa_port`, RFC 5176).
    public var coaPort: Int = 3799
    /// Shared secret for sources no client entry gives one to (`secret`).
    public var secret: ConfigurationSecret? = nil
    /// Sources allowed to send requests (`allowed_source_subnets`); empty = any source.
    public var allowedSourceSubnets: [CIDRSubnet] = []
    /// Per-client settings (`clients`); the most specific matching subnet wins.
    public var clients: [RADIUSClientConfiguration] = []
    /// How long a request identifier is remembered to answer retransmissions (`duplicate_window_s`).
    public var duplicateWindowSeconds: Int = 30
    /// Receive buffer of each RADIUS socket (`socket_receive_buffer_bytes`): room for a burst of
    /// requests while the frontend is busy (the kernel's 208 KiB default holds ≈ 270 datagrams and
    /// dropped them when 512 APs' Interim-Updates came together). The kernel caps it at
    /// `net.core.rmem_max`; the frontend warns when it is capped.
    public var socketReceiveBufferBytes: Int = 4 << 20
    /// Acct-Interim-Interval sent in Access-Accept (`acct_interim_interval_s`; RFC 2869 section
    /// 5.16: at least 60).
    public var acctInterimIntervalSeconds: Int = 600
    /// Session-Timeout sent in Access-Accept (`session_timeout_s`); nil = none.
    public var sessionTimeoutSeconds: Int? = nil
    /// Whether Access-Requests without Message-Authenticator are dropped
    /// (`require_message_authenticator`, the Blast-RADIUS mitigation).
    public var requireMessageAuthenticator: Bool = true

    public init() {}

    /// Whether a request from `address` (4 or 16 bytes; unmap IPv4-mapped addresses first) may
    /// be processed at all.
    public func isAllowedSource<Bytes: Collection>(_ address: Bytes) -> Bool where Bytes.Element == UInt8 {
        allowedSourceSubnets.isEmpty || allowedSourceSubnets.contains { $0.contains(address) }
    }

    /// The client entry with the most specific subnet containing `address`, if any.
    public func client<Bytes: Collection>(for address: Bytes) -> RADIUSClientConfiguration? where Bytes.Element == UInt8 {
        var best: RADIUSClientConfiguration? = nil
        for client in clients where client.subnet.contains(address) {
            if client.subnet.prefixLength > (best?.subnet.prefixLength ?? -1) { best = client }
        }
        return best
    }

    /// Where Disconnect/CoA requests for the AP at `address` go: its client's `coa_port`, else `radius.coa_port`.
    public func coaPort<Bytes: Collection>(for address: Bytes) -> Int where Bytes.Element == UInt8 {
        client(for: address)?.coaPort ?? coaPort
    }

    /// The shared secret for a request from `address`: nil when the source is not allowed (drop
    /// the packet), else the most specific client's secret or the global one.
    public func secret<Bytes: Collection>(for address: Bytes) -> ConfigurationSecret? where Bytes.Element == UInt8 {
        guard isAllowedSource(address) else { return nil }
        return client(for: address)?.secret ?? secret
    }

    static let keys = [
        "bind_addresses", "auth_port", "acct_port", "coa_port", "secret", "allowed_source_subnets", "clients",
        "duplicate_window_s", "socket_receive_buffer_bytes", "acct_interim_interval_s", "session_timeout_s", "require_message_authenticator",
    ]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        if let addresses = try reader.list("bind_addresses", maximumCount: 64, expected: "a list of IP addresses", element: {
            (node, path) throws(ConfigurationError) in
            try ConfigReader.string(node, path: path, maximumLength: 45, check: ValueChecks.ipAddress)
        }) {
            guard !addresses.isEmpty else {
                throw ConfigurationError.invalidValue(path: reader.keyPath("bind_addresses"), reason: "must list at least one address")
            }
            bindAddresses = addresses
        }
        authPort = try reader.port("auth_port", default: authPort)
        acctPort = try reader.port("acct_port", default: acctPort)
        if acctPort == authPort {
            throw ConfigReader.attributed(.invalidValue(path: reader.keyPath("acct_port"), reason: "must differ from auth_port (\(authPort))"),
                                          to: reader.node("acct_port") ?? .emptyMapping)
        }
        coaPort = try reader.port("coa_port", default: coaPort)
        secret = try reader.secret("secret")
        allowedSourceSubnets = try reader.list("allowed_source_subnets", maximumCount: 10_000, expected: "a list of CIDR subnets",
                                               element: ValueChecks.subnet) ?? []
        clients = try reader.list("clients", maximumCount: 10_000, expected: "a list of clients") { (node, path) throws(ConfigurationError) in
            try RADIUSClientConfiguration(node, path: path)
        } ?? []
        try checkClientsAreDistinct(path: reader.keyPath("clients"))
        duplicateWindowSeconds = try reader.int("duplicate_window_s", default: duplicateWindowSeconds, range: 1...300)
        socketReceiveBufferBytes = try reader.int("socket_receive_buffer_bytes", default: socketReceiveBufferBytes,
                                                  range: 65_536...(1 << 30))
        if let value = reader.node("acct_interim_interval_s") {
            let interval = try ConfigReader.int(value, path: reader.keyPath("acct_interim_interval_s"), range: 0...86_400)
            guard interval >= 60 else {
                throw ConfigReader.attributed(.invalidValue(path: reader.keyPath("acct_interim_interval_s"),
                                                            reason: "must be at least 60 (RFC 2869 section 5.16), got \(interval)"), to: value)
            }
            acctInterimIntervalSeconds = interval
        }
        sessionTimeoutSeconds = try reader.optionalInt("session_timeout_s", range: 60...31_536_000)
        requireMessageAuthenticator = try reader.bool("require_message_authenticator", default: requireMessageAuthenticator)
        if secret == nil, !everyAllowedSourceHasClientSecret() {
            throw reader.missing("secret", reason: "no per-client secret covers every client")
        }
    }

    private func checkClientsAreDistinct(path: String) throws(ConfigurationError) {
        var names: [String: Int] = [:]
        var subnets: [CIDRSubnet: Int] = [:]
        for (index, client) in clients.enumerated() {
            if let first = names[client.name] {
                throw .invalidValue(path: "\(path)[\(index)].name",
                                    reason: "\(ConfigurationText.quoted(client.name)) is already the name of \(path)[\(first)]")
            }
            if let first = subnets[client.subnet] {
                throw .invalidValue(path: "\(path)[\(index)].subnet", reason: "\(client.subnet) is already the subnet of \(path)[\(first)]")
            }
            names[client.name] = index
            subnets[client.subnet] = index
        }
    }

    /// Whether the global secret can be omitted: every address the front accepts resolves (most
    /// specific client first) to a client with its own secret.
    func everyAllowedSourceHasClientSecret() -> Bool {
        let sources = allowedSourceSubnets.isEmpty
            ? [CIDRSubnet(maskingAddress: [UInt8](repeating: 0, count: 4), prefixLength: 0),
               CIDRSubnet(maskingAddress: [UInt8](repeating: 0, count: 16), prefixLength: 0)].compactMap { $0 }
            : allowedSourceSubnets
        return sources.allSatisfy { source in
            var owner: RADIUSClientConfiguration? = nil
            for client in clients where client.subnet.contains(subnet: source) && client.subnet.prefixLength < source.prefixLength {
                if client.subnet.prefixLength > (owner?.subnet.prefixLength ?? -1) { owner = client }
            }
            let inside = clients.filter { source.contains(subnet: $0.subnet) }
            return Self.hasClientSecretEverywhere(in: source, candidates: inside, owner: owner)
        }
    }

    /// `candidates` are the clients inside `subnet`; `owner` the most specific one containing it.
    /// The walk splits `subnet` only where a more specific client starts, so it visits at most
    /// (clients x address bits) subnets.
    private static func hasClientSecretEverywhere(
        in subnet: CIDRSubnet, candidates: [RADIUSClientConfiguration], owner: RADIUSClientConfiguration?
    ) -> Bool {
        let owner = candidates.first { $0.subnet.prefixLength == subnet.prefixLength } ?? owner
        let deeper = candidates.filter { $0.subnet.prefixLength > subnet.prefixLength }
        guard !deeper.isEmpty, let (lower, upper) = subnet.halves else { return owner?.secret != nil }
        let inLower = deeper.filter { lower.contains(subnet: $0.subnet) }
        let inUpper = deeper.filter { upper.contains(subnet: $0.subnet) }
        return hasClientSecretEverywhere(in: lower, candidates: inLower, owner: owner)
            && hasClientSecretEverywhere(in: upper, candidates: inUpper, owner: owner)
    }
}

/// One entry of `radius.clients`: a set of access points sharing a secret.
public struct RADIUSClientConfiguration: Sendable, Equatable {
    /// Label for logs and metrics (`name`).
    public var name: String
    /// Source addresses of the client (`subnet`).
    public var subnet: CIDRSubnet
    /// Its shared secret (`secret`); nil = `radius.secret`.
    public var secret: ConfigurationSecret?
    /// Its Dynamic Authorization port (`coa_port`), for controllers that do not use the shared
    /// `radius.coa_port`; nil = that one.
    public var coaPort: Int?

    public init(name: String, subnet: CIDRSubnet, secret: ConfigurationSecret? = nil, coaPort: Int? = nil) {
        self.name = name
        self.subnet = subnet
        self.secret = secret
        self.coaPort = coaPort
    }

    init(_ node: ConfigNode, path: String) throws(ConfigurationError) {
        let reader = try ConfigReader(node, path: path, keys: ["name", "subnet", "secret", "coa_port"], holdsSecrets: true)
        name = try reader.requiredString("name", maximumLength: 64)
        guard let subnetNode = reader.node("subnet") else { throw reader.missing("subnet") }
        subnet = try ValueChecks.subnet(subnetNode, path: reader.keyPath("subnet"))
        secret = try reader.secret("secret")
        coaPort = try reader.optionalInt("coa_port", range: 1...65535)
    }
}
