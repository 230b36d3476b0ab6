import Foundation

/// Which sessions an operator asks for (dashboard, REST API, `twag sessions`). Every value is bound
/// as an SQL argument, never spliced into the text.
public struct SessionFilter: Sendable, Equatable {
    public enum Liveness: String, Sendable, CaseIterable {
        case live
        case ended
    }

    /// Exact IMSI.
    public var imsi: String?
    /// An AP: its source address, NAS-IP-Address, or the start of its Called-Station-Id (the AP MAC).
    public var accessPoint: String?
    public var liveness: Liveness?
    /// Accepted at or after.
    public var since: Date?
    /// Accepted before.
    public var until: Date?

    public init(imsi: String? = nil, accessPoint: String? = nil, liveness: Liveness? = nil, since: Date? = nil,
                until: Date? = nil) {
        self.imsi = imsi
        self.accessPoint = accessPoint
        self.liveness = liveness
        self.since = since
        self.until = until
    }

    /// The WHERE clause with SQLite's `?` placeholders.
    var clause: (sql: String, arguments: [any Sendable]) { clause { _ in "?" } }

    /// The WHERE clause ("" when nothing filters) and its arguments, in order; `placeholder` names
    /// the n-th argument (1-based) in the engine's dialect.
    func clause(placeholder: (Int) -> String) -> (sql: String, arguments: [any Sendable]) {
        var terms: [String] = []
        var arguments: [any Sendable] = []
        func next() -> String { placeholder(arguments.count + 1) }
        if let imsi {
            terms.append("imsi = \(next())")
            arguments.append(imsi)
        }
        if let accessPoint {
            // LIKE with ESCAPE so '%' or '_' typed by an operator match themselves.
            terms.append("(client_ip = \(placeholder(arguments.count + 1)) OR nas_ip = \(placeholder(arguments.count + 2))"
                         + " OR called_station_id LIKE \(placeholder(arguments.count + 3)) ESCAPE '\\')")
            let escaped = accessPoint.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            arguments += [accessPoint, accessPoint, escaped + "%"]
        }
        switch liveness {
        case .live?: terms.append("ended_at IS NULL")
        case .ended?: terms.append("ended_at IS NOT NULL")
        case nil: break
        }
        if let since {
            terms.append("accepted_at >= \(next())")
            arguments.append(since)
        }
        if let until {
            terms.append("accepted_at < \(next())")
            arguments.append(until)
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), arguments)
    }
}

/// A page of sessions and how many match in all.
public struct SessionPage: Sendable, Equatable {
    public var sessions: [SessionRow]
    public var total: Int

    public init(sessions: [SessionRow], total: Int) {
        self.sessions = sessions
        self.total = total
    }
}

/// The usage line of the "Client Usage & Accounting" view: "N Sessions · N Active · ↓ … / ↑ …".
public struct UsageTotals: Sendable, Equatable {
    public var sessions: Int
    public var active: Int
    /// Octets to the phone (Acct-Output-Octets: from the NAS's point of view, output is downstream).
    public var downloadOctets: Int64
    /// Octets from the phone (Acct-Input-Octets).
    public var uploadOctets: Int64
    public var sessionSeconds: Int64

    public init(sessions: Int, active: Int, downloadOctets: Int64, uploadOctets: Int64, sessionSeconds: Int64) {
        self.sessions = sessions
        self.active = active
        self.downloadOctets = downloadOctets
        self.uploadOctets = uploadOctets
        self.sessionSeconds = sessionSeconds
    }
}

/// One access point as the frontends registered it (`access_points`).
public struct AccessPointRecord: Sendable, Equatable {
    public var nasIP: String
    public var apMAC: String
    public var ssid: String?
    public var calledStationID: String?
    public var nasIdentifier: String?
    public var nasPortType: Int?
    public var framedMTU: Int?
    public var sourceIP: String
    public var firstSeen: Date
    public var lastSeen: Date
    /// Phones ever accepted through it.
    public var clientCount: Int
    /// Sessions live on it now.
    public var liveSessions: Int
}
