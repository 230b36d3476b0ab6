import Diameter

/// Chooses the peer for a request (pure): Destination-Host if it names an open peer, else the lowest
/// priority value among open peers supporting the application, round robin among equals.
struct DiameterPeerSelector: Sendable {
    struct Candidate: Sendable {
        var key: String
        var priority: Int
        var available: Bool
        var applications: [UInt32]
    }

    private var nextIndex: [Int: Int] = [:]

    mutating func select(for request: DiameterMessage, among candidates: [Candidate], excluding: Set<String>) -> String? {
        let app = request.applicationID
        let relay = DiameterApplication.relay.rawValue
        let usable = candidates.filter {
            $0.available && !excluding.contains($0.key)
                && (app == 0 || $0.applications.contains(app) || $0.applications.contains(relay))
        }
        if let destination = request.destinationHost?.lowercased(), usable.contains(where: { $0.key == destination }) {
            return destination
        }
        guard let best = usable.map(\.priority).min() else { return nil }
        let tier = usable.filter { $0.priority == best }.map(\.key).sorted()
        let i = nextIndex[best, default: 0]
        nextIndex[best] = i &+ 1
        return tier[i % tier.count]
    }
}
