import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Why the authentication listeners could not start.
public enum RADIUSServerError: Error, Sendable, CustomStringConvertible {
    /// No socket could be bound at all.
    case noListener([String])
    /// An IPv4 bind (or any bind the host should support) failed.
    case bindFailed(address: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .noListener(let failures):
            return "no RADIUS listener could be bound: " + failures.joined(separator: "; ")
        case .bindFailed(let address, let port, let reason):
            return "cannot bind RADIUS listener \(address) port \(port): \(reason)"
        }
    }
}

/// The UDP listeners of one RADIUS port (authentication or accounting): one socket per
/// `radius.bind_addresses` entry.
///
/// When an IPv4 and an IPv6 address share the port, the IPv6 socket is made IPv6-only so both
/// binds succeed. A failing IPv6 bind (host without IPv6) is a warning; IPv4 failures are fatal.
/// Replies leave from the socket the request came in on.
public final class RADIUSAuthServer: Sendable {
    private let bindAddresses: [String]
    private let port: Int
    private let group: any EventLoopGroup
    private let pipeline: any RADIUSDatagramResponder
    private let role: String
    private let receiveBufferBytes: Int?
    private let duration: Metrics.Timer?
    private let logger: Logger
    private let channels = NIOLockedValueBox<[any Channel]>([])

    /// `role`: how the start-up lines name the port ("RADIUS server", "RADIUS accounting server").
    public init(bindAddresses: [String], port: Int, group: any EventLoopGroup, pipeline: any RADIUSDatagramResponder,
                role: String = "RADIUS server", duration: Metrics.Timer? = nil, receiveBufferBytes: Int? = nil,
                logger: Logger) {
        self.receiveBufferBytes = receiveBufferBytes
        self.duration = duration
        self.bindAddresses = bindAddresses
        self.role = role
        self.port = port
        self.group = group
        self.pipeline = pipeline
        self.logger = logger
    }

    /// Binds every listener.
    /// - Returns: the bound addresses (with the real port when `port` is 0).
    @discardableResult
    public func start() async throws(RADIUSServerError) -> [SocketAddress] {
        let hasIPv4 = bindAddresses.contains { !$0.contains(":") }
        var bound: [SocketAddress] = []
        var failures: [String] = []
        for address in bindAddresses {
            let isIPv6 = address.contains(":")
            do {
                // No SO_REUSEADDR: on Linux it lets a second process bind the same UDP port and
                // silently take part of the traffic; a port in use must fail loudly instead.
                var bootstrap = DatagramBootstrap(group: group)
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
                if let receiveBufferBytes {
                    bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
                }
                if isIPv6 && hasIPv4 {
                    bootstrap = bootstrap.channelOption(
                        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
                }
                let pipeline = self.pipeline
                let duration = self.duration
                let channel = try await bootstrap
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(RADIUSDatagramHandler(pipeline: pipeline, duration: duration))
                        }
                    }
                    .bind(host: address, port: port).get()
                channels.withLockedValue { $0.append(channel) }
                await checkReceiveBuffer(of: channel, address: address)
                if let local = channel.localAddress {
                    bound.append(local)
                    logger.info("\(role) listening on port \(local.port ?? port)", metadata: ["address": "\(address)"])
                }
            } catch {
                let reason = "\(address) port \(port): \(error)"
                if isIPv6 {
                    logger.warning("IPv6 \(role) listener not started (\(reason)); serving IPv4 only")
                    failures.append(reason)
                } else {
                    await shutdown()
                    throw .bindFailed(address: address, port: port, reason: "\(error)")
                }
            }
        }
        guard !bound.isEmpty else { throw .noListener(failures) }
        return bound
    }

    /// Linux caps SO_RCVBUF at net.core.rmem_max without an error (and reports twice the value it
    /// keeps): a capped buffer drops bursts, so say so where the operator looks.
    private func checkReceiveBuffer(of channel: any Channel, address: String) async {
        guard let requested = receiveBufferBytes,
              let reported = try? await channel.getOption(.socketOption(.so_rcvbuf)).get() else { return }
        let effective = Int(reported) / 2
        if effective < requested {
            logger.warning(
                "\(role) receive buffer is \(effective) bytes, not the \(requested) of radius.socket_receive_buffer_bytes: the host's net.core.rmem_max caps it; raise it (sysctl -w net.core.rmem_max=\(requested)) or bursts of requests are dropped",
                metadata: ["address": "\(address)"])
        } else {
            logger.debug("\(role) receive buffer \(effective) bytes", metadata: ["address": "\(address)"])
        }
    }

    /// Closes every listener. In-flight requests finish; their answers are dropped.
    public func shutdown() async {
        let open = channels.withLockedValue { channels in
            defer { channels.removeAll() }
            return channels
        }
        for channel in open {
            try? await channel.close().get()
        }
    }
}
