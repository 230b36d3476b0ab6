import Foundation

/// What one service reports of itself to the operator surface (twag-admin, `twag status`): carried
/// as JSON in an IPC `status-result` (docs/ipc.md). Management plane only: never on a request path.
public struct ServiceStatus: Codable, Sendable, Equatable {
    /// "radius-frontend", "aaa-core", "charging-agent".
    public var service: String
    /// The process's IPC instance id.
    public var instance: String
    public var startedAt: Date
    public var resources: ResourceUsage
    /// The configuration in effect, rendered as YAML with every secret shown as `***`.
    public var configuration: String
    /// Diameter peers of this service (HSS for aaa-core, OCS for charging-agent).
    public var diameterPeers: [DiameterPeerReport]
    /// EAP conversations held (aaa-core).
    public var conversations: Int?
    /// Latest outcome per subscriber identity, newest first (aaa-core).
    public var recentAuthentications: [AuthenticationEvent]
    /// What a service knows of others: aaa-core relays each connected frontend's status here.
    public var connected: [ServiceStatus]
    /// Free-form facts worth showing (listen addresses, charging mode...).
    public var details: [String: String]
    /// Open Gy sessions, newest first (charging-agent; trimmed to fit one frame).
    public var chargingSessions: [ChargingSessionReport]

    public init(service: String, instance: String, startedAt: Date, resources: ResourceUsage, configuration: String,
                diameterPeers: [DiameterPeerReport] = [], conversations: Int? = nil,
                recentAuthentications: [AuthenticationEvent] = [], connected: [ServiceStatus] = [],
                details: [String: String] = [:], chargingSessions: [ChargingSessionReport] = []) {
        self.chargingSessions = chargingSessions
        self.service = service
        self.instance = instance
        self.startedAt = startedAt
        self.resources = resources
        self.configuration = configuration
        self.diameterPeers = diameterPeers
        self.conversations = conversations
        self.recentAuthentications = recentAuthentications
        self.connected = connected
        self.details = details
    }
}

/// One Diameter peer as the dashboard's "Diameter peers" view shows it.
public struct DiameterPeerReport: Codable, Sendable, Equatable {
    public var host: String
    public var realm: String
    /// "ip:port".
    public var address: String
    /// "tcp", "tls", "sctp".
    public var transport: String
    /// "open", "closed", "connecting", "wait-cea", "suspect"... (RFC 6733 / RFC 3539 states).
    public var state: String
    public var stateSince: Date
    public var priority: Int
    public var initiatedLocally: Bool
    public var productName: String?
    public var announcedHost: String?
    /// Advertised applications by name ("3GPP SWx", "Diameter Credit Control").
    public var applications: [String]
    /// Last Device-Watchdog-Answer (or any message) received from the peer.
    public var lastWatchdog: Date?

    public init(host: String, realm: String, address: String, transport: String, state: String, stateSince: Date,
                priority: Int, initiatedLocally: Bool, productName: String?, announcedHost: String?,
                applications: [String], lastWatchdog: Date?) {
        self.host = host
        self.realm = realm
        self.address = address
        self.transport = transport
        self.state = state
        self.stateSince = stateSince
        self.priority = priority
        self.initiatedLocally = initiatedLocally
        self.productName = productName
        self.announcedHost = announcedHost
        self.applications = applications
        self.lastWatchdog = lastWatchdog
    }
}

/// One open Gy session as charging-agent holds it (the dashboard's charging column).
public struct ChargingSessionReport: Codable, Sendable, Equatable {
    public var sessionClass: String
    /// "authorizing", "open", "terminating"...
    public var phase: String
    /// Cumulative octets at which the current grant runs out; nil = no volume limit (or no grant).
    public var quotaLimitOctets: UInt64?
    /// Cumulative octets the AP reported (stored).
    public var usedOctets: UInt64
    /// Cumulative octets the OCS acknowledged.
    public var reportedOctets: UInt64
    /// The grant carries a Final-Unit-Indication.
    public var finalUnits: Bool
    public var validUntil: Date?
    /// CC-Request-Number of the next request (how many CCRs were sent).
    public var requests: UInt32

    public init(sessionClass: String, phase: String, quotaLimitOctets: UInt64?, usedOctets: UInt64, reportedOctets: UInt64,
                finalUnits: Bool, validUntil: Date?, requests: UInt32) {
        self.sessionClass = sessionClass
        self.phase = phase
        self.quotaLimitOctets = quotaLimitOctets
        self.usedOctets = usedOctets
        self.reportedOctets = reportedOctets
        self.finalUnits = finalUnits
        self.validUntil = validUntil
        self.requests = requests
    }
}
