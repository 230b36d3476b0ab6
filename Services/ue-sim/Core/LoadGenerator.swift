import EAPAKA
import NIOCore
import NIOPosix

/// Runs many simulated phones against a RADIUS server and measures full authentications
/// (first Access-Request to the verified Access-Accept).
///
/// Sockets: one `APClient` (one UDP source port, like one AP) per 128 concurrent workers, so
/// Identifiers never run out (256 per socket) and a server's duplicate cache, keyed by source and
/// Identifier, sees each Identifier reused only after the other 255. Phones' crypto (MILENAGE,
/// PRF') runs in the workers' tasks, never on the event loop that owns the sockets.
public struct LoadGenerator: Sendable {
    /// Workers per socket.
    public static let workersPerSocket = 128

    public let configuration: LoadConfiguration
    public let subscribers: [SubscriberRecord]

    public init(configuration: LoadConfiguration, subscribers: [SubscriberRecord]) {
        self.configuration = configuration
        self.subscribers = subscribers
    }

    /// Workers actually started: `--concurrency`, at most one per subscriber and per authentication.
    public var workerCount: Int {
        max(1, min(configuration.concurrency, subscribers.count, configuration.count ?? Int.max))
    }

    /// Runs to the budget's end. `observe` sees every finished authentication (demo output);
    /// `events` gets the accounting lines of every session as they happen (`Accounting-Start
    /// acknowledged ...`); `log` gets the DAE listener's lines (listening, dropped, NAKed).
    public func run(group: any EventLoopGroup,
                    observe: (@Sendable (AuthenticationRecord) -> Void)? = nil,
                    events: (@Sendable (String) -> Void)? = nil,
                    log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> LoadReport {
        let workers = workerCount
        let socketCount = (workers + Self.workersPerSocket - 1) / Self.workersPerSocket
        var sockets = RunSockets()
        do {
            for index in 0..<socketCount {
                let client = APClient(
                    server: configuration.server, secret: configuration.secret, policy: configuration.retransmission,
                    firstIdentifier: UInt8(truncatingIfNeeded: index &* 67), bindHost: configuration.bindHost, group: group)
                sockets.clients.append(client)
                try await client.start()
            }
            if let accounting = configuration.accounting {
                try await sockets.startAccounting(
                    accounting, configuration: configuration, count: socketCount, group: group, log: log)
            }
        } catch {
            await sockets.shutdown()
            throw error
        }
        let start = ContinuousClock.now
        let scheduler = LoadScheduler(
            records: subscribers, sqnOffset: configuration.faults.sqnOffset, limit: configuration.count,
            deadline: configuration.duration.map { start + $0 })
        let runPrefix = AccountingSessionID.randomRunPrefix()
        let tallies = await withTaskGroup(of: WorkerTally.self) { group in
            for index in 0..<workers {
                let client = sockets.clients[index % sockets.clients.count]
                var runner: AccountingSessionRunner?
                if let accounting = configuration.accounting, let book = sockets.book, !sockets.accountingClients.isEmpty {
                    let accountingClient = sockets.accountingClients[index % sockets.accountingClients.count]
                    runner = AccountingSessionRunner(
                        client: accountingClient, book: book, settings: accounting, eventLoop: accountingClient.eventLoop,
                        emit: events)
                }
                let offset = configuration.startOffset(worker: index, of: workers)
                group.addTask { [runner] in
                    if offset > .zero { try? await Task.sleep(until: start + offset) }
                    return await runWorker(client: client, accounting: runner, runPrefix: runPrefix, scheduler: scheduler,
                                           observe: observe)
                }
            }
            var all = WorkerTally()
            for await tally in group { all.merge(tally) }
            return all
        }
        let elapsed = ContinuousClock.now - start
        var statistics = APClient.Statistics()
        for client in sockets.clients {
            let s = client.statistics
            statistics.retransmissions += s.retransmissions
            statistics.discardedReplies += s.discardedReplies
        }
        var accountingStatistics: APClient.Statistics?
        if configuration.accounting != nil {
            var total = APClient.Statistics()
            for client in sockets.accountingClients {
                total.retransmissions += client.statistics.retransmissions
                total.discardedReplies += client.statistics.discardedReplies
            }
            accountingStatistics = total
        }
        await sockets.shutdown()
        return LoadReport(tally: tallies, elapsed: elapsed, statistics: statistics, accounting: accountingStatistics)
    }

    private func runWorker(client: APClient, accounting: AccountingSessionRunner?, runPrefix: UInt32,
                           scheduler: LoadScheduler,
                           observe: (@Sendable (AuthenticationRecord) -> Void)?) async -> WorkerTally {
        var tally = WorkerTally()
        while let lease = await scheduler.next() {
            let begin = ContinuousClock.now
            let result = await authenticate(lease: lease, client: client)
            let latency = ContinuousClock.now - begin
            tally.record(result.failure, latency: latency)
            observe?(AuthenticationRecord(
                sequence: lease.sequence, imsi: lease.record.imsi.digits, method: result.method,
                result: result.outcome, latency: latency))
            // The SIM stays leased while its session is up: one station, one session at a time.
            if let accounting, result.failure == nil, let outcome = result.outcome, let userName = outcome.userName {
                let context = AccountingSessionContext(
                    sessionID: AccountingSessionID(runPrefix: runPrefix, sequence: lease.sequence), userName: userName,
                    classes: outcome.classes, accessPoint: configuration.accessPoint,
                    callingStationId: AccessPointProfile.stationMAC(imsi: lease.record.imsi.digits),
                    framedIPAddress: AccountingSessionContext.framedIPAddress(sequence: lease.sequence))
                tally.record(await accounting.run(context))
            }
            await scheduler.finish(lease, sequenceState: result.usim?.sequenceState ?? lease.sequenceState)
        }
        return tally
    }

    /// One full authentication of `lease`'s SIM.
    private func authenticate(lease: LoadScheduler.Lease, client: APClient) async
        -> (method: AKAMethod, outcome: AuthenticationResult?, failure: AuthenticationFailure?, usim: SimulatedUSIM?)
    {
        let method = configuration.method.method(forAuthentication: lease.sequence)
        let faults = configuration.faults
        guard let identity = try? configuration.permanentIdentity(imsi: lease.record.imsi, method: method),
            let milenage = try? lease.record.milenage(wrongK: faults.wrongK)
        else { return (method, nil, .protocolError, nil) }
        let ue = UEPeer(
            configuration: UEPeerConfiguration(
                permanentIdentity: identity, supportedMethods: method.supportedByPhone,
                anonymousIdentity: configuration.anonymousIdentity ? configuration.anonymousIdentity(for: identity) : nil,
                corruptsRES: faults.corruptRES, abandonsAtChallenge: faults.abandonAtChallenge),
            usim: SimulatedUSIM(
                milenage: milenage, sequenceState: lease.sequenceState,
                skipsNetworkAuthentication: faults.skipNetworkAuthentication))
        var session = AuthenticationSession(
            ue: ue, accessPoint: configuration.accessPoint,
            callingStationId: AccessPointProfile.stationMAC(imsi: lease.record.imsi.digits),
            secret: configuration.secret)
        var action = session.start()
        while true {
            switch action {
            case .finished(let result):
                return (method, result, result.failure, result.usim)
            case .send(let request):
                do {
                    let exchange = try await client.send(request)
                    action = session.receive(exchange)
                } catch {
                    let result = session.transportFailed(error)
                    return (method, result, result.failure, result.usim)
                }
            }
        }
    }
}

/// One finished authentication, for per-authentication output.
public struct AuthenticationRecord: Sendable {
    public let sequence: Int
    public let imsi: String
    public let method: AKAMethod
    /// nil when the phone could not even be set up (bad identity or key).
    public let result: AuthenticationResult?
    public let latency: Duration

    public var failure: AuthenticationFailure? { result == nil ? .protocolError : result?.failure }
}

/// A worker's counts, merged at the end (no shared state while running).
struct WorkerTally: Sendable {
    var latenciesMilliseconds: [Double] = []
    var successes = 0
    var failures: [AuthenticationFailure: Int] = [:]
    /// Acknowledged Accounting-Requests' latencies.
    var accountingLatenciesMilliseconds: [Double] = []
    var accountingFailures: [AccountingFailure: Int] = [:]
    /// Sessions ended by a Disconnect-Request.
    var disconnects = 0

    mutating func record(_ failure: AuthenticationFailure?, latency: Duration) {
        if let failure {
            failures[failure, default: 0] += 1
        } else {
            successes += 1
            latenciesMilliseconds.append(latency.milliseconds)
        }
    }

    mutating func record(_ accounting: AccountingOutcome) {
        accountingLatenciesMilliseconds.append(contentsOf: accounting.latenciesMilliseconds)
        for failure in accounting.failures { accountingFailures[failure, default: 0] += 1 }
        if accounting.disconnected { disconnects += 1 }
    }

    mutating func merge(_ other: WorkerTally) {
        latenciesMilliseconds.append(contentsOf: other.latenciesMilliseconds)
        successes += other.successes
        failures.merge(other.failures, uniquingKeysWith: +)
        accountingLatenciesMilliseconds.append(contentsOf: other.accountingLatenciesMilliseconds)
        accountingFailures.merge(other.accountingFailures, uniquingKeysWith: +)
        disconnects += other.disconnects
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1_000 + Double(parts.attoseconds) / 1e15
    }
}
