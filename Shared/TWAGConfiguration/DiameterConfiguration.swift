/// The `diameter` section: this AAA server's Diameter identity and its SWx peers (HSS).
public struct DiameterConfiguration: Sendable, Equatable {
    /// Exponential reconnection delays towards a peer.
    public struct ReconnectBackoff: Sendable, Equatable {
        /// First delay after a connection loss (`initial`, ms).
        public var initialMilliseconds: Int = 500
        /// Ceiling of the doubling delay (`max`, ms).
        public var maximumMilliseconds: Int = 30_000
        public init() {}
    }

    /// SWx Server-Assignment (registration of the AAA server at the HSS).
    public struct Registration: Sendable, Equatable {
        /// Whether aaa-core sends SAR after a successful authentication.
        public var enabled: Bool = false
        public init() {}
    }

    /// Address the Diameter listener binds (`listen_ip`).
    public var listenIP: String = "0.0.0.0"
    /// TCP/SCTP port of the listener (`listen_port`).
    public var listenPort: Int = 3868
    /// Origin-Host of this server (`host`); required.
    public var host: String
    /// Origin-Realm of this server (`realm`); required.
    public var realm: String
    /// Product-Name in CER/CEA (`product_name`).
    public var productName: String = "OpenTWAG"
    /// Time to wait for an answer (`request_timeout_ms`).
    public var requestTimeoutMilliseconds: Int = 3000
    /// Device-Watchdog interval Tw (`watchdog_interval_s`, RFC 3539: at least 6 s).
    public var watchdogIntervalSeconds: Int = 30
    /// `reconnect_backoff_ms`.
    public var reconnectBackoff = ReconnectBackoff()
    /// SWx peers (HSS), tried in ascending `priority`.
    public var peers: [DiameterPeerConfiguration] = []
    /// Destination-Realm of SWx requests; nil = the HSS realm derived from the IMSI (epc.mncXXX.mccYYY.3gppnetwork.org, TS 23.003 19.3).
    public var destinationRealm: String? = nil
    /// `registration`.
    public var registration = Registration()
    /// Realm of the IMPI (`IMSI@realm`) and IMPU (`sip:IMSI@realm`) in Cx requests (`cx_impi_realm`);
    /// nil = the realm of the subscriber's NAI. Set it when the Cx HSS provisions its IMS domain.
    public var cxIMPIRealm: String? = nil

    public init(host: String, realm: String) {
        self.host = host
        self.realm = realm
    }

    static let keys = [
        "listen_ip", "listen_port", "host", "realm", "product_name", "request_timeout_ms", "watchdog_interval_s",
        "reconnect_backoff_ms", "peers", "destination_realm", "registration", "cx_impi_realm",
    ]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        host = try reader.requiredString("host", check: ValueChecks.diameterIdentity)
        realm = try reader.requiredString("realm", check: ValueChecks.realm)
        listenIP = try reader.string("listen_ip", default: listenIP, maximumLength: 45, check: ValueChecks.ipAddress)
        listenPort = try reader.port("listen_port", default: listenPort)
        productName = try reader.string("product_name", default: productName)
        requestTimeoutMilliseconds = try reader.int("request_timeout_ms", default: requestTimeoutMilliseconds, range: 100...600_000)
        watchdogIntervalSeconds = try reader.int("watchdog_interval_s", default: watchdogIntervalSeconds, range: 6...3600)
        let backoff = try reader.section("reconnect_backoff_ms", keys: ["initial", "max"])
        reconnectBackoff.initialMilliseconds = try backoff.int("initial", default: 500, range: 10...600_000)
        reconnectBackoff.maximumMilliseconds = try backoff.int("max", default: 30_000, range: 10...3_600_000)
        if reconnectBackoff.maximumMilliseconds < reconnectBackoff.initialMilliseconds {
            throw ConfigReader.attributed(.invalidValue(
                path: backoff.keyPath("max"),
                reason: "must be at least initial (\(reconnectBackoff.initialMilliseconds)), got \(reconnectBackoff.maximumMilliseconds)"),
                to: backoff.node("max") ?? .emptyMapping)
        }
        peers = try DiameterPeerConfiguration.list(reader, "peers", application: .swx)
        destinationRealm = try reader.optionalString("destination_realm", check: ValueChecks.realm)
        cxIMPIRealm = try reader.optionalString("cx_impi_realm", check: ValueChecks.realm)
        let registrationReader = try reader.section("registration", keys: ["enabled"])
        registration.enabled = try registrationReader.bool("enabled", default: false)
    }
}

/// One Diameter peer: an HSS under `diameter.peers`, or an OCS under `charging.peers`.
public struct DiameterPeerConfiguration: Sendable, Equatable {
    /// Transport protocol towards the peer.
    public enum Transport: String, Sendable, CaseIterable {
        case tcp
        case sctp
    }

    /// Where CK'/IK' for EAP-AKA' come from (`aka_prime_keys`).
    public enum AKAPrimeKeySource: String, Sendable, CaseIterable {
        /// The HSS returns CK'/IK' (TS 29.273 SWx with the EAP-AKA' SIP-Auth-Scheme).
        case hss
        /// The HSS only speaks EAP-AKA and returns CK/IK; aaa-core derives CK'/IK' (TS 33.402 annex A.2).
        case derive
    }

    /// Which authentication-vector AVP layout the HSS uses (`vector_dialect`).
    public enum VectorDialect: String, Sendable, CaseIterable {
        case swx
        case cx
    }

    /// Which Diameter application a peer list serves: SWx-only keys are refused for OCS peers.
    enum Application {
        case swx
        case gy
    }

    /// Origin-Host of the peer (`host`); required.
    public var host: String
    /// Origin-Realm of the peer (`realm`); required.
    public var realm: String
    /// Address to connect to / accept from (`ip`); required.
    public var ip: String
    /// `port`.
    public var port: Int = 3868
    /// Whether the connection uses TLS (`tls`).
    public var tls: Bool = false
    /// CA bundle that verifies the peer (`tls_ca_file`).
    public var tlsCAFile: String? = nil
    /// Our certificate (`tls_cert_file`).
    public var tlsCertificateFile: String? = nil
    /// Our private key (`tls_key_file`).
    public var tlsKeyFile: String? = nil
    /// `transport`.
    public var transport: Transport = .tcp
    /// Whether we connect (true) or wait for the peer to connect (`initiate_connection`).
    public var initiateConnection: Bool = true
    /// Lower is preferred; equal priorities share load (`priority`).
    public var priority: Int = 1
    /// `aka_prime_keys` (SWx peers only).
    public var akaPrimeKeys: AKAPrimeKeySource = .hss
    /// `vector_dialect` (SWx peers only).
    public var vectorDialect: VectorDialect = .swx
    /// Requests outstanding at once before new ones queue (`max_in_flight`): 64 by default, 8 for
    /// `vector_dialect: cx` peers (small cores such as pyHSS lose requests when too many arrive at once).
    public var maxInFlight: Int = 64

    /// `max_in_flight` of a `vector_dialect: cx` peer when the key is absent.
    public static let cxDefaultMaxInFlight = 8

    public init(host: String, realm: String, ip: String) {
        self.host = host
        self.realm = realm
        self.ip = ip
    }

    static let commonKeys = [
        "host", "realm", "ip", "port", "tls", "tls_ca_file", "tls_cert_file", "tls_key_file", "transport",
        "initiate_connection", "priority", "max_in_flight",
    ]
    static let swxKeys = ["aka_prime_keys", "vector_dialect"]

    static func list(_ reader: ConfigReader, _ key: String, application: Application) throws(ConfigurationError) -> [DiameterPeerConfiguration] {
        let peers = try reader.list(key, maximumCount: 64, expected: "a list of peers") { (node, path) throws(ConfigurationError) in
            try DiameterPeerConfiguration(node, path: path, application: application)
        } ?? []
        for (index, peer) in peers.enumerated() {
            if let first = peers[..<index].firstIndex(where: { $0.host.lowercased() == peer.host.lowercased() }) {
                throw ConfigurationError.invalidValue(
                    path: "\(reader.keyPath(key))[\(index)].host",
                    reason: "\(ConfigurationText.quoted(peer.host)) is already the host of \(reader.keyPath(key))[\(first)]")
            }
        }
        return peers
    }

    init(_ node: ConfigNode, path: String, application: Application) throws(ConfigurationError) {
        let keys = application == .swx ? Self.commonKeys + Self.swxKeys : Self.commonKeys
        let reader = try ConfigReader(node, path: path, keys: keys)
        host = try reader.requiredString("host", check: ValueChecks.diameterIdentity)
        realm = try reader.requiredString("realm", check: ValueChecks.realm)
        ip = try reader.requiredString("ip", maximumLength: 45, check: ValueChecks.ipAddress)
        port = try reader.port("port", default: port)
        tls = try reader.bool("tls", default: tls)
        tlsCAFile = try reader.optionalString("tls_ca_file", maximumLength: 4096)
        tlsCertificateFile = try reader.optionalString("tls_cert_file", maximumLength: 4096)
        tlsKeyFile = try reader.optionalString("tls_key_file", maximumLength: 4096)
        if (tlsCertificateFile == nil) != (tlsKeyFile == nil) {
            let absent = tlsKeyFile == nil ? "tls_key_file" : "tls_cert_file"
            throw reader.missing(absent, reason: "tls_cert_file and tls_key_file go together")
        }
        transport = try reader.choice("transport", default: transport)
        initiateConnection = try reader.bool("initiate_connection", default: initiateConnection)
        priority = try reader.int("priority", default: priority, range: 0...65535)
        if application == .swx {
            akaPrimeKeys = try reader.choice("aka_prime_keys", default: akaPrimeKeys)
            vectorDialect = try reader.choice("vector_dialect", default: vectorDialect)
        }
        let defaultInFlight = vectorDialect == .cx ? Self.cxDefaultMaxInFlight : maxInFlight
        maxInFlight = try reader.int("max_in_flight", default: defaultInFlight, range: 1...65535)
    }
}
