import Diameter
import DiameterPeer
import Foundation
import IPC
import IPCTransport
import Logging
import SessionStore

/// Sends Gy requests; the Diameter node in production, a scripted OCS in tests.
public protocol GyRequestTransport: Sendable {
    func send(_ request: DiameterMessage) async throws(DiameterRequestError) -> DiameterMessage
}

extension DiameterNode: GyRequestTransport {}

/// Who the agent is towards the OCS, and what its CCRs say about the service.
public struct ChargingIdentity: Sendable, Hashable {
    public var originHost: String
    public var originRealm: String
    public var destinationRealm: String
    public var destinationHost: String?
    public var serviceContextID: String
    public var ratingGroup: UInt32?
    public var serviceIdentifier: UInt32?

    public init(originHost: String, originRealm: String, destinationRealm: String, destinationHost: String? = nil,
                serviceContextID: String, ratingGroup: UInt32? = nil, serviceIdentifier: UInt32? = nil) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.destinationRealm = destinationRealm
        self.destinationHost = destinationHost
        self.serviceContextID = serviceContextID
        self.ratingGroup = ratingGroup
        self.serviceIdentifier = serviceIdentifier
    }
}

/// Runs every charged session's state machine: feeds it authorizations, usage from the store, CCAs,
/// timers and OCS requests, stores its state before acting, and carries out its actions (CCRs over
/// Gy, answers to aaa-core, Disconnect-Requests through the frontend that served the session).
///
/// The store is the truth: at start the agent reloads every open session and resends the request
/// each had in flight (same CC-Request-Number, T flag), then reads usage from the sessions table.
public actor ChargingCoordinator {
    struct Entry {
        var session: ChargingSession
        let record: ChargingRecord
        var waiters: [CheckedContinuation<ChargingDecision, Never>] = []
    }

    let policy: ChargingPolicy
    let identity: ChargingIdentity
    let store: any SessionStore
    let transport: any GyRequestTransport
    let disconnects: any FrontendDisconnectTransport
    let metrics: ChargingMetrics
    let logger: Logger
    let now: @Sendable () -> Date
    /// Acct-Interim-Interval the Accept carries in online mode.
    let interimInterval: UInt32?
    /// A session authorized but never written by a frontend (the Accept was lost) is closed after this.
    let orphanGrace: TimeInterval
    /// How long a usage scan waits for more commits to join it.
    let scanCoalescing: Duration
    /// How long another node's agent may be silent before this one takes over its Gy sessions.
    let takeOverAfter: Duration

    var entries: [String: Entry] = [:]
    var classByGySession: [String: String] = [:]
    var accountingCursor: Int64 = 0
    var scanning = false
    var rescanOwed = false
    var sessionCounter: UInt32 = 0
    let startEpoch = UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970))
    /// Requests in flight (tests and shutdown wait for them).
    var inFlight: [UInt64: Task<Void, Never>] = [:]
    var nextTaskID: UInt64 = 0
    /// Sessions whose request could not be stored, hence not sent: the tick stores and sends it.
    var unsentClasses: Set<String> = []
    /// Group commit: sessions whose state changed since the last write, rows not written yet, the
    /// final states of sessions already removed, and the callers waiting for the write in progress.
    var dirty: Set<String> = []
    var pendingInserts: [String: ChargingRecord] = [:]
    var closedStates: [String: ChargingSession] = [:]
    var persistWaiters: [CheckedContinuation<Bool, Never>] = []
    var persisting = false

    public init(policy: ChargingPolicy, identity: ChargingIdentity, store: any SessionStore, transport: any GyRequestTransport,
                disconnects: any FrontendDisconnectTransport, interimInterval: UInt32?, orphanGrace: TimeInterval = 120,
                scanCoalescing: Duration = .milliseconds(20), takeOverAfter: Duration = .seconds(15),
                metrics: ChargingMetrics = ChargingMetrics(), logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.policy = policy
        self.identity = identity
        self.store = store
        self.transport = transport
        self.disconnects = disconnects
        self.interimInterval = interimInterval
        self.orphanGrace = orphanGrace
        self.scanCoalescing = scanCoalescing
        self.takeOverAfter = takeOverAfter
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    /// Open Gy sessions held (tests, the gauge).
    public var openCount: Int { entries.count }

    /// The state of one session (tests, diagnostics).
    public func session(class sessionClass: String) -> ChargingSession? { entries[sessionClass]?.session }

    // MARK: - Start

    /// Reloads every open session from the store and resends what was in flight; sets the usage cursor
    /// past existing records (their effect is read from the sessions rows by ``reconcile()``).
    public func resume() async throws(SessionStoreError) {
        let records = try await store.openChargingRecords()
        accountingCursor = try await store.latestAccountingRecordID()
        let resent = try await adopt(records)
        if !records.isEmpty {
            logger.notice("Resumed \(entries.count) charged session(s) from the store, \(resent) request(s) sent again")
        }
        await reconcile()
    }

    /// Several nodes on one store: marks this agent alive, then claims the open Gy sessions of nodes
    /// whose agent went silent and carries them on from their stored state (what was in flight is
    /// sent again with the T flag, so the OCS counts it once).
    public func takeOverSilentNodes() async {
        do {
            try await store.heartbeat(service: "charging-agent")
            let records = try await store.takeOverChargingRecords(silentFor: takeOverAfter)
            guard !records.isEmpty else { return }
            let resent = try await adopt(records)
            logger.notice("Took over \(records.count) charged session(s) of a silent node, \(resent) request(s) sent again")
            await reconcile()
        } catch {
            logger.warning("Charging takeover check failed: \(error)")
        }
    }

    /// Loads stored sessions into memory and resends their pending requests; returns how many.
    private func adopt(_ records: [ChargingRecord]) async throws(SessionStoreError) -> Int {
        // Which sessions waiting for their CCA-I were accepted all the same (their row exists).
        let authorizing = records.filter { $0.phase == ChargingSession.Phase.authorizing.rawValue }.map(\.sessionClass)
        let accepted = Set(try await store.sessionUsage(classes: authorizing).map(\.sessionClass))
        var resent = 0
        for record in records where entries[record.sessionClass] == nil {
            guard var session = try? ChargingSession(storedForm: Array(record.state)) else {
                logger.error("Charging state of a session cannot be read: left as is", metadata: ["class": "\(record.sessionClass)"])
                continue
            }
            session.resumed(accepted: accepted.contains(record.sessionClass))
            entries[record.sessionClass] = Entry(session: session, record: record)
            classByGySession[record.gySessionID] = record.sessionClass
            if let pending = session.pending {
                resent += 1
                start(pending, retransmission: true, for: record.sessionClass)
            }
        }
        metrics.openSessions(entries.count)
        return resent
    }

    // MARK: - Authorization (aaa-core)

    /// CCR-I for a subscriber about to be accepted; waits for the decision. A repeated request for the
    /// same session gets the same decision (one Gy session per TWAG session).
    public func authorize(_ request: IPCChargingAuthorize) async -> ChargingDecision {
        let sessionClass = request.sessionClass
        if let entry = entries[sessionClass] {
            if let decision = entry.session.decision { return decision }
            return await withCheckedContinuation { entries[sessionClass]?.waiters.append($0) }
        }
        // A Class is 64 random bits chosen by aaa-core per Accept, and aaa-core replays a finished
        // conversation's answer itself: the same Class only comes back while its session is in memory.
        if let decision = closedStates[sessionClass]?.decision { return decision }
        var session = ChargingSession(mode: policy.mode, failureHandling: policy.failureHandling)
        let date = now()
        let actions = session.start(policy: policy, now: date)
        let record = ChargingRecord(
            sessionClass: sessionClass, gySessionID: newGySessionID(), imsi: request.imsi, userName: request.userName,
            callingStationID: request.callingStationID, calledStationID: request.calledStationID, nasIP: request.nasIP,
            mode: policy.mode.rawValue, phase: session.phase.rawValue, state: Self.encode(session), createdAt: date,
            updatedAt: date)
        // Durable before the CCR-I leaves: a crash then resends it rather than forgetting the OCS session.
        entries[sessionClass] = Entry(session: session, record: record)
        classByGySession[record.gySessionID] = sessionClass
        pendingInserts[sessionClass] = record
        metrics.openSessions(entries.count)
        guard await persist() else {
            entries.removeValue(forKey: sessionClass)
            classByGySession.removeValue(forKey: record.gySessionID)
            pendingInserts.removeValue(forKey: sessionClass)
            dirty.remove(sessionClass)
            logger.error("Charging state not stored, subscriber refused", metadata: ["class": "\(sessionClass)"])
            return .denied(ChargingDenial(resultCode: 0, reason: "store_unavailable"))
        }
        return await withCheckedContinuation { continuation in
            entries[sessionClass]?.waiters.append(continuation)
            perform(actions, for: sessionClass)
        }
    }

    /// The limits for the Accept, as sent to aaa-core.
    public func result(for decision: ChargingDecision) -> IPCChargingResult {
        switch decision {
        case .authorized(let a):
            return IPCChargingResult(resultCode: IPCChargingResult.admitted, grantedOctets: a.grantedOctets,
                                     validityTime: a.validityTime, sessionTimeout: a.sessionTimeout,
                                     acctInterimInterval: policy.mode == .online ? interimInterval : nil, degraded: a.degraded)
        case .denied(let d):
            return IPCChargingResult(resultCode: d.resultCode, reason: d.reason)
        }
    }

    // MARK: - OCS requests

    /// RAR → CCR-U at once (RAA 2001); ASR → disconnect, then CCR-T (ASA 2001). 5002 for a session the
    /// agent does not hold.
    public func serverRequest(_ request: GyServerRequest) -> UInt32 {
        let unknown = DiameterResultCode.unknownSessionID.rawValue
        guard let sessionClass = classByGySession[request.sessionID], var entry = entries[sessionClass] else {
            metrics.serverRequest(request.name, result: unknown)
            return unknown
        }
        let date = now()
        let actions: [ChargingAction]?
        switch request {
        case .reAuth: actions = entry.session.reAuthorize(policy: policy, now: date)
        case .abortSession: actions = entry.session.abort(policy: policy, now: date)
        }
        guard let actions else {
            metrics.serverRequest(request.name, result: unknown)
            return unknown
        }
        logger.notice("\(request.name) from the OCS", metadata: ["class": "\(sessionClass)", "imsi": "\(entry.record.imsi)"])
        entries[sessionClass] = entry
        metrics.serverRequest(request.name, result: DiameterResultCode.success.rawValue)
        // The answer goes back at once; what it triggers is stored and run after.
        Task { await self.persistAndPerform(actions, for: sessionClass) }
        return DiameterResultCode.success.rawValue
    }

    // MARK: - Helpers

    func newGySessionID() -> String {
        sessionCounter &+= 1
        return "\(identity.originHost);\(startEpoch);\(sessionCounter);\(UInt32.random(in: 0...UInt32.max))"
    }

    static func encode(_ session: ChargingSession) -> Data {
        Data(session.storedForm())
    }

    /// Waits until no request is in flight and every change is stored (tests, shutdown).
    public func drain() async {
        while let (_, task) = inFlight.first {
            await task.value
        }
        if !dirty.isEmpty || !pendingInserts.isEmpty { _ = await persist() }
    }
}
