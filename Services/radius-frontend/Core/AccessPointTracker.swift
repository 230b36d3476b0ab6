import Foundation

/// One row update for the store: the latest attributes of an AP plus stations newly accepted on it.
public struct AccessPointWrite: Sendable, Equatable {
    public var observation: AccessPointObservation
    public var firstSeen: Date
    public var lastSeen: Date
    /// Calling-Station-Ids accepted since the last write.
    public var newStations: [String]

    public init(observation: AccessPointObservation, firstSeen: Date, lastSeen: Date, newStations: [String] = []) {
        self.observation = observation
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.newStations = newStations
    }
}

/// Coalesces AP sightings into store writes, as a pure value with the time passed in.
///
/// Every authenticated request refreshes its AP's `last_seen`; writing each one would put one
/// SQLite transaction per packet on a busy front. The tracker keeps the latest state per AP and
/// releases at most one write per AP per `minimumWriteInterval` (a new AP is written at the next
/// flush; stations accepted meanwhile ride along with the next write). APs idle for `idleEviction` are forgotten from
/// memory (their rows stay), so memory follows the active APs, not every AP ever seen.
public struct AccessPointTracker: Sendable {
    private struct Entry: Sendable {
        var observation: AccessPointObservation
        var firstSeen: Date
        var lastSeen: Date
        var lastWritten: ContinuousClock.Instant?
        var lastTouched: ContinuousClock.Instant
        var dirty: Bool
        var newStations: [String]
    }

    public let minimumWriteInterval: Duration
    public let idleEviction: Duration
    private var entries: [AccessPointKey: Entry] = [:]

    public init(minimumWriteInterval: Duration = .seconds(1), idleEviction: Duration = .seconds(600)) {
        self.minimumWriteInterval = minimumWriteInterval
        self.idleEviction = idleEviction
    }

    /// APs held in memory.
    public var count: Int { entries.count }

    /// Records a request from an AP at wall-clock `date` and monotonic `now`.
    public mutating func observe(_ observation: AccessPointObservation, date: Date, now: ContinuousClock.Instant) {
        if var entry = entries[observation.key] {
            entry.observation = Self.merged(entry.observation, observation)
            entry.lastSeen = max(entry.lastSeen, date)
            entry.lastTouched = now
            entry.dirty = true
            entries[observation.key] = entry
        } else {
            entries[observation.key] = Entry(observation: observation, firstSeen: date, lastSeen: date, lastWritten: nil,
                                             lastTouched: now, dirty: true, newStations: [])
        }
    }

    /// Records an Access-Accept for `station` on the AP `observation` names.
    public mutating func recordAccept(station: String, on observation: AccessPointObservation, date: Date,
                                      now: ContinuousClock.Instant) {
        observe(observation, date: date, now: now)
        guard var entry = entries[observation.key] else { return }
        // Only de-duplicates within one pending write; the store counts distinct stations.
        if !entry.newStations.contains(station) {
            entry.newStations.append(station)
        }
        entries[observation.key] = entry
    }

    /// The writes due at `now`: every dirty AP never written or last written at least
    /// `minimumWriteInterval` ago (every dirty AP when `force`, at shutdown). Marks them written.
    public mutating func takeDue(now: ContinuousClock.Instant, force: Bool = false) -> [AccessPointWrite] {
        var due: [AccessPointWrite] = []
        var forget: [AccessPointKey] = []
        for (key, entry) in entries {
            if entry.dirty {
                guard force || entry.lastWritten.map({ now - $0 >= minimumWriteInterval }) ?? true else { continue }
                due.append(AccessPointWrite(observation: entry.observation, firstSeen: entry.firstSeen,
                                            lastSeen: entry.lastSeen, newStations: entry.newStations))
                var written = entry
                written.dirty = false
                written.lastWritten = now
                written.newStations = []
                entries[key] = written
            } else if now - entry.lastTouched >= idleEviction {
                forget.append(key)
            }
        }
        for key in forget { entries[key] = nil }
        return due.sorted { ($0.observation.key.nasIP, $0.observation.key.apMAC) < ($1.observation.key.nasIP, $1.observation.key.apMAC) }
    }

    /// Puts writes that failed back so the next flush retries them.
    public mutating func restore(_ writes: [AccessPointWrite]) {
        for write in writes {
            guard var entry = entries[write.observation.key] else { continue }
            entry.dirty = true
            entry.lastWritten = nil
            entry.newStations = write.newStations + entry.newStations
            entries[write.observation.key] = entry
        }
    }

    /// Newer values win; an attribute a request omits keeps its previous value.
    private static func merged(_ old: AccessPointObservation, _ new: AccessPointObservation) -> AccessPointObservation {
        var out = new
        out.nasIdentifier = new.nasIdentifier ?? old.nasIdentifier
        out.calledStationID = new.calledStationID ?? old.calledStationID
        out.ssid = new.ssid ?? old.ssid
        out.nasPortType = new.nasPortType ?? old.nasPortType
        out.framedMTU = new.framedMTU ?? old.framedMTU
        return out
    }
}
