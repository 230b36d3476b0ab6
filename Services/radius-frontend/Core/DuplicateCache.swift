import DequeModule

/// What identifies a retransmission (RFC 5080 2.2.2): same source IP and port, same Identifier,
/// same Request Authenticator. A new request reusing the Identifier has a new authenticator.
///
/// Packed into fixed-width integers: hashed and compared once per request, arrays here (the address
/// and the 16-octet authenticator) cost an allocation each and element-wise hashing.
public struct DuplicateKey: Sendable, Hashable {
    /// The source address: IPv4 in the low word with `high` 0, IPv6 in both words.
    private let addressHigh: UInt64
    private let addressLow: UInt64
    /// Port, Identifier and address family in one word.
    private let portIdentifierFamily: UInt64
    private let authenticatorHigh: UInt64
    private let authenticatorLow: UInt64

    public init(client: ClientEndpoint, identifier: UInt8, authenticator: [UInt8]) {
        (addressHigh, addressLow) = Self.words(client.address)
        portIdentifierFamily = UInt64(client.port) << 16 | UInt64(identifier) << 8 | UInt64(client.address.count)
        (authenticatorHigh, authenticatorLow) = Self.words(authenticator)
    }

    /// Up to 16 bytes as two big-endian words (shorter input right-aligned, longer input truncated).
    private static func words(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let used = bytes.prefix(16)
        let split = max(0, used.count - 8)
        for (index, byte) in used.enumerated() {
            if index < split { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        return (high, low)
    }
}

/// Duplicate detection and answer cache for Access-Requests (RFC 5080 2.2.2), as a pure value
/// with the time passed in.
///
/// A retransmission that arrives while the first copy is still with aaa-core is dropped (the AP
/// will retransmit again); one that arrives after the answer gets the same encoded answer, so the
/// EAP state machine in aaa-core never sees a request twice. Entries live `window` after they were
/// opened or answered; memory is bounded by `maximumEntries` (oldest evicted first).
public struct DuplicateCache: Sendable {
    /// What to do with a request.
    public enum Lookup: Sendable, Equatable {
        /// First copy: process it, then call ``complete(_:answer:now:)``.
        case new
        /// A copy is being processed: drop this one.
        case inProgress
        /// Already answered: resend these bytes.
        case answered([UInt8])
    }

    private enum State: Sendable {
        case inProgress
        case answered([UInt8])
    }

    private struct Slot: Sendable {
        var state: State
        var generation: UInt64
        var expires: ContinuousClock.Instant
    }

    /// Expiry order. Each state change pushes a record; records whose generation no longer matches
    /// the slot are stale and skipped.
    private struct Record: Sendable {
        let key: DuplicateKey
        let generation: UInt64
        let expires: ContinuousClock.Instant
    }

    public let window: Duration
    public let maximumEntries: Int
    private var slots: [DuplicateKey: Slot] = [:]
    private var records: Deque<Record> = []
    private var nextGeneration: UInt64 = 0

    /// Entries held before the storage jumps to its full size in one step.
    public static let gradualGrowthLimit = 8_192

    public init(window: Duration, maximumEntries: Int = 200_000) {
        self.window = window
        self.maximumEntries = max(1, maximumEntries)
    }

    /// Entries currently held (in progress and answered).
    public var count: Int { slots.count }

    /// Looks `key` up and, when it is new, marks it in progress.
    public mutating func begin(_ key: DuplicateKey, now: ContinuousClock.Instant) -> Lookup {
        expire(now: now)
        if let slot = slots[key] {
            switch slot.state {
            case .inProgress: return .inProgress
            case .answered(let bytes): return .answered(bytes)
            }
        }
        store(key, state: .inProgress, now: now)
        return .new
    }

    /// Records the answer sent for `key`; `nil` (no answer: upstream failure or discard) forgets
    /// the request so the AP's next retransmission is processed afresh.
    public mutating func complete(_ key: DuplicateKey, answer: [UInt8]?, now: ContinuousClock.Instant) {
        guard let slot = slots[key], case .inProgress = slot.state else { return }
        if let answer {
            store(key, state: .answered(answer), now: now)
        } else {
            slots[key] = nil
        }
        expire(now: now)
    }

    /// Drops entries whose window has passed.
    public mutating func expire(now: ContinuousClock.Instant) {
        while let oldest = records.first, oldest.expires <= now {
            popOldest()
        }
    }

    private mutating func store(_ key: DuplicateKey, state: State, now: ContinuousClock.Instant) {
        nextGeneration &+= 1
        let expires = now + window
        reserveBeforeGrowing()
        slots[key] = Slot(state: state, generation: nextGeneration, expires: expires)
        records.append(Record(key: key, generation: nextGeneration, expires: expires))
        // Bound both the live entries and the expiry queue (stale records included).
        while slots.count > maximumEntries || records.count > 2 * maximumEntries {
            guard !records.isEmpty else { break }
            popOldest()
        }
    }

    /// Doubling a hash table copies every entry while the event loop waits: 10–20 ms at 100,000
    /// entries, which showed as accounting answers held that long when the cache filled at
    /// 25,000 requests/s. Small caches grow as usual; past ``gradualGrowthLimit`` the storage takes
    /// its full size at once (one copy of a few thousand entries).
    private mutating func reserveBeforeGrowing() {
        guard slots.count >= slots.capacity, slots.count < maximumEntries else { return }
        let target = slots.count >= Self.gradualGrowthLimit ? maximumEntries : max(64, slots.count * 2)
        slots.reserveCapacity(target)
        records.reserveCapacity(target == maximumEntries ? 2 * maximumEntries : 2 * target)
    }

    private mutating func popOldest() {
        let record = records.removeFirst()
        if slots[record.key]?.generation == record.generation {
            slots[record.key] = nil
        }
    }
}
