/// Transport of a peer connection (RFC 6733 2.1).
public enum DiameterTransport: String, Sendable, Hashable {
    case tcp
    case sctp
}

/// TLS on a connection, started right after the TCP connection is up (RFC 6733 2.2, port 5658 style).
public struct DiameterTLSSettings: Sendable, Hashable {
    /// CA bundle that verifies the other side; nil: system roots on a client, no client check on a server.
    public var caFile: String?
    /// Our certificate chain (PEM); required on a listener, optional on a client.
    public var certificateFile: String?
    /// Our private key (PEM), with `certificateFile`.
    public var keyFile: String?
    /// Name checked against the server certificate; nil uses the peer's Diameter host.
    public var serverName: String?
    /// Off only for lab set-ups whose certificates do not name the peer.
    public var verifyHostname: Bool

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil,
                serverName: String? = nil, verifyHostname: Bool = true) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.serverName = serverName
        self.verifyHostname = verifyHostname
    }
}

/// Reconnect delay: `initial`, doubling after each failure up to `max`, reset once the peer is open.
public struct DiameterBackoff: Sendable, Hashable {
    public var initial: Duration
    public var max: Duration

    public init(initial: Duration = .milliseconds(500), max: Duration = .seconds(30)) {
        self.initial = initial
        self.max = max
    }
}

/// One configured peer (config `diameter.peers[]`).
public struct DiameterPeerSettings: Sendable, Hashable {
    /// Origin-Host the peer announces; also its identity for Destination-Host routing.
    public var host: String
    public var realm: String
    public var address: String
    public var port: Int
    public var transport: DiameterTransport
    public var tls: DiameterTLSSettings?
    /// true: we connect (and reconnect); false: we wait for the peer.
    public var initiateConnection: Bool
    /// Lower is preferred; equal priorities share the load round robin.
    public var priority: Int
    /// Tw of RFC 3539 (at least 6 s; ±2 s of jitter is applied).
    public var watchdogInterval: Duration
    public var requestTimeout: Duration
    public var reconnectBackoff: DiameterBackoff
    /// Requests outstanding at once on this peer; more wait in a queue, their timeout running.
    public var maxInFlight: Int

    public init(host: String, realm: String, address: String, port: Int = 3868, transport: DiameterTransport = .tcp,
                tls: DiameterTLSSettings? = nil, initiateConnection: Bool = true, priority: Int = 1,
                watchdogInterval: Duration = .seconds(30), requestTimeout: Duration = .seconds(3),
                reconnectBackoff: DiameterBackoff = DiameterBackoff(), maxInFlight: Int = 64) {
        self.host = host
        self.realm = realm
        self.address = address
        self.port = port
        self.transport = transport
        self.tls = tls
        self.initiateConnection = initiateConnection
        self.priority = priority
        self.watchdogInterval = watchdogInterval
        self.requestTimeout = requestTimeout
        self.reconnectBackoff = reconnectBackoff
        self.maxInFlight = maxInFlight
    }
}

/// Node-wide tuning beyond the per-peer settings; the defaults follow RFC 3539 / RFC 6733.
public struct DiameterNodeOptions: Sendable {
    /// RFC 3539: Tw never below 6 s. Lowered only by tests.
    public var minimumWatchdogInterval: Duration = .seconds(6)
    /// RFC 3539: ±2 s so peers do not synchronise their watchdogs.
    public var watchdogJitter: Duration = .seconds(2)
    /// TCP (and TLS handshake) connect timeout.
    public var connectTimeout: Duration = .seconds(5)
    /// Time allowed for the CER/CEA exchange once connected.
    public var capabilitiesExchangeTimeout: Duration = .seconds(10)
    /// Time to wait for a DPA before closing anyway.
    public var disconnectTimeout: Duration = .seconds(2)
    /// Resolution of watchdog, reconnect and request timers.
    public var tickInterval: Duration = .milliseconds(100)
    /// TLS on the listener (certificate and key required; a CA file makes client certificates mandatory).
    public var listenerTLS: DiameterTLSSettings?
    /// Settings applied to peers that connect without being configured (with `acceptUnknownPeers`).
    public var unknownPeerDefaults = DiameterPeerSettings(host: "", realm: "", address: "", initiateConnection: false,
                                                          priority: 100)
    /// Sees every message sent and received (tracing, tests); called on the event loop, keep it cheap.
    public var messageObserver: (@Sendable (DiameterMessageEvent) -> Void)?
    /// Seed for watchdog jitter; nil: random.
    public var jitterSeed: UInt64?

    public init() {}
}
