import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RADIUS

/// Why an exchange with the RADIUS server failed.
public enum APClientError: Error, Sendable, Hashable {
    /// No verified reply after every transmission.
    case timeout
    /// All 256 Identifiers of this socket are outstanding.
    case identifiersExhausted
    /// The Access-Request could not be encoded (attribute too long, ...).
    case encoding(RADIUSEncodingError)
    /// `start()` was not called, or the socket is closed.
    case notStarted
    case shutDown
}

/// One request and its verified reply.
public struct RADIUSExchange: Sendable {
    /// The request as sent (Identifier and Request Authenticator filled in): MS-MPPE keys of an
    /// Access-Accept are decrypted with its authenticator.
    public let request: RADIUSPacket
    public let reply: RADIUSPacket
    /// 1 when the first transmission was answered.
    public let transmissions: Int
    /// From the first transmission to the reply's reading by the socket's event loop: the server's
    /// response time as the AP sees it, without the wait for the requesting task to resume, which
    /// on a loaded generator is its own scheduling.
    public let roundTrip: TimeAmount
}

/// The AP's side of RADIUS over UDP: one socket (one source port), like a real AP serving all its
/// stations, with up to 256 requests in flight multiplexed by Identifier. The load generator opens
/// several of these so no socket needs more than ~128 Identifiers at once (see `LoadGenerator`).
///
/// The NIO handler only hands datagrams over; matching, verification and retransmission live in
/// `RADIUSTransactionTable`. MD5/HMAC-MD5 over one reply is the only crypto done on the event loop.
public final class APClient: Sendable {
    /// Counters for the report.
    public struct Statistics: Sendable, Hashable {
        public var retransmissions = 0
        public var discardedReplies = 0
        public init() {}
    }

    private struct State: Sendable {
        var table: RADIUSTransactionTable
        var waiters: [UInt8: CheckedContinuation<Result<RADIUSExchange, APClientError>, Never>] = [:]
        var requests: [UInt8: RADIUSPacket] = [:]
        var statistics = Statistics()
        var channel: (any Channel)?
        var sweep: RepeatedTask?
        var closed = false
    }

    public let server: SocketAddress
    private let secret: [UInt8]
    private let group: any EventLoopGroup
    private let bindHost: String
    private let state: NIOLockedValueBox<State>

    /// - Parameters:
    ///   - server: the RADIUS authentication server (radius-frontend, port 1812).
    ///   - bindHost: local address of the socket; port is ephemeral.
    ///   - requireMessageAuthenticator: false for an accounting socket (Accounting-Responses carry none).
    public init(server: SocketAddress, secret: [UInt8], policy: RetransmissionPolicy = RetransmissionPolicy(),
                firstIdentifier: UInt8 = 0, bindHost: String = "0.0.0.0", requireMessageAuthenticator: Bool = true,
                group: any EventLoopGroup) {
        self.server = server
        self.secret = secret
        self.group = group
        self.bindHost = bindHost
        self.state = NIOLockedValueBox(State(table: RADIUSTransactionTable(
            policy: policy, firstIdentifier: firstIdentifier, requireMessageAuthenticator: requireMessageAuthenticator)))
    }

    /// Binds the socket.
    public func start() async throws {
        let channel = try await DatagramBootstrap(group: group)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(APClientHandler(client: self))
                }
            }
            .bind(host: bindHost, port: 0).get()
        // One sweep of the 256 Identifiers per tick rather than a timer per request: at 20,000
        // requests/s a 1 s timeout kept 20,000 timers in the event loop's heap, and their inserts
        // made the generator the bottleneck of its own accounting measurement.
        let tick = Self.sweepInterval(for: state.withLockedValue { $0.table.policy.timeout })
        let sweep = channel.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [weak self] _ in
            self?.sweepExpired()
        }
        state.withLockedValue {
            $0.channel = channel
            $0.sweep = sweep
        }
    }

    /// A tenth of the timeout, at most 50 ms: retransmissions leave at most that late.
    static func sweepInterval(for timeout: TimeAmount) -> TimeAmount {
        .nanoseconds(max(1_000_000, min(50_000_000, timeout.nanoseconds / 10)))
    }

    /// The socket's local address (tests).
    public var localAddress: SocketAddress? {
        state.withLockedValue { $0.channel?.localAddress }
    }

    /// The socket's event loop (session timers run there); any loop of the group before `start()`.
    public var eventLoop: any EventLoop {
        state.withLockedValue { $0.channel?.eventLoop } ?? group.next()
    }

    public var statistics: Statistics {
        state.withLockedValue { $0.statistics }
    }

    /// Sends `request` (its Identifier and Request Authenticator are assigned here: random with
    /// Message-Authenticator first for Access-Requests, the request digest for Accounting-Requests)
    /// and waits for the verified reply, retransmitting the identical datagram per the policy.
    public func send(_ request: RADIUSPacket) async throws(APClientError) -> RADIUSExchange {
        let result: Result<RADIUSExchange, APClientError> = await withCheckedContinuation { continuation in
            transmit(request, continuation: continuation)
        }
        return try result.get()
    }

    private func transmit(
        _ request: RADIUSPacket, continuation: CheckedContinuation<Result<RADIUSExchange, APClientError>, Never>
    ) {
        var packet = request
        let signsDigest = packet.code.authenticatorKind == .requestDigest
        if !signsDigest { packet.authenticator = RADIUSPacket.randomAuthenticator() }
        let reserved: Result<UInt8, APClientError> = state.withLockedValue { state in
            guard !state.closed, state.channel != nil else { return .failure(.notStarted) }
            guard let identifier = state.table.reserveIdentifier() else { return .failure(.identifiersExhausted) }
            return .success(identifier)
        }
        guard case .success(let identifier) = reserved else {
            if case .failure(let error) = reserved { continuation.resume(returning: .failure(error)) }
            return
        }
        packet.identifier = identifier
        let bytes: [UInt8]
        do {
            if signsDigest {
                bytes = try packet.encodeRequest(secret: secret)
                packet.authenticator = Array(bytes.dropFirst(4).prefix(16))
            } else {
                bytes = try packet.encodeRequest(secret: secret, messageAuthenticator: .first)
            }
        } catch {
            state.withLockedValue { $0.table.release(identifier: identifier) }
            continuation.resume(returning: .failure(.encoding(error)))
            return
        }
        let prepared: Result<(any Channel, NIODeadline), APClientError> = state.withLockedValue { state in
            guard !state.closed, let channel = state.channel else {
                state.table.release(identifier: identifier)
                return .failure(.shutDown)
            }
            let deadline = state.table.register(
                identifier: identifier, bytes: bytes, authenticator: packet.authenticator, now: .now())
            state.waiters[identifier] = continuation
            state.requests[identifier] = packet
            return .success((channel, deadline))
        }
        switch prepared {
        case .failure(let error):
            continuation.resume(returning: .failure(error))
        case .success(let (channel, _)):
            write(bytes, on: channel)
        }
    }

    private func write(_ bytes: [UInt8], on channel: any Channel) {
        let envelope = AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: bytes))
        channel.writeAndFlush(envelope, promise: nil)
    }

    /// Retransmits what is due and fails what used every attempt (the repeated sweep).
    private func sweepExpired() {
        typealias Waiter = CheckedContinuation<Result<RADIUSExchange, APClientError>, Never>
        let (channel, resend, expired) = state.withLockedValue { state -> ((any Channel)?, [[UInt8]], [Waiter]) in
            var resend: [[UInt8]] = []
            var expired: [Waiter] = []
            for action in state.table.expire(now: .now()) {
                switch action {
                case .timedOut(let identifier):
                    state.requests[identifier] = nil
                    if let waiter = state.waiters.removeValue(forKey: identifier) { expired.append(waiter) }
                case .retransmit(_, let bytes, _):
                    state.statistics.retransmissions += 1
                    resend.append(bytes)
                }
            }
            return (state.channel, resend, expired)
        }
        for waiter in expired { waiter.resume(returning: .failure(.timeout)) }
        if let channel {
            for bytes in resend { write(bytes, on: channel) }
        }
    }

    /// Called by the handler on the event loop for every datagram.
    fileprivate func received(_ bytes: [UInt8], from source: SocketAddress) {
        let now = NIODeadline.now()
        let delivery = state.withLockedValue {
            state -> (CheckedContinuation<Result<RADIUSExchange, APClientError>, Never>, RADIUSExchange)? in
            // Replies must come from the server's address and port (RFC 2865 3: else silently discarded).
            guard source == server else {
                state.statistics.discardedReplies += 1
                return nil
            }
            switch state.table.receive(bytes, secret: secret, now: now) {
            case .discarded:
                state.statistics.discardedReplies += 1
                return nil
            case .reply(let identifier, let packet, let transmissions, let elapsed):
                guard let waiter = state.waiters.removeValue(forKey: identifier),
                    let request = state.requests.removeValue(forKey: identifier)
                else { return nil }
                return (waiter, RADIUSExchange(request: request, reply: packet, transmissions: transmissions,
                                               roundTrip: elapsed))
            }
        }
        if let (waiter, exchange) = delivery { waiter.resume(returning: .success(exchange)) }
    }

    /// Closes the socket; outstanding requests fail with `.shutDown`.
    public func shutdown() async {
        let (channel, waiters) = state.withLockedValue { state in
            state.closed = true
            state.sweep?.cancel()
            state.sweep = nil
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll()
            state.requests.removeAll()
            let channel = state.channel
            state.channel = nil
            return (channel, waiters)
        }
        for waiter in waiters { waiter.resume(returning: .failure(.shutDown)) }
        try? await channel?.close()
    }
}

/// Frames nothing, decodes nothing: hands each datagram to its `APClient`.
private final class APClientHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let client: APClient

    init(client: APClient) {
        self.client = client
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var buffer = envelope.data
        guard let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        client.received(bytes, from: envelope.remoteAddress)
    }
}
