import Foundation
import IPC
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RADIUS

/// Dynamic Authorization Client (RFC 5176): sends Disconnect-Requests to APs from one UDP socket
/// per address family and matches the ACK/NAK by source, port and Identifier.
///
/// A request is retransmitted unchanged (same Identifier and authenticator, section 2.3) after each
/// `timeout`, `attempts` times in all. An answer that fails authentication is logged and ignored.
public final class DisconnectSender: Sendable {
    private struct Key: Hashable {
        var address: [UInt8]
        var port: UInt16
        var identifier: UInt8
    }

    /// One exchange: answers that arrived while nobody waited are queued, so an AP faster than our
    /// own bookkeeping is never lost.
    private struct Pending {
        var waiter: CheckedContinuation<[UInt8]?, Never>?
        /// Identifies the current wait, so a stale timer cannot end a later one.
        var waitID: UInt64 = 0
        var answers: [[UInt8]] = []
    }

    private struct State {
        var channels: [Int: any Channel] = [:]  // by address length (4, 16)
        var pending: [Key: Pending] = [:]
        var nextIdentifier: [[UInt8]: UInt8] = [:]
        var nextWaitID: UInt64 = 0
    }

    private let group: any EventLoopGroup
    private let policy: SourcePolicy
    private let port: Int
    private let portForAddress: (@Sendable ([UInt8]) -> Int)?
    private let timeout: Duration
    private let attempts: Int
    private let metrics: FrontendMetrics
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    /// `port`: the APs' Dynamic Authorization port (`radius.coa_port`); `portForAddress`, when given,
    /// picks it per AP (a client's own `coa_port`). Secrets come from `policy`.
    public init(group: any EventLoopGroup, policy: SourcePolicy, port: Int,
                portForAddress: (@Sendable ([UInt8]) -> Int)? = nil, timeout: Duration = .seconds(2),
                attempts: Int = 3, metrics: FrontendMetrics, logger: Logger) {
        self.portForAddress = portForAddress
        self.group = group
        self.policy = policy
        self.port = port
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.metrics = metrics
        self.logger = logger
    }

    /// Binds the client sockets (IPv4 must work; IPv6 is optional on hosts without it).
    public func start() async throws {
        for (length, host) in [(4, "0.0.0.0"), (16, "::")] {
            do {
                let channel = try await DatagramBootstrap(group: group)
                    .channelInitializer { [self] channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(DisconnectReplyHandler(sender: self))
                        }
                    }
                    .bind(host: host, port: 0).get()
                state.withLockedValue { $0.channels[length] = channel }
            } catch {
                if length == 4 { throw error }
                logger.notice("No IPv6 socket for Disconnect-Requests: \(error)")
            }
        }
    }

    public func shutdown() async {
        let (channels, waiters) = state.withLockedValue { state in
            defer { state.channels.removeAll(); state.pending.removeAll() }
            return (Array(state.channels.values), state.pending.values.compactMap(\.waiter))
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for channel in channels { try? await channel.close().get() }
    }

    /// Sends the Disconnect-Request and waits for the AP's answer.
    public func disconnect(_ request: IPCDisconnectRequest) async -> IPCDisconnectOutcome {
        await exchange(request, sessionTimeout: nil)
    }

    /// Sends a CoA-Request giving the session a new Session-Timeout and waits for the AP's answer.
    public func changeSessionTimeout(_ change: IPCChangeOfAuthorization) async -> IPCDisconnectOutcome {
        await exchange(change.session, sessionTimeout: change.sessionTimeout)
    }

    private func exchange(_ request: IPCDisconnectRequest, sessionTimeout: UInt32?) async -> IPCDisconnectOutcome {
        let kind = sessionTimeout == nil ? "Disconnect" : "CoA"
        let port = ClientEndpoint.addressBytes(request.clientIP).flatMap { portForAddress?($0) } ?? self.port
        guard let destination = try? SocketAddress(ipAddress: request.clientIP, port: port),
              let client = ClientEndpoint(socketAddress: destination)
        else {
            return finish(kind: kind, .failed("not an IP address: \(request.clientIP)"), request: request, to: request.clientIP)
        }
        guard case .allowed(let secret) = policy.evaluate(client) else {
            return finish(kind: kind, .failed("no RADIUS secret for \(request.clientIP)"), request: request, to: "\(client)")
        }
        guard let (channel, identifier) = reserve(client) else {
            return finish(kind: kind, .failed("no socket or no free Identifier towards \(client)"), request: request, to: "\(client)")
        }
        let key = Key(address: client.address, port: client.port, identifier: identifier)
        defer { _ = state.withLockedValue { $0.pending.removeValue(forKey: key) } }
        let bytes: [UInt8]
        do {
            bytes = try DisconnectRequestBuilder.packet(for: request, identifier: identifier, now: Date(),
                                                        sessionTimeout: sessionTimeout)
                .encodeRequest(secret: secret, messageAuthenticator: .first)
        } catch {
            return finish(kind: kind, .failed("cannot encode: \(error)"), request: request, to: "\(client)")
        }
        let authenticator = Array(bytes[4..<20])
        logger.info("\(kind)-Request to \(client) for \(request.userName)", metadata: [
            "class": "\(request.sessionClass)", "acct_session_id": "\(request.acctSessionID ?? "-")",
            "cause": "\(request.cause)",
        ])
        for _ in 1...attempts {
            let envelope = AddressedEnvelope(remoteAddress: destination, data: channel.allocator.buffer(bytes: bytes))
            channel.writeAndFlush(envelope, promise: nil)
            let deadline = ContinuousClock.now + timeout
            // Answers that fail the checks are ignored: the attempt keeps waiting until its deadline.
            while let answer = await nextAnswer(key, until: deadline) {
                do {
                    let reply = try RADIUSPacket.verifyResponse(answer, secret: secret, requestAuthenticator: authenticator)
                    switch reply.code {
                    case .disconnectACK where sessionTimeout == nil, .coaACK where sessionTimeout != nil:
                        return finish(kind: kind, .acknowledged, request: request, to: "\(client)")
                    case .disconnectNAK where sessionTimeout == nil, .coaNAK where sessionTimeout != nil:
                        return finish(kind: kind, .refused(errorCause: reply.uint32Value(of: .errorCause)), request: request, to: "\(client)")
                    default:
                        logger.warning("Unexpected \(reply.code) from \(client) to a \(kind)-Request: ignored")
                    }
                } catch {
                    logger.warning("Answer from \(client) to a \(kind)-Request fails authentication (shared secret?): \(error)")
                }
            }
        }
        return finish(kind: kind, .noAnswer, request: request, to: "\(client)")
    }

    /// Counts and logs the exchange's end; `target` is the AP's `ip:port` (or what could not be parsed).
    private func finish(kind: String, _ outcome: IPCDisconnectOutcome, request: IPCDisconnectRequest, to target: String)
        -> IPCDisconnectOutcome
    {
        let metadata: Logger.Metadata = ["class": "\(request.sessionClass)", "user": "\(request.userName)"]
        let count = kind == "CoA" ? metrics.changeOfAuthorization(result:) : metrics.disconnect(result:)
        switch outcome {
        case .acknowledged:
            count("ack")
            logger.info("\(kind)-ACK from \(target)", metadata: metadata)
        case .refused(let cause):
            count("nak")
            let text = cause.map { ErrorCause(rawValue: $0)?.description ?? "Error-Cause \($0)" } ?? "no Error-Cause"
            logger.warning("\(kind)-NAK from \(target): \(text)", metadata: metadata)
        case .noAnswer:
            count("timeout")
            logger.warning("No answer from \(target) to the \(kind)-Request after \(attempts) attempts", metadata: metadata)
        case .failed(let why):
            count("error")
            logger.error("\(kind)-Request not sent: \(why)", metadata: metadata)
        }
        return outcome
    }

    /// A socket of the right family and an Identifier not in use towards that AP.
    private func reserve(_ client: ClientEndpoint) -> ((any Channel), UInt8)? {
        state.withLockedValue { state in
            guard let channel = state.channels[client.address.count] else { return nil }
            let start = state.nextIdentifier[client.address] ?? UInt8.random(in: 0...255)
            for offset in 0..<256 {
                let candidate = start &+ UInt8(truncatingIfNeeded: offset)
                let key = Key(address: client.address, port: client.port, identifier: candidate)
                if state.pending[key] == nil {
                    state.nextIdentifier[client.address] = candidate &+ 1
                    state.pending[key] = Pending()
                    return (channel, candidate)
                }
            }
            return nil
        }
    }

    /// The next answer for `key` (queued or awaited), or nil once `deadline` passes.
    private func nextAnswer(_ key: Key, until deadline: ContinuousClock.Instant) async -> [UInt8]? {
        guard deadline > ContinuousClock.now else { return nil }
        return await withCheckedContinuation { (waiter: CheckedContinuation<[UInt8]?, Never>) in
            enum Registration { case answer([UInt8]), gone, waiting(UInt64) }
            let registration = state.withLockedValue { state -> Registration in
                guard var pending = state.pending[key] else { return .gone }
                if !pending.answers.isEmpty {
                    let answer = pending.answers.removeFirst()
                    state.pending[key] = pending
                    return .answer(answer)
                }
                state.nextWaitID &+= 1
                pending.waiter = waiter
                pending.waitID = state.nextWaitID
                state.pending[key] = pending
                return .waiting(state.nextWaitID)
            }
            switch registration {
            case .answer(let answer): waiter.resume(returning: answer)
            case .gone: waiter.resume(returning: nil)
            case .waiting(let id):
                Task {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    let expired = self.state.withLockedValue { state -> CheckedContinuation<[UInt8]?, Never>? in
                        guard state.pending[key]?.waitID == id, let waiter = state.pending[key]?.waiter else { return nil }
                        state.pending[key]?.waiter = nil
                        return waiter
                    }
                    expired?.resume(returning: nil)
                }
            }
        }
    }

    /// A datagram arrived on a client socket.
    fileprivate func received(_ bytes: [UInt8], from source: ClientEndpoint) {
        guard bytes.count >= RADIUSPacket.headerLength else { return }
        let key = Key(address: source.address, port: source.port, identifier: bytes[1])
        enum Delivery { case resume(CheckedContinuation<[UInt8]?, Never>), queued, unsolicited }
        let delivery = state.withLockedValue { state -> Delivery in
            guard state.pending[key] != nil else { return .unsolicited }
            if let waiter = state.pending[key]?.waiter {
                state.pending[key]?.waiter = nil
                return .resume(waiter)
            }
            // Bounded: a flood of forged answers to one exchange cannot grow memory.
            if (state.pending[key]?.answers.count ?? 0) < 8 { state.pending[key]?.answers.append(bytes) }
            return .queued
        }
        switch delivery {
        case .resume(let waiter): waiter.resume(returning: bytes)
        case .queued: break
        case .unsolicited: logger.debug("Unsolicited datagram from \(source) on the Disconnect socket: ignored")
        }
    }
}

/// Hands datagrams from the client sockets to the sender.
private final class DisconnectReplyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let sender: DisconnectSender

    init(sender: DisconnectSender) {
        self.sender = sender
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let source = ClientEndpoint(socketAddress: envelope.remoteAddress) else { return }
        sender.received(Array(envelope.data.readableBytesView), from: source)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
