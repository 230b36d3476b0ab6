import IPC
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The accepting side of IPC (aaa-core, charging-agent): one Unix stream socket, many peers.
///
/// Each connection must open with hello; the server answers hello-ack, replies to ping, and hands
/// every other request to `handler` in its own task (replies go out in completion order, matched by
/// correlation id). The server can also send requests to a connected peer (`request(to:)`), e.g.
/// charging-agent asking a frontend to disconnect a subscriber.
public final class IPCServer: Sendable {
    private enum Lifecycle {
        case idle
        case starting
        case running(channel: any Channel, file: UnixSocketFile.Identity?)
        case shutDown
    }

    private let path: String
    private let group: any EventLoopGroup
    private let logger: Logger
    private let sessionTemplate: IPCSessionConfiguration
    private let registry = IPCPeerRegistry()
    private let lifecycle = NIOLockedValueBox<Lifecycle>(.idle)

    /// - Parameter metricsFactory: where `ipc_frame_errors_total{service}` goes; nil uses `MetricsSystem.factory`.
    public convenience init(
        path: String, serviceName: String, instanceID: String, maxFrameSize: Int = IPCFrame.defaultMaximumSize,
        group: any EventLoopGroup, logger: Logger,
        handler: @escaping @Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame?,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.init(
            path: path, serviceName: serviceName, instanceID: instanceID, maxFrameSize: maxFrameSize, group: group,
            logger: logger, handler: handler, metricsFactory: metricsFactory, policy: IPCKeepalivePolicy())
    }

    init(
        path: String, serviceName: String, instanceID: String, maxFrameSize: Int, group: any EventLoopGroup,
        logger: Logger, handler: @escaping @Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame?,
        metricsFactory: (any MetricsFactory)?, policy: IPCKeepalivePolicy
    ) {
        var logger = logger
        logger[metadataKey: "ipc.socket"] = "\(path)"
        self.path = path
        self.group = group
        self.logger = logger
        let registry = self.registry
        self.sessionTemplate = IPCSessionConfiguration(
            role: .acceptor, serviceName: serviceName, instanceID: instanceID, maxFrameSize: maxFrameSize,
            policy: policy, logger: logger, metricsFactory: metricsFactory, requestHandler: handler,
            onEstablished: { registry.add($0) },
            onClosed: { _, handle in if let handle { registry.remove(handle) } })
    }

    /// Removes a stale socket file (only a socket nobody accepts on), binds, and sets mode 0660.
    public func start() async throws(IPCServerError) {
        let claimed = lifecycle.withLockedValue { state in
            guard case .idle = state else { return false }
            state = .starting
            return true
        }
        guard claimed else { throw .alreadyStarted }
        do throws(IPCServerError) {
            let channel = try await bind()
            let file = UnixSocketFile.identity(at: path)
            let stillWanted = lifecycle.withLockedValue { state in
                guard case .starting = state else { return false }
                state = .running(channel: channel, file: file)
                return true
            }
            guard stillWanted else {
                // shutdown() ran while we were binding.
                try? await channel.close()
                await closeConnections()
                if let file { UnixSocketFile.remove(at: path, ifIdentity: file) }
                return
            }
            logger.info("IPC server listening")
        } catch {
            lifecycle.withLockedValue { if case .starting = $0 { $0 = .idle } }
            throw error
        }
    }

    private func bind() async throws(IPCServerError) -> any Channel {
        try UnixSocketFile.removeStale(at: path)
        guard let bootstrap = ServerBootstrap(validatingGroup: group) else { throw .unsupportedEventLoopGroup }
        let configuration = sessionTemplate
        let registry = self.registry
        let channel: any Channel
        do {
            channel =
                try await bootstrap
                .serverChannelOption(.backlog, value: 256)
                .childChannelInitializer { channel in
                    guard registry.track(channel) else { return channel.close() }
                    return initializeIPCChannel(channel, maxFrameSize: configuration.maxFrameSize) {
                        IPCSessionHandler(configuration: configuration)
                    }
                }
                .bind(unixDomainSocketPath: path)
                .get()
        } catch {
            throw .bindFailed(path: path, reason: "\(error)")
        }
        do throws(IPCServerError) {
            try UnixSocketFile.setPermissions(0o660, at: path)
        } catch {
            try? await channel.close()
            throw error
        }
        return channel
    }

    /// Stops accepting, closes every connection (their in-flight server requests fail with
    /// `.shuttingDown`), and removes the socket file if it is still ours.
    public func shutdown() async {
        let previous = lifecycle.withLockedValue { state in
            defer { state = .shutDown }
            return state
        }
        guard case .running(let channel, let file) = previous else { return }
        try? await channel.close()
        await closeConnections()
        if let file { UnixSocketFile.remove(at: path, ifIdentity: file) }
        logger.info("IPC server stopped")
    }

    private func closeConnections() async {
        let open = registry.closeAll()
        for channel in open.handshaking { channel.close(promise: nil) }
        for handle in open.sessions { await handle.close(failingWith: .shuttingDown) }
    }

    /// Peers that completed the handshake, oldest first.
    public func connectedPeers() -> [IPCConnectionInfo] {
        registry.sessions.map(\.peer)
    }

    /// Sends a request to the connected peer with that instance id and waits for its reply.
    public func request(
        to instanceID: String, _ type: IPCMessageType, fields: [IPCField], timeout: Duration = .seconds(3)
    ) async throws(IPCRequestError) -> IPCFrame {
        if case .shutDown = lifecycle.withLockedValue({ $0 }) { throw .shuttingDown }
        guard let handle = registry.handle(forInstance: instanceID) else { throw .notConnected }
        return try await handle.request(type, fields: fields, timeout: timeout).get()
    }
}
