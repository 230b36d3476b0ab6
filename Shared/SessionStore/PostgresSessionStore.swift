import Foundation
import Logging
import PostgresNIO
import PostgresStore
import Synchronization

/// The shared store on PostgreSQL (`database_url: postgres://…`): one database for several TWAG
/// nodes (issue #11), with the SQLite engine's semantics.
///
/// Every process holds a bounded postgres-nio pool. Opening never waits for the server: the
/// migrations are applied in the background, retried with backoff until the server answers, and
/// until then every call fails with ``SessionStoreError/unavailable(_:)`` — the frontend then
/// leaves accounting unacknowledged (the AP retransmits) while authentication goes on, unless
/// `store_required_for_accept`. Each call has its own deadline: postgres-nio's pool keeps retrying
/// a dead server for about a minute before it fails a request, far longer than an AP waits.
public final class PostgresSessionStore: SessionStore {
    public let nodeID: String
    let client: PostgresClient
    let logger: Logger
    let requestTimeout: Duration
    public let displayLocation: String
    /// How long another node's service may be silent before this node takes over its work.
    public let nodeFailover: Duration
    private let state: Mutex<State>
    private let runner: Task<Void, Never>
    /// Applies the migrations, then probes the server while it is marked unreachable.
    private let migrator: Mutex<Task<Void, Never>?> = Mutex(nil)

    private struct State {
        var migrated = false
        var closed = false
        var availability: SessionStoreAvailability = .unavailable("connecting")
        /// Callers of ``waitUntilReady(timeout:)``, resumed when the schema is applied, at their
        /// timeout, or at close.
        var readyWaiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter = 0
    }

    /// Opens the pool and starts applying the migrations; see ``waitUntilReady(timeout:)``.
    public init(location: PostgresLocation, nodeID: String, maximumConnections: Int = 8,
                requestTimeout: Duration = .seconds(5), nodeFailover: Duration = .seconds(15), logger: Logger) {
        self.nodeID = nodeID
        self.logger = logger
        self.requestTimeout = requestTimeout
        displayLocation = location.description
        self.nodeFailover = nodeFailover
        state = Mutex(State())
        // postgres-nio logs every failed connection attempt at info; the store logs the outage once.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: location.clientConfiguration(maximumConnections: maximumConnections),
                                    backgroundLogger: background)
        self.client = client
        runner = Task { await client.run() }
        // Weak between steps: the loop must not keep a store nobody uses alive.
        let task = Task<Void, Never> { [weak self] in
            await self?.migrate()
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                guard let self, !self.state.withLock({ $0.closed }) else { return }
                await self.probeIfUnreachable()
            }
        }
        migrator.withLock { $0 = task }
    }

    deinit {
        migrator.withLock { $0?.cancel() }
        runner.cancel()
    }

    public var availability: SessionStoreAvailability { state.withLock { $0.availability } }

    /// Whether the migrations have been applied (the store serves calls only then).
    public var isReady: Bool { state.withLock { $0.migrated } }

    /// Waits until the schema is applied, or `timeout` passes (tests, `twag` commands that need the
    /// store at once). Returns whether it is ready.
    @discardableResult
    public func waitUntilReady(timeout: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let id = state.withLock { state -> Int? in
                if state.migrated || state.closed { return nil }
                state.nextWaiter += 1
                state.readyWaiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume(returning: isReady) }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.state.withLock { $0.readyWaiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
    }

    /// Resumes every ``waitUntilReady(timeout:)`` caller with `ready`.
    private func releaseReadyWaiters(_ ready: Bool) {
        let waiters = state.withLock { state in
            defer { state.readyWaiters = [:] }
            return state.readyWaiters.values
        }
        for waiter in waiters { waiter.resume(returning: ready) }
    }

    public var blockingCommit: (@Sendable ([SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult])? { nil }

    public func close() async {
        state.withLock { $0.closed = true }
        releaseReadyWaiters(false)
        migrator.withLock { $0?.cancel() }
        runner.cancel()
    }

    /// While the store is marked unreachable, asks the server `SELECT 1` (every 2 s, from the task
    /// above): a process that rarely queries (twag-admin) must not report an outage long after it ended.
    private func probeIfUnreachable() async {
        guard isReady, !availability.isAvailable else { return }
        _ = try? await call { client in try await client.query("SELECT 1").collect { _ in 0 } }
    }

    /// Applies the migrations, retrying every 0.5 s doubling to 10 s while the server cannot be reached.
    private func migrate() async {
        var delay = Duration.milliseconds(500)
        while !Task.isCancelled {
            do {
                _ = try await withDeadline(requestTimeout * 6) { [client, logger] in
                    try await client.withConnection { connection in
                        try await PostgresMigrator.migrate(connection, logger: logger)
                    }
                }
                state.withLock { $0.migrated = true }
                markAvailable()
                releaseReadyWaiters(true)
                return
            } catch {
                let reason = Self.describe(error)
                markUnavailable(reason)
                logger.warning("Store not ready, retrying in \(delay): \(reason)")
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(10))
        }
    }

    // MARK: Calls

    /// Runs `body` on the store's pool with the store's deadline, retries and error sorting: for
    /// tables other services own in the same database (the frontend's access points).
    public func withClient<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T)
        async throws(SessionStoreError) -> T
    {
        try await call(body)
    }

    /// Runs `body` on a pooled connection within the request deadline, retrying a transaction the
    /// server aborted to break a deadlock or a serialization conflict (several writers on several
    /// nodes update the same session rows; every write here is idempotent).
    @discardableResult
    func call<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws(SessionStoreError) -> T {
        let (migrated, closed) = state.withLock { ($0.migrated, $0.closed) }
        if closed { throw .closed }
        guard migrated else { throw .unavailable("schema not applied yet: \(availabilityReason)") }
        var attempt = 0
        while true {
            attempt += 1
            do {
                let value = try await withDeadline(requestTimeout) { [client] in try await body(client) }
                markAvailable()
                return value
            } catch {
                let failure = Self.classify(error)
                switch failure {
                case .retry where attempt < 4:
                    continue
                case .retry(let reason):
                    throw .database(reason)
                case .unavailable(let reason):
                    markUnavailable(reason)
                    throw .unavailable(reason)
                case .statement(let reason):
                    markAvailable()
                    throw .database(reason)
                }
            }
        }
    }

    private var availabilityReason: String {
        if case .unavailable(let reason) = availability { return reason }
        return "connecting"
    }

    private func markAvailable() {
        let recovered = state.withLock { state in
            defer { state.availability = .available }
            return state.availability != .available && state.migrated
        }
        if recovered { logger.notice("Store reachable", metadata: ["node": "\(nodeID)"]) }
    }

    private func markUnavailable(_ reason: String) {
        let was = state.withLock { state in
            defer { state.availability = .unavailable(reason) }
            return state.availability
        }
        if was == .available { logger.error("Store unreachable: \(reason)", metadata: ["node": "\(nodeID)"]) }
    }

    enum Failure {
        case retry(String)
        case unavailable(String)
        case statement(String)
    }

    /// Sorts an error by what the caller can do about it.
    static func classify(_ error: any Error) -> Failure {
        if error is DeadlineExceeded { return .unavailable(describe(error)) }
        guard let psql = error as? PSQLError else { return .unavailable(describe(error)) }
        if psql.code != .server { return .unavailable(describe(error)) }
        let state = psql.serverInfo?[.sqlState] ?? ""
        switch state {
        case "40001", "40P01":
            return .retry(describe(error))
        case _ where state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P"):
            // Connection exceptions, resources exhausted, server shutting down or starting.
            return .unavailable(describe(error))
        default:
            return .statement(describe(error))
        }
    }

    /// A duration as SQL seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// An error as logged: the server's SQLSTATE and message, never the query's bound values.
    static func describe(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let info = psql.serverInfo {
            return "\(info[.sqlState] ?? "?????") \(info[.message] ?? "")"
        }
        if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
        return "\(psql.code)"
    }
}

/// A call ran past its deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var timeout: Duration
    var description: String { "no answer within \(timeout)" }
}

/// Runs `body` and returns its result, or throws ``DeadlineExceeded`` once `timeout` passes. The
/// caller is resumed at the deadline even if `body` cannot be interrupted (a query already written
/// to a server that stopped answering); `body` is cancelled and finishes on its own. Deadlines are
/// checked by one watcher every 50 ms rather than a timer per call: a timer armed and cancelled
/// for every commit showed in profiles.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>(deadline: ContinuousClock.now.advanced(by: timeout), timeout: timeout)
    return try await withCheckedThrowingContinuation { continuation in
        race.start(continuation, body)
    }
}

/// Something the watcher can expire.
protocol Expirable: AnyObject, Sendable {
    var deadline: ContinuousClock.Instant { get }
    func expire()
}

/// The in-flight calls with a deadline, and the one task that expires them.
final class DeadlineWatcher: Sendable {
    static let shared = DeadlineWatcher()
    private let state = Mutex<(calls: [ObjectIdentifier: any Expirable], running: Bool)>(([:], false))

    func add(_ call: any Expirable) {
        let startTask = state.withLock { state -> Bool in
            state.calls[ObjectIdentifier(call)] = call
            defer { state.running = true }
            return !state.running
        }
        if startTask { Task { await self.watch() } }
    }

    func remove(_ call: any Expirable) {
        _ = state.withLock { $0.calls.removeValue(forKey: ObjectIdentifier(call)) }
    }

    /// Runs while calls are in flight; a later call starts it again.
    private func watch() async {
        while true {
            try? await Task.sleep(for: .milliseconds(50))
            let now = ContinuousClock.now
            let due = state.withLock { state -> [any Expirable]? in
                if state.calls.isEmpty {
                    state.running = false
                    return nil
                }
                let due = state.calls.values.filter { $0.deadline <= now }
                for call in due { state.calls.removeValue(forKey: ObjectIdentifier(call)) }
                return due
            }
            guard let due else { return }
            for call in due { call.expire() }
        }
    }
}

private final class DeadlineRace<T: Sendable>: Expirable {
    let deadline: ContinuousClock.Instant
    private let timeout: Duration
    private let slot = Mutex<(continuation: CheckedContinuation<T, any Error>?, work: Task<Void, Never>?)>((nil, nil))

    init(deadline: ContinuousClock.Instant, timeout: Duration) {
        self.deadline = deadline
        self.timeout = timeout
    }

    func start(_ continuation: CheckedContinuation<T, any Error>, _ body: @escaping @Sendable () async throws -> T) {
        slot.withLock { $0.continuation = continuation }
        DeadlineWatcher.shared.add(self)
        let work = Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            DeadlineWatcher.shared.remove(self)
            self.finish(result)
        }
        slot.withLock { $0.work = work }
    }

    func expire() {
        let work = slot.withLock { $0.work }
        work?.cancel()
        finish(.failure(DeadlineExceeded(timeout: timeout)))
    }

    private func finish(_ result: Result<T, any Error>) {
        let continuation = slot.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }
}
