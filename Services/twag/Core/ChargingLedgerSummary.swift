import Foundation

/// The lab demo's view of ocs-sim's ledger (Services/ocs-sim/README.md): one line per Gy session,
/// so an operator sees the grant, the usage reported and the CCR-T next to the authentication.
public struct ChargingLedgerSummary: Sendable, Equatable {
    public struct Session: Sendable, Equatable {
        public var id: String
        public var imsi: String
        public var open: Bool
        public var grantedOctets: Int
        public var usedOctets: Int
        public var requests: [String]
    }

    public var sessions: [Session]

    /// Reads the ledger JSON; nil when it is not there or not a ledger.
    public init?(data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let sessions = object["sessions"] as? [String: [String: Any]]
        else { return nil }
        let events = object["events"] as? [[String: Any]] ?? []
        self.sessions = sessions.map { id, value in
            Session(id: id, imsi: value["imsi"] as? String ?? "?", open: value["open"] as? Bool ?? false,
                    grantedOctets: value["granted_octets"] as? Int ?? 0, usedOctets: value["used_octets"] as? Int ?? 0,
                    requests: events.filter { $0["session"] as? String == id }.compactMap { $0["type"] as? String })
        }.sorted { $0.id < $1.id }
    }

    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.init(data: data)
    }

    /// "Gy session …: IMSI …, CCR-I, CCR-U ×2, CCR-T; granted … octets, used … octets, closed".
    public func lines(excluding earlier: Set<String> = []) -> [String] {
        sessions.filter { !earlier.contains($0.id) }.map { s in
            var counts: [(String, Int)] = []
            for r in s.requests {
                if let i = counts.firstIndex(where: { $0.0 == r }) { counts[i].1 += 1 } else { counts.append((r, 1)) }
            }
            let flow = counts.map { $0.1 > 1 ? "\($0.0) x\($0.1)" : $0.0 }.joined(separator: ", ")
            return "Gy session \(s.id): IMSI \(s.imsi), \(flow); granted \(s.grantedOctets) octets, "
                + "used \(s.usedOctets) octets, \(s.open ? "still open" : "closed")"
        }
    }
}
