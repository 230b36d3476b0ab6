import Foundation
import IPC
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import OperatorStatus
import SessionStore
import TWAGConfiguration

/// Why the front could not start.
public enum RADIUSFrontendStartError: Error, Sendable, CustomStringConvertible {
    case store(AccessPointStoreError)
    case sessionStore(SessionStoreError)
    case listeners(RADIUSServerError)
    case disconnectSocket(String)

    public var description: String {
        switch self {
        case .store(let error): return "\(error)"
        case .sessionStore(let error): return "\(error)"
        case .listeners(let error): return "\(error)"
        case .disconnectSocket(let why): return "cannot open the Disconnect-Request socket: \(why)"
        }
    }
}

/// The whole of radius-frontend, assembled from the configuration: AP registry and session store
/// on the shared SQLite file, authentication and accounting pipelines and their UDP listeners, the
/// Disconnect-Request sender. The executable adds the IPC client (the `forwarder`, and the
/// `disconnect-request`s it receives), logging and metrics bootstrap, and signal handling.
public final class RADIUSFrontendService: Sendable {
    private let configuration: TWAGConfiguration
    private let logger: Logger
    private let group: any EventLoopGroup
    private let metrics: FrontendMetrics
    private let forwarder: any AuthForwarder
    private let usage: (any UsageNotifier)?
    private let instanceID: String
    private struct Running {
        var servers: [RADIUSAuthServer] = []
        var pipeline: AuthPipeline?
        var accounting: AccountingPipeline?
        var disconnects: DisconnectSender?
        var tasks: [Task<Void, Never>] = []
        var bound: [SocketAddress] = []
        var checkpointer: WALCheckpointer?
    }
    private let running = NIOLockedValueBox(Running())
    private let startedAt = Date()

    public init(configuration: TWAGConfiguration, instanceID: String, forwarder: any AuthForwarder,
                usage: (any UsageNotifier)? = nil, group: any EventLoopGroup, logger: Logger,
                metrics: FrontendMetrics = FrontendMetrics()) {
        self.usage = usage
        self.configuration = configuration
        self.instanceID = instanceID
        self.forwarder = forwarder
        self.group = group
        self.logger = logger
        self.metrics = metrics
    }

    /// Opens the store, starts the registry writer and binds the listeners.
    /// - Returns: the bound addresses.
    @discardableResult
    public func start() async throws(RADIUSFrontendStartError) -> [SocketAddress] {
        let radius = configuration.radius
        let sessions: any SessionStore
        do {
            sessions = try SessionStores.open(configuration: configuration, logger: logger)
        } catch {
            throw .sessionStore(error)
        }
        await SessionStores.awaitStartup(sessions, logger: logger)
        // The AP registry lives in the same store: the PostgreSQL pool, or the SQLite file.
        let store: any AccessPointStore
        if let postgres = sessions as? PostgresSessionStore {
            store = PostgresAccessPointStore(store: postgres)
        } else {
            do {
                store = if let sqlite = sessions as? SQLiteSessionStore {
                    try SQLiteAccessPointStore(sharing: sqlite)
                } else {
                    try SQLiteAccessPointStore(path: configuration.databasePath, synchronous: configuration.databaseSynchronous)
                }
            } catch {
                throw .store(error)
            }
        }
        // A transaction's completions go back to an event loop in one job (accounting answers there).
        let completionLoop = group.next()
        let commitDelay: Duration = sessions is SQLiteSessionStore ? .microseconds(configuration.databaseCommitDelayMicroseconds) : .zero
        let writer = SessionWriter(store: sessions, commitDelay: commitDelay, deliver: { completionLoop.execute($0) })
        // SQLite: WAL checkpoints beside the writer rather than in its commits (accounting latency).
        var checkpointer: WALCheckpointer?
        if let sqlite = sessions as? SQLiteSessionStore {
            do {
                checkpointer = try sqlite.startBackgroundCheckpoints(
                    maximumWALBytes: configuration.databaseWALMaximumMiB << 20, logger: logger)
            } catch {
                throw .sessionStore(error)
            }
        }
        let registry = AccessPointRegistry(store: store, logger: logger, metrics: metrics)
        let registryTask = Task { await registry.run() }
        let metrics = self.metrics
        let logger = self.logger
        let activeClientsTask = Task {
            while !Task.isCancelled {
                do {
                    metrics.activeClients.record(try await sessions.liveSessionCount())
                } catch {
                    logger.warning("Active client count failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        let policy = SourcePolicy(radius: radius)
        if policy.allowsAnySource {
            logger.warning("radius.allowed_source_subnets is empty: any host knowing the shared secret is served")
        }
        if !radius.requireMessageAuthenticator {
            logger.warning("radius.require_message_authenticator is false: Access-Requests without EAP are accepted unsigned (Blast-RADIUS)")
        }
        var settings = PipelineSettings(radius: radius, frontendID: instanceID)
        settings.storeRequiredForAccept = configuration.storeRequiredForAccept
        let pipeline = AuthPipeline(policy: policy, settings: settings, forwarder: forwarder, registry: registry,
                                    sessions: writer, metrics: metrics, logger: logger)
        let accounting = AccountingPipeline(policy: policy, settings: settings, writer: writer, metrics: metrics, logger: logger,
                                            usage: usage)
        let disconnects = DisconnectSender(group: group, policy: policy, port: radius.coaPort,
                                           portForAddress: { radius.coaPort(for: $0) }, metrics: metrics, logger: logger)
        let authServer = RADIUSAuthServer(bindAddresses: radius.bindAddresses, port: radius.authPort, group: group,
                                          pipeline: pipeline, duration: metrics.accessRequestDuration,
                                          receiveBufferBytes: radius.socketReceiveBufferBytes, logger: logger)
        let accountingServer = RADIUSAuthServer(bindAddresses: radius.bindAddresses, port: radius.acctPort, group: group,
                                                pipeline: accounting, role: "RADIUS accounting server",
                                                duration: metrics.accountingRequestDuration,
                                                receiveBufferBytes: radius.socketReceiveBufferBytes, logger: logger)
        running.withLockedValue {
            $0 = Running(servers: [authServer, accountingServer], pipeline: pipeline, accounting: accounting,
                         disconnects: disconnects, tasks: [registryTask, activeClientsTask, StoreAvailabilityGauge.start(sessions, factory: metrics.factory)],
                         checkpointer: checkpointer)
        }
        do {
            try await disconnects.start()
        } catch {
            await shutdown(drainTimeout: .zero)
            throw .disconnectSocket("\(error)")
        }
        do {
            let authBound = try await authServer.start()
            let accountingBound = try await accountingServer.start()
            let ports = ["access": authBound.first?.port, "accounting": accountingBound.first?.port].compactMapValues { $0 }
            let dropsTask = Self.watchSocketDrops(ports: ports, metrics: metrics)
            let bound = authBound + accountingBound
            running.withLockedValue {
                $0.bound = bound
                $0.tasks.append(dropsTask)
            }
            return bound
        } catch {
            await shutdown(drainTimeout: .zero)
            throw .listeners(error)
        }
    }

    /// Every 5 s, adds the kernel's new receive drops on the RADIUS ports to
    /// `radius_socket_receive_drops_total` (Linux; nothing elsewhere). The tables are read on NIO's
    /// thread pool: a host with many sockets makes them long, and this task runs on the event loop.
    private static func watchSocketDrops(ports: [String: Int], metrics: FrontendMetrics) -> Task<Void, Never> {
        Task {
            var counter = SocketDropCounter()
            while !Task.isCancelled {
                let tables = (try? await NIOThreadPool.singleton.runIfActive {
                    ["/proc/net/udp", "/proc/net/udp6"].compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
                }) ?? []
                if !tables.isEmpty {
                    for (type, port) in ports {
                        let new = counter.newDrops(port: port, tables: tables)
                        if new > 0 { metrics.socketReceiveDrops[type]?.increment(by: new) }
                    }
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }

    /// Serves a request aaa-core (or charging-agent) sends this frontend: `disconnect-request`.
    public func handle(ipcRequest frame: IPCFrame) async -> IPCFrame {
        if frame.type == .statusRequest {
            return .document(status(), type: .statusResult, correlationID: frame.correlationID)
        }
        guard frame.type == .disconnectRequest || frame.type == .coaRequest else {
            return IPCFrame.error(.unsupportedMessage, "radius-frontend does not serve \(frame.type)",
                                  correlationID: frame.correlationID)
        }
        guard let sender = running.withLockedValue({ $0.disconnects }) else {
            return IPCFrame.error(.upstreamUnavailable, "radius-frontend is not running",
                                  correlationID: frame.correlationID)
        }
        if frame.type == .coaRequest {
            do {
                let change = try IPCChangeOfAuthorization(frame: frame)
                return await sender.changeSessionTimeout(change).frame(correlationID: frame.correlationID, type: .coaResult)
            } catch {
                logger.warning("Malformed coa-request over IPC refused: \(error)")
                return IPCFrame.error(.malformedMessage, error.description, correlationID: frame.correlationID)
            }
        }
        let request: IPCDisconnectRequest
        do {
            request = try IPCDisconnectRequest(frame: frame)
        } catch {
            logger.warning("Malformed disconnect-request over IPC refused: \(error)")
            return IPCFrame.error(.malformedMessage, error.description, correlationID: frame.correlationID)
        }
        return await sender.disconnect(request).frame(correlationID: frame.correlationID)
    }

    /// This instance for the operator surface (relayed by aaa-core).
    public func status() -> ServiceStatus {
        let bound = running.withLockedValue { $0.bound }
        return ServiceStatus(
            service: "radius-frontend", instance: instanceID, startedAt: startedAt, resources: .current(),
            configuration: configuration.redactedSummary(),
            details: ["listeners": bound.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" }.joined(separator: ", "),
                      "clients": "\(configuration.radius.clients.count)",
                      "allowed_source_subnets": configuration.radius.allowedSourceSubnets.map(\.description).joined(separator: ", ")])
    }

    /// Closes the listeners, lets requests in flight finish for up to `drainTimeout`, then writes
    /// the registry's pending updates.
    public func shutdown(drainTimeout: Duration = .seconds(2)) async {
        let state = running.withLockedValue { state in
            defer { state = Running() }
            return state
        }
        for server in state.servers { await server.shutdown() }
        let deadline = ContinuousClock.now + drainTimeout
        while (state.pipeline?.inFlight ?? 0) + (state.accounting?.inFlight ?? 0) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        await state.disconnects?.shutdown()
        for task in state.tasks { task.cancel() }
        for task in state.tasks { await task.value }
        await state.checkpointer?.shutdown()
    }
}
