import IPC
import NIOCore

/// Timers of a session; the defaults are docs/ipc.md's.
struct IPCKeepalivePolicy: Sendable, Equatable {
    /// Ping after this long without receiving anything.
    var interval: TimeAmount = .seconds(5)
    /// Close when this many pings in a row went unanswered for `interval` each.
    var maxMissedPongs: Int = 3
    /// hello / hello-ack must be done within this long, or the connection is closed.
    var handshakeTimeout: TimeAmount = .seconds(5)

    /// How often the handler feeds `tick`: fine enough for the interval, cheap enough when idle.
    var tickInterval: TimeAmount { min(.seconds(1), .nanoseconds(max(interval.nanoseconds / 5, 1_000_000))) }
}

/// Why a session closed itself (logged as one line).
enum IPCSessionCloseReason: Sendable, Equatable, CustomStringConvertible {
    case handshakeViolation(String)
    case handshakeTimeout
    case protocolViolation(String)
    case keepaliveTimeout(missedPongs: Int)

    var description: String {
        switch self {
        case .handshakeViolation(let s): return "handshake violation: \(s)"
        case .handshakeTimeout: return "handshake not completed in time"
        case .protocolViolation(let s): return "protocol violation: \(s)"
        case .keepaliveTimeout(let n): return "\(n) pings unanswered"
        }
    }

    /// Counted in `ipc_frame_errors_total`: the peer sent a frame it must not send.
    var isFrameError: Bool {
        switch self {
        case .handshakeViolation, .protocolViolation: return true
        case .handshakeTimeout, .keepaliveTimeout: return false
        }
    }
}

/// The protocol of one IPC connection as a value: handshake, keepalive, and which incoming frames
/// are replies to our requests versus requests for our handler. Time is passed in, so it is tested
/// with virtual time; `IPCSessionHandler` only performs the returned actions.
///
/// Correlation ids: both ends may send requests on one connection, so the id space is split —
/// the connecting side's ids have the top bit clear, the accepting side's have it set. A frame whose
/// id is in our space answers one of our requests; any other frame is a request from the peer.
struct IPCSessionStateMachine {
    enum Role: Sendable, Equatable {
        /// Sends hello, waits for hello-ack (IPCClient).
        case connector
        /// Waits for hello, answers hello-ack (IPCServer).
        case acceptor
    }

    enum Action: Equatable {
        case none
        case send(IPCFrame)
        /// Handshake done; `send` is the hello-ack the acceptor must write first.
        case established(IPCConnectionInfo, send: IPCFrame?)
        case deliverReply(IPCFrame)
        case dispatchRequest(IPCFrame)
        case close(IPCSessionCloseReason)
    }

    /// Minor version of the message catalogue this build speaks (hello's protocolVersion).
    static let protocolVersion: UInt32 = 2  // 2: auth-accept hssRegistered/servingHSS, disconnect-request/result fields
    static let acceptorBit: UInt64 = 1 << 63

    private enum State: Equatable {
        case idle
        case awaitingHello(since: NIODeadline)
        case awaitingHelloAck(since: NIODeadline, correlationID: UInt64)
        case established(IPCConnectionInfo)
        case closed
    }

    let role: Role
    let serviceName: String
    let instanceID: String
    let policy: IPCKeepalivePolicy

    private var state: State = .idle
    private var lastReceived = NIODeadline.uptimeNanoseconds(0)
    private var lastPingSent = NIODeadline.uptimeNanoseconds(0)
    private var pingsOutstanding = 0
    private var nextSequence: UInt64 = 1

    init(role: Role, serviceName: String, instanceID: String, policy: IPCKeepalivePolicy = IPCKeepalivePolicy()) {
        self.role = role
        self.serviceName = serviceName
        self.instanceID = instanceID
        self.policy = policy
    }

    var peer: IPCConnectionInfo? {
        if case .established(let p) = state { return p }
        return nil
    }

    var isClosed: Bool { state == .closed }

    /// A fresh id in our half of the space; it wraps after 2^63 requests, long after any reply is due.
    mutating func makeCorrelationID() -> UInt64 {
        let sequence = nextSequence & ~Self.acceptorBit
        nextSequence = (sequence &+ 1) & ~Self.acceptorBit
        if nextSequence == 0 { nextSequence = 1 }
        return role == .acceptor ? sequence | Self.acceptorBit : sequence
    }

    func isOwnCorrelationID(_ id: UInt64) -> Bool {
        (id & Self.acceptorBit != 0) == (role == .acceptor)
    }

    /// The transport is connected.
    mutating func activate(now: NIODeadline) -> Action {
        guard state == .idle else { return .none }
        lastReceived = now
        switch role {
        case .acceptor:
            state = .awaitingHello(since: now)
            return .none
        case .connector:
            let id = makeCorrelationID()
            state = .awaitingHelloAck(since: now, correlationID: id)
            return .send(helloFrame(.hello, correlationID: id))
        }
    }

    mutating func received(_ frame: IPCFrame, now: NIODeadline) -> Action {
        switch state {
        case .idle, .closed:
            return .none
        case .awaitingHello:
            guard frame.type == .hello else {
                return fail(.handshakeViolation("first frame is \(frame.type), expected hello"))
            }
            guard let peer = Self.peerInfo(in: frame) else {
                return fail(.handshakeViolation("hello lacks a valid service name or instance id"))
            }
            lastReceived = now
            state = .established(peer)
            return .established(peer, send: helloFrame(.helloAck, correlationID: frame.correlationID))
        case .awaitingHelloAck(_, let id):
            guard frame.type == .helloAck, frame.correlationID == id else {
                return fail(.handshakeViolation("expected hello-ack, got \(frame.type)"))
            }
            guard let peer = Self.peerInfo(in: frame) else {
                return fail(.handshakeViolation("hello-ack lacks a valid service name or instance id"))
            }
            lastReceived = now
            state = .established(peer)
            return .established(peer, send: nil)
        case .established:
            lastReceived = now
            pingsOutstanding = 0
            switch frame.type {
            case .ping: return .send(IPCFrame(type: .pong, correlationID: frame.correlationID))
            case .pong: return .none
            case .hello, .helloAck: return fail(.protocolViolation("\(frame.type) after the handshake"))
            default: return isOwnCorrelationID(frame.correlationID) ? .deliverReply(frame) : .dispatchRequest(frame)
            }
        }
    }

    /// Periodic timer: handshake deadline and keepalive.
    mutating func tick(now: NIODeadline) -> Action {
        switch state {
        case .idle, .closed:
            return .none
        case .awaitingHello(let since), .awaitingHelloAck(let since, _):
            return now - since >= policy.handshakeTimeout ? fail(.handshakeTimeout) : .none
        case .established:
            guard now - lastReceived >= policy.interval else { return .none }
            if pingsOutstanding > 0 && now - lastPingSent < policy.interval { return .none }
            if pingsOutstanding >= policy.maxMissedPongs { return fail(.keepaliveTimeout(missedPongs: pingsOutstanding)) }
            pingsOutstanding += 1
            lastPingSent = now
            return .send(IPCFrame(type: .ping, correlationID: makeCorrelationID()))
        }
    }

    /// The transport is gone (either side closed it).
    mutating func closed() { state = .closed }

    private mutating func fail(_ reason: IPCSessionCloseReason) -> Action {
        state = .closed
        return .close(reason)
    }

    private func helloFrame(_ type: IPCMessageType, correlationID: UInt64) -> IPCFrame {
        IPCFrame(
            type: type, correlationID: correlationID,
            fields: [
                IPCField(.serviceName, string: serviceName),
                IPCField(.instanceID, string: instanceID),
                IPCField(.protocolVersion, uint32: Self.protocolVersion),
            ])
    }

    /// Service and instance are required and non-empty; protocolVersion, when present, must be a uint32.
    private static func peerInfo(in frame: IPCFrame) -> IPCConnectionInfo? {
        guard let service = try? frame.string(.serviceName), !service.isEmpty,
            let instance = try? frame.string(.instanceID), !instance.isEmpty,
            (try? frame.uint32(.protocolVersion)) != nil || frame.bytes(.protocolVersion) == nil
        else { return nil }
        return IPCConnectionInfo(peerService: service, peerInstance: instance)
    }
}
