import Foundation
import OperatorStatus
import SessionStore

/// The JSON the REST API and the dashboard serve (snake_case keys, RFC 3339 times; described in
/// docs/openapi.yaml, which the tests validate every response against).
public struct SessionView: Codable, Sendable, Equatable {
    public var sessionClass: String
    public var imsi: String
    public var userName: String
    public var callingStationId: String?
    public var calledStationId: String?
    /// SSID from Called-Station-Id ("AP-MAC:SSID").
    public var ssid: String?
    public var nasIp: String?
    public var nasIdentifier: String?
    public var accessPoint: String
    public var frontend: String
    /// The node that accepted it (`node_id`).
    public var node: String
    public var servingHss: String?
    public var registration: String
    public var status: String
    public var acceptedAt: Date
    public var startedAt: Date?
    public var updatedAt: Date?
    public var endedAt: Date?
    public var endCause: String?
    public var acctSessionId: String?
    public var framedIp: String?
    public var durationSeconds: Int64
    public var downloadOctets: Int64
    public var uploadOctets: Int64
    public var charging: ChargingView?

    public init(_ row: SessionRow, charging: ChargingRecord?, live: ChargingSessionReport? = nil, now: Date) {
        sessionClass = row.sessionClass
        imsi = row.imsi
        userName = row.userName
        callingStationId = row.callingStationID
        calledStationId = row.calledStationID
        ssid = row.calledStationID.flatMap(Self.ssid(fromCalledStationID:))
        nasIp = row.nasIP
        nasIdentifier = row.nasIdentifier
        accessPoint = row.clientIP
        frontend = row.frontendID
        node = row.nodeID
        servingHss = row.servingHSS
        registration = row.registration.rawValue
        status = row.isLive ? (row.startedAt == nil ? "accepted" : "active") : "ended"
        acceptedAt = row.acceptedAt
        startedAt = row.startedAt
        updatedAt = row.updatedAt
        endedAt = row.endedAt
        endCause = row.endCause
        acctSessionId = row.acctSessionID
        framedIp = row.framedIP
        // The AP's Acct-Session-Time when it reported one; else time since the Accept for a live session.
        durationSeconds = row.sessionTime > 0 || !row.isLive
            ? row.sessionTime : Int64(max(0, now.timeIntervalSince(row.acceptedAt)))
        downloadOctets = row.outputOctets
        uploadOctets = row.inputOctets
        self.charging = charging.map { ChargingView($0, live: live) }
    }

    /// RFC 3580 3.20 / IEEE 802.1X: "00-11-22-33-44-55:SSID".
    static func ssid(fromCalledStationID text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), text[..<colon].count == 17 else { return nil }
        let ssid = text[text.index(after: colon)...]
        return ssid.isEmpty ? nil : String(ssid)
    }
}

/// A session's Gy state: from the store, with charging-agent's live figures while it is open.
public struct ChargingView: Codable, Sendable, Equatable {
    public var mode: String
    public var phase: String
    public var gySessionId: String
    public var updatedAt: Date
    /// Cumulative octets at which the current grant runs out (absent: no volume limit, or closed).
    public var quotaLimitOctets: UInt64?
    /// Cumulative octets the OCS acknowledged.
    public var reportedOctets: UInt64?
    public var finalUnits: Bool?
    public var validUntil: Date?
    public var requests: UInt32?

    init(_ record: ChargingRecord, live: ChargingSessionReport?) {
        mode = record.mode
        phase = live?.phase ?? record.phase
        gySessionId = record.gySessionID
        updatedAt = record.updatedAt
        quotaLimitOctets = live?.quotaLimitOctets
        reportedOctets = live?.reportedOctets
        finalUnits = live?.finalUnits
        validUntil = live?.validUntil
        requests = live?.requests
    }
}

public struct SessionPageView: Codable, Sendable, Equatable {
    public var sessions: [SessionView]
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var totals: UsageTotalsView
}

/// "N Sessions · N Active · ↓ … / ↑ …".
public struct UsageTotalsView: Codable, Sendable, Equatable {
    public var sessions: Int
    public var active: Int
    public var downloadOctets: Int64
    public var uploadOctets: Int64
    public var sessionSeconds: Int64

    public init(_ totals: UsageTotals) {
        sessions = totals.sessions
        active = totals.active
        downloadOctets = totals.downloadOctets
        uploadOctets = totals.uploadOctets
        sessionSeconds = totals.sessionSeconds
    }
}

public struct AccessPointView: Codable, Sendable, Equatable {
    public var nasIp: String
    public var apMac: String
    public var ssid: String?
    public var calledStationId: String?
    public var nasIdentifier: String?
    public var nasPortType: Int?
    public var framedMtu: Int?
    public var sourceIp: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var clients: Int
    public var liveSessions: Int

    init(_ record: AccessPointRecord) {
        nasIp = record.nasIP
        apMac = record.apMAC
        ssid = record.ssid
        calledStationId = record.calledStationID
        nasIdentifier = record.nasIdentifier
        nasPortType = record.nasPortType
        framedMtu = record.framedMTU
        sourceIp = record.sourceIP
        firstSeen = record.firstSeen
        lastSeen = record.lastSeen
        clients = record.clientCount
        liveSessions = record.liveSessions
    }
}

/// A line of the "RADIUS clients" view: the latest authentication of a subscriber and, once
/// accepted, its session.
public struct ClientView: Codable, Sendable, Equatable {
    public var identity: String
    public var imsi: String?
    /// "accepted", "authenticating", "rejected".
    public var state: String
    public var reason: String?
    public var at: Date
    public var accessPoint: String?
    public var callingStationId: String?
    public var session: SessionView?
}

public struct ClientListView: Codable, Sendable, Equatable {
    public var clients: [ClientView]
    /// false when aaa-core could not be asked: the list then holds the store's live sessions only.
    public var live: Bool
    public var accepted: Int
    public var authenticating: Int
    public var rejected: Int
}

public struct PeerView: Codable, Sendable, Equatable {
    /// "aaa-core" (HSS / DRA) or "charging-agent" (OCS).
    public var service: String
    public var peer: DiameterPeerReport
}

public struct PeerListView: Codable, Sendable, Equatable {
    public var peers: [PeerView]
    /// Services that could not be asked, with why.
    public var unavailable: [String: String]
}

public struct ServiceView: Codable, Sendable, Equatable {
    public var service: String
    public var instance: String
    /// "up" or "down".
    public var state: String
    public var startedAt: Date?
    public var resources: ResourceUsage?
    public var details: [String: String]
    public var error: String?
}

public struct StatusView: Codable, Sendable, Equatable {
    /// The services, and the shared store as one more line (`service` "store").
    public var services: [ServiceView]
    public var conversations: Int?
    /// Absent while the store cannot be read.
    public var liveSessions: Int?
    public var accessPoints: Int?
}

public struct ConfigurationView: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var service: String
        public var instance: String
        /// YAML, every secret shown as `***`.
        public var configuration: String
    }

    public var configurations: [Entry]
}

public struct ErrorView: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public var error: Body

    public init(code: String, message: String) {
        error = Body(code: code, message: message)
    }
}

public struct DiameterTestInput: Codable, Sendable, Equatable {
    public var imsi: String
    /// "aka" or "aka_prime" (default aka_prime).
    public var scheme: String?
}
