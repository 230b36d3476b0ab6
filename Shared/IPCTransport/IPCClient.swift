import IPC
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The connecting side of IPC (radius-frontend → aaa-core / charging-agent, aaa-core → charging-agent).
///
/// `start()` runs a background loop that connects, says hello, and after any failure or drop tries
/// again with exponential backoff and jitter, forever. `request` never waits for a connection: while
/// disconnected it fails at once with `.notConnected` (the AP retransmits RADIUS anyway), and requests
/// in flight when the connection drops fail at once with `.connectionLost`.
public final class IPCClient: Sendable {
    private enum Lifecycle {
        case idle
        case running
        case shutDown
    }

    private struct State {
        var lifecycle = Lifecycle.idle
        var loop: Task<Void, Never>?
        /// The connected (possibly still handshaking) channel, so shutdown can close it.
        var channel: (any Channel)?
        var session: IPCSessionHandle?
        /// Callers of `waitUntilConnected`, resumed when a handshake completes, at their timeout or
        /// at shutdown.
        var connectionWaiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let path: String
    private let requestTimeout: Duration
    private let backoffInitial: Duration
    private let backoffMax: Duration
    private let maxFrameSize: Int
    private let group: any EventLoopGroup
    private let logger: Logger
    private let sessionTemplate: IPCSessionConfiguration
    private let state = NIOLockedValueBox(State())
    private let metricsFactory: (any MetricsFactory)?
    private let timers = NIOLockedValueBox<[IPCMessageType: Metrics.Timer]>([:])

    /// - Parameters:
    ///   - requestHandler: serves requests the server sends to this client (e.g. disconnect-request
    ///     to a frontend); nil answers them with `error` (unsupported message).
    ///   - metricsFactory: where `ipc_frame_errors_total{service}` goes; nil uses `MetricsSystem.factory`.
    public convenience init(
        path: String, serviceName: String, instanceID: String, requestTimeout: Duration = .seconds(3),
        backoffInitial: Duration = .milliseconds(100), backoffMax: Duration = .seconds(5),
        maxFrameSize: Int = IPCFrame.defaultMaximumSize, group: any EventLoopGroup, logger: Logger,
        requestHandler: (@Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame?)? = nil,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.init(
            path: path, serviceName: serviceName, instanceID: instanceID, requestTimeout: requestTimeout,
            backoffInitial: backoffInitial, backoffMax: backoffMax, maxFrameSize: maxFrameSize, group: group,
            logger: logger, requestHandler: requestHandler, metricsFactory: metricsFactory, policy: IPCKeepalivePolicy())
    }

    init(
        path: String, serviceName: String, instanceID: String, requestTimeout: Duration, backoffInitial: Duration,
        backoffMax: Duration, maxFrameSize: Int, group: any EventLoopGroup, logger: Logger,
        requestHandler: (@Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame?)?,
        metricsFactory: (any MetricsFactory)?, policy: IPCKeepalivePolicy
    ) {
        var logger = logger
        logger[metadataKey: "ipc.socket"] = "\(path)"
        self.path = path
        self.metricsFactory = metricsFactory
        self.requestTimeout = requestTimeout
        self.backoffInitial = backoffInitial
        self.backoffMax = backoffMax
        self.maxFrameSize = maxFrameSize
        self.group = group
        self.logger = logger
        // The callbacks are replaced per connection in `connectOnce`.
        self.sessionTemplate = IPCSessionConfiguration(
            role: .connector, serviceName: serviceName, instanceID: instanceID, maxFrameSize: maxFrameSize,
            policy: policy, logger: logger, metricsFactory: metricsFactory, requestHandler: requestHandler,
            onEstablished: { _ in }, onClosed: { _, _ in })
    }

    /// Starts the background connect loop; calling it again has no effect.
    public func start() {
        state.withLockedValue { state in
            guard state.lifecycle == .idle else { return }
            state.lifecycle = .running
            state.loop = Task { [self] in await runConnectLoop() }
        }
    }

    /// `ipc_request_duration_seconds{type}`: request sent to reply received (answered requests only).
    private func latency(for type: IPCMessageType) -> Metrics.Timer {
        timers.withLockedValue { timers in
            if let timer = timers[type] { return timer }
            let dimensions = [("type", type.description)]
            let timer = metricsFactory.map { Metrics.Timer(label: "ipc_request_duration_seconds", dimensions: dimensions,
                                                           factory: $0) }
                ?? Metrics.Timer(label: "ipc_request_duration_seconds", dimensions: dimensions)
            timers[type] = timer
            return timer
        }
    }

    /// True while a connection has completed its handshake.
    public var isConnected: Bool {
        state.withLockedValue { $0.session != nil }
    }

    /// Waits until a connection has completed its handshake, for at most `timeout`; true when
    /// connected. Resumed by the handshake itself, not by polling.
    public func waitUntilConnected(timeout: Duration) async -> Bool {
        let state = self.state
        return await withCheckedContinuation { (waiter: CheckedContinuation<Bool, Never>) in
            let id = state.withLockedValue { state -> UInt64? in
                guard state.session == nil, state.lifecycle != .shutDown else { return nil }
                state.nextWaiterID += 1
                state.connectionWaiters[state.nextWaiterID] = waiter
                return state.nextWaiterID
            }
            guard let id else { return waiter.resume(returning: isConnected) }
            group.any().scheduleTask(in: TimeAmount(timeout)) {
                state.withLockedValue { $0.connectionWaiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
    }

    /// Sends a request and waits for its reply (same correlation id) for at most `timeout`
    /// (the client's `requestTimeout` when nil). An `error` reply throws `.remote`.
    public func request(_ type: IPCMessageType, fields: [IPCField], timeout: Duration? = nil) async throws(IPCRequestError)
        -> IPCFrame
    {
        let result = await withCheckedContinuation { continuation in
            request(type, fields: fields, timeout: timeout) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// The same with a completion, called on the connection's event loop (or at once when there is
    /// no connection): the frontend's Access-Requests wait for aaa-core without a task each.
    public func request(_ type: IPCMessageType, fields: [IPCField], timeout: Duration? = nil,
                        completion: @escaping @Sendable (Result<IPCFrame, IPCRequestError>) -> Void) {
        let (lifecycle, session) = state.withLockedValue { ($0.lifecycle, $0.session) }
        if lifecycle == .shutDown { return completion(.failure(.shuttingDown)) }
        guard let session else { return completion(.failure(.notConnected)) }
        let started = ContinuousClock.now
        let latency = latency(for: type)
        session.request(type, fields: fields, timeout: timeout ?? requestTimeout) { result in
            if case .success = result { latency.record(duration: ContinuousClock.now - started) }
            completion(result)
        }
    }

    /// Stops reconnecting, fails in-flight requests with `.shuttingDown`, closes the connection.
    public func shutdown() async {
        let (loop, channel, session, waiters) = state.withLockedValue { state in
            state.lifecycle = .shutDown
            defer { (state.loop, state.channel, state.session, state.connectionWaiters) = (nil, nil, nil, [:]) }
            return (state.loop, state.channel, state.session, state.connectionWaiters.values)
        }
        for waiter in waiters { waiter.resume(returning: false) }
        loop?.cancel()
        if let session {
            await session.close(failingWith: .shuttingDown)
        } else {
            try? await channel?.close()
        }
        await loop?.value
    }

    // MARK: Connect loop

    private func runConnectLoop() async {
        var backoff = IPCBackoff(initial: backoffInitial, maximum: backoffMax)
        var failures = 0
        while !Task.isCancelled {
            do {
                let channel = try await connectOnce()
                backoff.reset()
                failures = 0
                try? await channel.closeFuture.get()
            } catch {
                failures += 1
                if failures == 1 {
                    logger.warning("IPC connect failed, retrying with backoff", metadata: ["ipc.error": "\(error)"])
                } else {
                    logger.debug("IPC connect failed", metadata: ["ipc.error": "\(error)", "ipc.attempt": "\(failures)"])
                }
            }
            if state.withLockedValue({ $0.lifecycle }) == .shutDown { return }
            let delay = backoff.next(unitRandom: Double.random(in: 0...1))
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    private enum ConnectError: Error, CustomStringConvertible {
        case unsupportedEventLoopGroup
        case shuttingDown
        case handshakeFailed
        case connect(any Error)

        var description: String {
            switch self {
            case .unsupportedEventLoopGroup: return "IPC transport needs a NIOPosix event loop group"
            case .shuttingDown: return "shutting down"
            case .handshakeFailed: return "connection closed before the handshake completed"
            case .connect(let e): return "\(e)"
            }
        }
    }

    /// Connects and completes the handshake; returns the established channel.
    private func connectOnce() async throws(ConnectError) -> any Channel {
        guard let bootstrap = ClientBootstrap(validatingGroup: group) else { throw .unsupportedEventLoopGroup }
        let established = group.next().makePromise(of: IPCSessionHandle.self)
        var configuration = sessionTemplate
        let state = self.state
        configuration.onEstablished = { handle in
            let waiters = state.withLockedValue { state -> [CheckedContinuation<Bool, Never>]? in
                guard state.lifecycle == .running else { return nil }
                state.session = handle
                defer { state.connectionWaiters = [:] }
                return Array(state.connectionWaiters.values)
            }
            if let waiters {
                for waiter in waiters { waiter.resume(returning: true) }
                established.succeed(handle)
            } else {
                handle.channel.close(promise: nil)
            }
        }
        configuration.onClosed = { channel, _ in
            state.withLockedValue { state in
                // Only forget what belongs to this connection, never a successor's.
                let closed = ObjectIdentifier(channel)
                if let current = state.session?.channel, ObjectIdentifier(current) == closed { state.session = nil }
                if let current = state.channel, ObjectIdentifier(current) == closed { state.channel = nil }
            }
            established.fail(ConnectError.handshakeFailed)
        }
        let channel: any Channel
        do {
            channel =
                try await bootstrap
                .channelInitializer { [configuration] channel in
                    initializeIPCChannel(channel, maxFrameSize: configuration.maxFrameSize) {
                        IPCSessionHandler(configuration: configuration)
                    }
                }
                .connect(unixDomainSocketPath: path)
                .get()
        } catch {
            established.fail(error)
            throw .connect(error)
        }
        let stillRunning = state.withLockedValue { state in
            guard state.lifecycle == .running else { return false }
            state.channel = channel
            return true
        }
        guard stillRunning else {
            try? await channel.close()
            established.fail(ConnectError.shuttingDown)
            throw .shuttingDown
        }
        do {
            let handle = try await established.futureResult.get()
            logger.info("IPC connected", metadata: ["ipc.peer": "\(handle.peer)"])
        } catch {
            throw .handshakeFailed
        }
        return channel
    }
}
