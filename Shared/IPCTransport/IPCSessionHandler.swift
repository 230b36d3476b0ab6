import IPC
import Logging
import Metrics
import NIOCore

/// Everything a session needs from its owner (server or client); all of it is Sendable.
struct IPCSessionConfiguration: Sendable {
    var role: IPCSessionStateMachine.Role
    var serviceName: String
    var instanceID: String
    var maxFrameSize: Int
    var policy: IPCKeepalivePolicy
    var logger: Logger
    var frameErrors: Counter
    /// Requests from the peer; nil answers every request with `error` (unsupported message).
    var requestHandler: (@Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame?)?
    /// Called on the event loop once the handshake is done.
    var onEstablished: @Sendable (IPCSessionHandle) -> Void
    /// Called on the event loop when the channel is gone, just before its in-flight requests fail;
    /// the handle is nil when the handshake never completed.
    var onClosed: @Sendable (any Channel, IPCSessionHandle?) -> Void
}

extension IPCSessionConfiguration {
    /// Also creates the `ipc_frame_errors_total{service}` counter (nil factory: `MetricsSystem.factory`).
    init(
        role: IPCSessionStateMachine.Role, serviceName: String, instanceID: String, maxFrameSize: Int,
        policy: IPCKeepalivePolicy, logger: Logger, metricsFactory: (any MetricsFactory)?,
        requestHandler: (@Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame?)?,
        onEstablished: @escaping @Sendable (IPCSessionHandle) -> Void,
        onClosed: @escaping @Sendable (any Channel, IPCSessionHandle?) -> Void
    ) {
        let dimensions = [("service", serviceName)]
        let counter =
            metricsFactory.map { Counter(label: "ipc_frame_errors_total", dimensions: dimensions, factory: $0) }
            ?? Counter(label: "ipc_frame_errors_total", dimensions: dimensions)
        self.init(
            role: role, serviceName: serviceName, instanceID: instanceID, maxFrameSize: maxFrameSize, policy: policy,
            logger: logger, frameErrors: counter, requestHandler: requestHandler, onEstablished: onEstablished,
            onClosed: onClosed)
    }
}

/// One IPC connection on its event loop: feeds frames and timer ticks to `IPCSessionStateMachine`,
/// performs its actions, and owns the table of our in-flight requests. Requests from the peer are
/// handed to the owner's handler in their own Task, so a slow one never delays the others.
final class IPCSessionHandler: ChannelInboundHandler {
    typealias InboundIn = IPCFrame
    typealias OutboundOut = IPCFrame

    private struct Pending {
        var promise: EventLoopPromise<Result<IPCFrame, IPCRequestError>>
        var deadline: NIODeadline
    }

    private let configuration: IPCSessionConfiguration
    private var machine: IPCSessionStateMachine
    private var logger: Logger
    private var context: ChannelHandlerContext?
    private var handle: IPCSessionHandle?
    private var pending: [UInt64: Pending] = [:]
    /// One timer for every pending request's timeout, at the earliest deadline: a timer per request
    /// cost an insert and a removal in the event loop's heap per request (issue #10).
    private var sweep: (task: Scheduled<Void>, deadline: NIODeadline)?
    private var tickTask: Scheduled<Void>?
    /// Set by `closeFailingRequests`, so a shutdown reports `.shuttingDown` rather than `.connectionLost`.
    private var closeError: IPCRequestError?

    init(configuration: IPCSessionConfiguration) {
        self.configuration = configuration
        self.machine = IPCSessionStateMachine(
            role: configuration.role, serviceName: configuration.serviceName, instanceID: configuration.instanceID,
            policy: configuration.policy)
        self.logger = configuration.logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { activate(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        tickTask?.cancel()
        tickTask = nil
        self.context = nil
        failPending(with: closeError ?? .connectionLost)  // normally empty: channelInactive came first
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        perform(machine.received(frame, now: .now()), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine.closed()
        tickTask?.cancel()
        tickTask = nil
        let inFlight = pending.count
        // The owner forgets the session first, so a caller that sees `.connectionLost` and retries
        // at once gets `.notConnected` rather than this dead connection.
        if let peer = handle?.peer {
            logger.info("IPC connection closed", metadata: ["ipc.peer": "\(peer)", "ipc.failed_requests": "\(inFlight)"])
        }
        configuration.onClosed(context.channel, handle)
        failPending(with: closeError ?? .connectionLost)
        context.fireChannelInactive()
    }

    private func failPending(with error: IPCRequestError) {
        let failed = pending
        pending.removeAll()
        sweep?.task.cancel()
        sweep = nil
        for (_, request) in failed {
            request.promise.succeed(.failure(error))
        }
    }

    /// Framing errors come from `IPCFrameDecoder`; after one the stream cannot be trusted, so this
    /// connection (only) is closed. The line names the error, never payload bytes.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let frameError = error as? IPCFrameError {
            configuration.frameErrors.increment()
            logger.warning(
                "IPC frame error, closing the connection",
                metadata: ["ipc.peer": "\(machine.peer?.description ?? "unidentified")", "ipc.error": "\(frameError)"])
        } else {
            logger.debug("IPC connection error, closing", metadata: ["ipc.error": "\(error)"])
        }
        machine.closed()
        context.close(promise: nil)
    }

    // MARK: Calls from the owner (always on the event loop, via IPCSessionHandle)

    func startRequest(
        type: IPCMessageType, fields: [IPCField], timeout: TimeAmount,
        promise: EventLoopPromise<Result<IPCFrame, IPCRequestError>>
    ) {
        guard let context, machine.peer != nil else {
            promise.succeed(.failure(closeError ?? .connectionLost))
            return
        }
        let frame = IPCFrame(type: type, correlationID: machine.makeCorrelationID(), fields: fields)
        guard frame.declaredLength <= configuration.maxFrameSize else {
            // Sending it would make the peer close the connection and fail every other request too.
            promise.succeed(
                .failure(
                    .remote(
                        code: .malformedMessage,
                        message: "request of \(frame.declaredLength) bytes exceeds the IPC maximum \(configuration.maxFrameSize)"
                    )))
            return
        }
        let deadline = NIODeadline.now() + timeout
        pending[frame.correlationID] = Pending(promise: promise, deadline: deadline)
        armSweep(at: deadline, context: context)
        context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
    }

    /// Makes sure the sweep runs by `deadline` (requests mostly share one timeout, so the armed
    /// sweep is usually earlier already).
    private func armSweep(at deadline: NIODeadline, context: ChannelHandlerContext) {
        if let sweep, sweep.deadline <= deadline { return }
        sweep?.task.cancel()
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            sweep = nil
            expireOverdueRequests()
        }
        sweep = (task, deadline)
    }

    /// Fails the requests past their deadline and re-arms the sweep for the earliest one left.
    private func expireOverdueRequests() {
        let now = NIODeadline.now()
        var overdue: [UInt64] = []
        var next: NIODeadline?
        for (id, request) in pending {
            if request.deadline <= now {
                overdue.append(id)
            } else {
                next = min(next ?? request.deadline, request.deadline)
            }
        }
        for id in overdue {
            pending.removeValue(forKey: id)?.promise.succeed(.failure(.timeout))
        }
        if let next, let context { armSweep(at: next, context: context) }
    }

    func closeFailingRequests(with error: IPCRequestError) {
        closeError = error
        context?.close(promise: nil)
    }

    // MARK: Actions

    private func activate(context: ChannelHandlerContext) {
        let action = machine.activate(now: .now())
        scheduleTick(context: context)
        perform(action, context: context)
    }

    private func scheduleTick(context: ChannelHandlerContext) {
        guard tickTask == nil else { return }
        tickTask = context.eventLoop.assumeIsolated().scheduleTask(in: configuration.policy.tickInterval) { [self] in
            tickTask = nil
            guard let context = self.context, !machine.isClosed else { return }
            perform(machine.tick(now: .now()), context: context)
            if !machine.isClosed { scheduleTick(context: context) }
        }
    }

    private func perform(_ action: IPCSessionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .send(let frame):
            context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
        case .established(let peer, let ack):
            if let ack { context.writeAndFlush(Self.wrapOutboundOut(ack), promise: nil) }
            logger[metadataKey: "ipc.peer"] = "\(peer)"
            logger.info("IPC connection established", metadata: ["ipc.peer_service": "\(peer.peerService)"])
            let handle = IPCSessionHandle(
                channel: context.channel, peer: peer, handler: NIOLoopBound(self, eventLoop: context.eventLoop))
            self.handle = handle
            configuration.onEstablished(handle)
        case .deliverReply(let frame):
            guard let request = pending.removeValue(forKey: frame.correlationID) else {
                logger.debug("IPC reply after its request timed out, dropped", metadata: ["ipc.type": "\(frame.type)"])
                return
            }
            request.promise.succeed(Self.result(of: frame))
        case .dispatchRequest(let frame):
            dispatch(frame, context: context)
        case .close(let reason):
            if reason.isFrameError { configuration.frameErrors.increment() }
            logger.warning(
                "IPC connection closed by this end",
                metadata: ["ipc.peer": "\(machine.peer?.description ?? "unidentified")", "ipc.reason": "\(reason)"])
            context.close(promise: nil)
        }
    }

    /// Runs the owner's handler off the event loop; its reply carries the request's correlation id.
    private func dispatch(_ request: IPCFrame, context: ChannelHandlerContext) {
        guard let peer = machine.peer else { return }
        let channel = context.channel
        guard let handler = configuration.requestHandler else {
            let reply = IPCFrame.error(.unsupportedMessage, "\(configuration.serviceName) does not serve \(request.type)",
                                       correlationID: request.correlationID)
            context.writeAndFlush(Self.wrapOutboundOut(reply), promise: nil)
            return
        }
        let maxFrameSize = configuration.maxFrameSize
        let logger = self.logger
        Task {
            guard var reply = await handler(request, peer) else { return }
            reply.correlationID = request.correlationID
            if reply.declaredLength > maxFrameSize {
                logger.error(
                    "IPC reply exceeds the frame maximum, sending an error instead",
                    metadata: ["ipc.type": "\(reply.type)", "ipc.size": "\(reply.declaredLength)"])
                reply = IPCFrame.error(.internalError, "reply too large", correlationID: request.correlationID)
            }
            channel.writeAndFlush(reply, promise: nil)
        }
    }

    /// An `error` reply becomes `.remote`; an unknown code is reported as internal error.
    static func result(of reply: IPCFrame) -> Result<IPCFrame, IPCRequestError> {
        guard reply.type == .error else { return .success(reply) }
        let raw = (try? reply.uint32(.errorCode)) ?? nil
        let code = raw.flatMap(IPCErrorCode.init(rawValue:)) ?? .internalError
        let message = ((try? reply.string(.errorMessage)) ?? nil) ?? ""
        return .failure(.remote(code: code, message: message))
    }
}

/// A Sendable reference to an established session, usable from any thread or task.
struct IPCSessionHandle: Sendable {
    let channel: any Channel
    let peer: IPCConnectionInfo
    let handler: NIOLoopBound<IPCSessionHandler>

    func request(_ type: IPCMessageType, fields: [IPCField], timeout: Duration) async -> Result<IPCFrame, IPCRequestError> {
        await withCheckedContinuation { continuation in
            request(type, fields: fields, timeout: timeout) { continuation.resume(returning: $0) }
        }
    }

    /// The same with a completion, run on the connection's event loop: no task per request.
    func request(_ type: IPCMessageType, fields: [IPCField], timeout: Duration,
                 completion: @escaping @Sendable (Result<IPCFrame, IPCRequestError>) -> Void) {
        let handler = self.handler
        let promise = handler.eventLoop.makePromise(of: Result<IPCFrame, IPCRequestError>.self)
        promise.futureResult.whenComplete { result in
            switch result {
            case .success(let reply): completion(reply)
            case .failure: completion(.failure(.connectionLost))
            }
        }
        let amount = TimeAmount(timeout)
        if handler.eventLoop.inEventLoop {
            handler.value.startRequest(type: type, fields: fields, timeout: amount, promise: promise)
        } else {
            handler.eventLoop.execute {
                handler.value.startRequest(type: type, fields: fields, timeout: amount, promise: promise)
            }
        }
    }

    /// Fails in-flight requests with `error`, then closes; returns when the channel is closed.
    func close(failingWith error: IPCRequestError) async {
        let handler = self.handler
        handler.eventLoop.execute { handler.value.closeFailingRequests(with: error) }
        try? await channel.closeFuture.get()
    }
}
