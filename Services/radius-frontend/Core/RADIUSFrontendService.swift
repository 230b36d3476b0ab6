import Logging
import NIOConcurrencyHelpers
import NIOCore
import TWAGConfiguration

/// Why the front could not start.
public enum RADIUSFrontendStartError: Error, Sendable, CustomStringConvertible {
    case store(AccessPointStoreError)
    case listeners(RADIUSServerError)

    public var description: String {
        switch self {
        case .store(let error): return "\(error)"
        case .listeners(let error): return "\(error)"
        }
    }
}

/// The whole authentication side of radius-frontend, assembled from the configuration: AP
/// registry on the shared SQLite file, request pipeline, UDP listeners. The executable adds the
/// IPC client (the `forwarder`), logging and metrics bootstrap, and signal handling.
public final class RADIUSFrontendService: Sendable {
    private let configuration: TWAGConfiguration
    private let logger: Logger
    private let group: any EventLoopGroup
    private let metrics: FrontendMetrics
    private let forwarder: any AuthForwarder
    private let instanceID: String
    private let running = NIOLockedValueBox<(server: RADIUSAuthServer?, pipeline: AuthPipeline?, registryTask: Task<Void, Never>?)>((nil, nil, nil))

    public init(configuration: TWAGConfiguration, instanceID: String, forwarder: any AuthForwarder,
                group: any EventLoopGroup, logger: Logger, metrics: FrontendMetrics = FrontendMetrics()) {
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
        let store: AccessPointStore
        do {
            store = try AccessPointStore(path: configuration.databasePath, synchronous: configuration.databaseSynchronous)
        } catch {
            throw .store(error)
        }
        let registry = AccessPointRegistry(store: store, logger: logger, metrics: metrics)
        let registryTask = Task { await registry.run() }
        let policy = SourcePolicy(radius: radius)
        if policy.allowsAnySource {
            logger.warning("radius.allowed_source_subnets is empty: any host knowing the shared secret is served")
        }
        if !radius.requireMessageAuthenticator {
            logger.warning("radius.require_message_authenticator is false: Access-Requests without EAP are accepted unsigned (Blast-RADIUS)")
        }
        let pipeline = AuthPipeline(policy: policy, settings: PipelineSettings(radius: radius, frontendID: instanceID),
                                    forwarder: forwarder, registry: registry, metrics: metrics, logger: logger)
        let server = RADIUSAuthServer(bindAddresses: radius.bindAddresses, port: radius.authPort, group: group,
                                      pipeline: pipeline, logger: logger)
        running.withLockedValue { $0 = (server, pipeline, registryTask) }
        do {
            return try await server.start()
        } catch {
            await shutdown(drainTimeout: .zero)
            throw .listeners(error)
        }
    }

    /// Closes the listeners, lets requests in flight finish for up to `drainTimeout`, then writes
    /// the registry's pending updates.
    public func shutdown(drainTimeout: Duration = .seconds(2)) async {
        let (server, pipeline, registryTask) = running.withLockedValue { state in
            defer { state = (nil, nil, nil) }
            return state
        }
        await server?.shutdown()
        if let pipeline {
            let deadline = ContinuousClock.now + drainTimeout
            while pipeline.inFlight > 0, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        registryTask?.cancel()
        await registryTask?.value
    }
}
