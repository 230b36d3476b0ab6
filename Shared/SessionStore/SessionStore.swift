import Foundation

/// The shared store of sessions, accounting records and charging state, as every service sees it.
/// Two engines keep the same semantics (issue #11): ``SQLiteSessionStore``, one file on one host
/// (the embedded default), and ``PostgresSessionStore``, one database shared by several TWAG nodes.
/// Open one with ``SessionStores/open(_:nodeID:logger:)``.
///
/// What holds on both: a write is durable when its call returns (the frontend answers the AP only
/// then); an accounting record is stored once whatever the retransmissions (its fingerprint);
/// counters on a session only move forward; every session row names the node that accepted it.
public protocol SessionStore: Sendable {
    /// The node whose sessions this process writes (`node_id`).
    var nodeID: String { get }

    /// Whether the database answered the last call (metrics, dashboard, logs).
    var availability: SessionStoreAvailability { get }

    /// Where the store is, safe to show (the password as `***`): `sqlite:PATH` or `postgres://…`.
    var displayLocation: String { get }

    /// Applies `writes` in one transaction (the frontend's group commit): all are durable, or none is.
    func commit(_ writes: [SessionWrite]) async throws(SessionStoreError) -> [SessionWriteResult]

    /// Blocking commit for a caller on its own thread (``SessionWriter``), nil when the engine only
    /// has an asynchronous client. Never called on an event loop.
    var blockingCommit: (@Sendable ([SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult])? { get }

    // MARK: Sessions

    /// The session with this Class, if any.
    func session(class sessionClass: String) async throws(SessionStoreError) -> SessionRow?
    /// The newest sessions first (dashboard, API, tests).
    func recentSessions(limit: Int) async throws(SessionStoreError) -> [SessionRow]
    /// Live (not ended) sessions of a subscriber on every node, oldest first.
    func liveSessions(imsi: String) async throws(SessionStoreError) -> [SessionRow]
    /// Sessions not ended, every node (`radius_active_clients_count`).
    func liveSessionCount() async throws(SessionStoreError) -> Int
    /// Number of stored accounting records (tests, diagnostics).
    func accountingRecordCount() async throws(SessionStoreError) -> Int
    /// Ends a live session the NAS no longer knows (Disconnect-NAK Session-Context-Not-Found).
    func endSession(id: Int64, cause: String, at date: Date) async throws(SessionStoreError)
    /// Ends live sessions the AP stopped reporting: accounting started but no update since
    /// `activeBefore` (the Stop was lost), or never started and accepted before `unstartedBefore`
    /// (nil: such sessions are kept, an AP may not do accounting at all). Returns how many ended.
    @discardableResult
    func expireStaleSessions(activeBefore: Date, unstartedBefore: Date?, now: Date) async throws(SessionStoreError) -> Int
    /// Deletes accounting records received before `cutoff`, and sessions that ended before it and
    /// owe nothing any more (no deregistration, no open charging). At most `batch` rows a table per
    /// transaction. Returns what it deleted.
    @discardableResult
    func prune(before cutoff: Date, batch: Int) async throws(SessionStoreError) -> (records: Int, sessions: Int)

    // MARK: Nodes

    /// Records that `service` of this node is alive; other nodes take over the work of a node whose
    /// service stopped doing this (``deregistrationCandidates(limit:)``, ``takeOverChargingRecords(silentFor:)``).
    func heartbeat(service: String) async throws(SessionStoreError)

    // MARK: HSS registration

    /// Subscribers whose registered sessions ended, oldest first, at most `limit`, grouped by IMSI so
    /// one SAR covers every ended session of a subscriber. With several nodes: the sessions this
    /// node accepted, and those of nodes whose aaa-core is silent; a live registered session on any
    /// node keeps the registration.
    func deregistrationCandidates(limit: Int) async throws(SessionStoreError) -> [DeregistrationCandidate]
    /// Moves sessions still `registered` to `state` (others are left alone: an RTR may have won).
    func setRegistration(_ state: SessionRegistration, sessionIDs: [Int64]) async throws(SessionStoreError)
    /// Counts one failed deregistration attempt on each session.
    func recordRegistrationAttempt(sessionIDs: [Int64]) async throws(SessionStoreError)
    /// The HSS withdrew the subscriber's registration (RTR): no SAR is due any more for any of its
    /// sessions, and its live sessions (every node's) are returned to be disconnected. One transaction.
    func registrationTerminated(imsi: String) async throws(SessionStoreError) -> [SessionRow]

    // MARK: Charging

    /// New rows (an existing row for the same Class is kept) and new states, in one transaction.
    /// A state is written only while this node owns the row: returns the Classes another node's
    /// charging-agent took over meanwhile (their states were not written; the caller drops them).
    @discardableResult
    func writeCharging(inserts: [ChargingRecord], updates: [(sessionClass: String, phase: String, state: Data)],
                       at date: Date) async throws(SessionStoreError) -> Set<String>
    func chargingRecord(class sessionClass: String) async throws(SessionStoreError) -> ChargingRecord?
    /// Every row of this node still owing the OCS something (a restarted agent resumes them).
    func openChargingRecords() async throws(SessionStoreError) -> [ChargingRecord]
    /// Claims the open charging rows of nodes whose charging-agent has not been seen for
    /// `silentFor`, for this node, and returns them; each row goes to one claimant. Empty on one node.
    func takeOverChargingRecords(silentFor: Duration) async throws(SessionStoreError) -> [ChargingRecord]
    /// Usage of the named sessions; a class with no session row is absent from the result.
    func sessionUsage(classes: [String]) async throws(SessionStoreError) -> [SessionUsageRow]
    /// Where a consumer of new accounting starts: every record committed before the call is behind it.
    func latestAccountingRecordID() async throws(SessionStoreError) -> Int64
    /// Sessions that received accounting records since `cursor`, and the next cursor. The cursor is
    /// opaque: a record id on SQLite, a transaction watermark on PostgreSQL (ids there are not in
    /// commit order when several writers commit at once).
    func sessionsWithAccounting(after cursor: Int64) async throws(SessionStoreError) -> (classes: [String], cursor: Int64)

    // MARK: Operator surface

    /// Newest first; `limit` is capped at 1,000.
    func sessions(matching filter: SessionFilter, limit: Int, offset: Int) async throws(SessionStoreError) -> SessionPage
    /// Totals over every matching session.
    func usageTotals(matching filter: SessionFilter) async throws(SessionStoreError) -> UsageTotals
    /// Registered access points, most recently seen first.
    func accessPoints(limit: Int) async throws(SessionStoreError) -> [AccessPointRecord]
    /// The sessions with these Classes (any order; unknown ones are left out).
    func sessions(classes: [String]) async throws(SessionStoreError) -> [SessionRow]
    /// Charging rows of these sessions.
    func chargingRecords(classes: [String]) async throws(SessionStoreError) -> [ChargingRecord]

    /// Waits until the store serves calls (PostgreSQL: connected and migrated) or `timeout` passes:
    /// for commands that need it at once. Returns whether it is ready.
    func waitUntilReady(timeout: Duration) async -> Bool

    /// Releases connections and threads; later calls fail with ``SessionStoreError/closed``.
    func close() async
}

extension SessionStore {
    public func recentSessions() async throws(SessionStoreError) -> [SessionRow] { try await recentSessions(limit: 100) }

    @discardableResult
    public func expireStaleSessions(activeBefore: Date, unstartedBefore: Date?) async throws(SessionStoreError) -> Int {
        try await expireStaleSessions(activeBefore: activeBefore, unstartedBefore: unstartedBefore, now: Date())
    }

    @discardableResult
    public func prune(before cutoff: Date) async throws(SessionStoreError) -> (records: Int, sessions: Int) {
        try await prune(before: cutoff, batch: 5_000)
    }

    public func deregistrationCandidates() async throws(SessionStoreError) -> [DeregistrationCandidate] {
        try await deregistrationCandidates(limit: 100)
    }

    /// Stores new charging states (one transaction for the batch); returns the Classes taken over.
    @discardableResult
    public func updateCharging(_ updates: [(sessionClass: String, phase: String, state: Data)], at date: Date)
        async throws(SessionStoreError) -> Set<String>
    {
        try await writeCharging(inserts: [], updates: updates, at: date)
    }

    public func sessions(matching filter: SessionFilter, limit: Int = 100) async throws(SessionStoreError) -> SessionPage {
        try await sessions(matching: filter, limit: limit, offset: 0)
    }

    public func accessPoints() async throws(SessionStoreError) -> [AccessPointRecord] { try await accessPoints(limit: 1_000) }
}
