/// The live conversations, keyed by the RADIUS State issued for them.
///
/// Bounded (`eap.max_conversations`): when full, new conversations are refused (the caller
/// rejects with "overloaded") rather than evicting live ones. Entries expire
/// `eap.state_timeout_s` after their last activity; expiry runs on `expire(now:)`, which the
/// owner calls from a periodic tick, so tests drive it with virtual time.
///
/// A conversation is checked out while a request for it is being processed (the HSS may take a
/// while); a second request for the same State meanwhile finds it busy.
///
/// A conversation that ends leaves a `FinishedConversation` under its State for `finishedWindow`
/// (`radius.duplicate_window_s`), so a retransmission of its last request reaching aaa-core through
/// another frontend gets the same answer. These records are bounded by `capacity` too (the oldest is
/// dropped first: they are only a cache) and expire on the same `expire(now:)` tick.
public actor ConversationTable {
    /// Result of `checkOut`.
    public enum Lookup: Sendable {
        /// The conversation, now checked out: give it back with `checkIn` or `remove`.
        case found(EAPAKAServerConversation)
        /// Another request for it is being processed.
        case busy
        /// Unknown or expired.
        case unknown
        /// A State issued by another instance.
        case foreign(instanceID: UInt32)
        /// Not a State of our format.
        case malformed
    }

    private enum Slot {
        case busy
        case idle(EAPAKAServerConversation)
    }

    private struct Entry {
        var slot: Slot
        var expiresAt: ContinuousClock.Instant
        /// When the conversation began (its first Access-Request): the authentication's age at its end.
        var created: ContinuousClock.Instant
    }

    public nonisolated let instanceID: UInt32
    public nonisolated let capacity: Int
    public nonisolated let timeout: Duration
    private let randomBytes: @Sendable (Int) -> [UInt8]
    private var entries: [StateKey: Entry] = [:]
    /// Expiry candidates in the order they were touched; stale items are skipped when popped.
    private var expiryQueue: [(state: [UInt8], expiresAt: ContinuousClock.Instant)] = []
    private var expiryHead = 0
    private var finished: [StateKey: (record: FinishedConversation, expiresAt: ContinuousClock.Instant)] = [:]
    /// Finished records in the order they were stored: with one window for all, also their expiry order.
    private var finishedQueue: [(state: [UInt8], expiresAt: ContinuousClock.Instant)] = []
    private var finishedHead = 0

    /// New conversations refused because the table was full.
    public private(set) var refusedCount = 0
    /// Conversations dropped by expiry.
    public private(set) var expiredCount = 0
    /// How long a finished conversation's answer is kept for retransmissions.
    public nonisolated let finishedWindow: Duration

    public init(instanceID: UInt32, capacity: Int, timeout: Duration, finishedWindow: Duration = .seconds(30),
                randomBytes: @escaping @Sendable (Int) -> [UInt8] = ConversationTable.systemRandomBytes) {
        self.instanceID = instanceID & ConversationStateToken.maximumInstanceID
        self.capacity = max(1, capacity)
        self.timeout = timeout
        self.finishedWindow = finishedWindow
        self.randomBytes = randomBytes
    }

    /// Cryptographically secure random octets from the system generator, eight per draw (a draw per
    /// octet cost a getrandom(2) each: 25 system calls per authentication).
    public static let systemRandomBytes: @Sendable (Int) -> [UInt8] = { count in
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Conversations held (busy ones included).
    public var count: Int { entries.count }

    /// Finished conversations whose answer is still kept.
    public var finishedCount: Int { finished.count }

    /// Reserves a new, checked-out conversation slot and returns its State; nil (and counted)
    /// when the table is full.
    public func create(now: ContinuousClock.Instant) -> ConversationStateToken? {
        guard entries.count < capacity else {
            refusedCount += 1
            return nil
        }
        // 128 random bits never collide in practice; the bound only guards a broken generator.
        for _ in 0..<4 {
            guard let token = ConversationStateToken(instanceID: instanceID,
                                                     random: randomBytes(ConversationStateToken.randomLength))
            else { return nil }
            let key = StateKey(token.bytes)
            if entries[key] == nil, finished[key] == nil {
                touch(token.bytes, slot: .busy, now: now)
                return token
            }
        }
        return nil
    }

    /// Takes the conversation for `state` out for processing.
    public func checkOut(state: [UInt8], now: ContinuousClock.Instant) -> Lookup {
        guard let token = ConversationStateToken(bytes: state) else { return .malformed }
        guard token.instanceID == instanceID else { return .foreign(instanceID: token.instanceID) }
        let key = StateKey(state)
        guard let entry = entries[key], entry.expiresAt > now else { return .unknown }
        switch entry.slot {
        case .busy:
            return .busy
        case .idle(let conversation):
            entries[key]?.slot = .busy
            return .found(conversation)
        }
    }

    /// Puts a conversation back after processing and restarts its timeout. Ignored when the
    /// entry expired meanwhile (the answer already sent will find no conversation next time).
    public func checkIn(state: ConversationStateToken, conversation: EAPAKAServerConversation,
                        now: ContinuousClock.Instant) {
        guard entries[StateKey(state.bytes)] != nil else { return }
        touch(state.bytes, slot: .idle(conversation), now: now)
    }

    /// Forgets a conversation (finished).
    public func remove(state: ConversationStateToken) {
        entries[StateKey(state.bytes)] = nil
    }

    /// Ends a conversation and keeps its final answer for `finishedWindow`, for retransmissions of
    /// `record.lastResponse`. - Returns: how long the conversation lasted.
    @discardableResult
    public func finish(state: ConversationStateToken, record: FinishedConversation, now: ContinuousClock.Instant)
        -> Duration?
    {
        let key = StateKey(state.bytes)
        let age = entries[key].map { now - $0.created }
        entries[key] = nil
        guard finishedWindow > .zero else { return age }
        // Stale queue items (records replaced or already gone) are skipped while making room.
        while finished[key] == nil, finished.count >= capacity, finishedHead < finishedQueue.count {
            let oldest = finishedQueue[finishedHead]
            finishedHead += 1
            let oldestKey = StateKey(oldest.state)
            if finished[oldestKey]?.expiresAt == oldest.expiresAt { finished[oldestKey] = nil }
        }
        let expiresAt = now + finishedWindow
        finished[key] = (record, expiresAt)
        finishedQueue.append((state.bytes, expiresAt))
        compactFinishedQueue()
        return age
    }

    /// The answer to send again when `response` is exactly the last request of the finished
    /// conversation `state`; nil otherwise (the caller treats the State as unknown).
    public func finishedReply(state: [UInt8], response: [UInt8], now: ContinuousClock.Instant)
        -> FinishedConversation.Reply?
    {
        guard let stored = finished[StateKey(state)], stored.expiresAt > now, stored.record.lastResponse == response
        else { return nil }
        return stored.record.reply
    }

    /// Drops every conversation idle for `timeout` (returns how many) and every finished record
    /// older than `finishedWindow`.
    @discardableResult
    public func expire(now: ContinuousClock.Instant) -> Int {
        var removed = 0
        while expiryHead < expiryQueue.count, expiryQueue[expiryHead].expiresAt <= now {
            let item = expiryQueue[expiryHead]
            expiryHead += 1
            let key = StateKey(item.state)
            if let entry = entries[key], entry.expiresAt <= now {
                entries[key] = nil
                removed += 1
            }
        }
        // Compact once the consumed prefix dominates, keeping the queue O(live touches).
        if expiryHead > 1024, expiryHead * 2 > expiryQueue.count {
            expiryQueue.removeFirst(expiryHead)
            expiryHead = 0
        }
        expiredCount += removed
        while finishedHead < finishedQueue.count, finishedQueue[finishedHead].expiresAt <= now {
            let item = finishedQueue[finishedHead]
            finishedHead += 1
            let key = StateKey(item.state)
            if let stored = finished[key], stored.expiresAt <= now { finished[key] = nil }
        }
        compactFinishedQueue()
        return removed
    }

    private func compactFinishedQueue() {
        if finishedHead > 1024, finishedHead * 2 > finishedQueue.count {
            finishedQueue.removeFirst(finishedHead)
            finishedHead = 0
        }
    }

    private func touch(_ state: [UInt8], slot: Slot, now: ContinuousClock.Instant) {
        let expiresAt = now + timeout
        let key = StateKey(state)
        entries[key] = Entry(slot: slot, expiresAt: expiresAt, created: entries[key]?.created ?? now)
        expiryQueue.append((state, expiresAt))
    }
}

/// A State as a dictionary key, hashed in one pass over its octets (an `[UInt8]` key feeds the
/// hasher one octet at a time: ≈ 4 % of aaa-core's CPU in the profile).
struct StateKey: Hashable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
