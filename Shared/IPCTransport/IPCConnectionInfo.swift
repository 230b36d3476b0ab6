import IPC

/// Who is on the other end of an IPC connection, as announced in its hello / hello-ack.
/// Handlers use it to route (e.g. a disconnect goes to the frontend that owns the session).
public struct IPCConnectionInfo: Sendable, Hashable, CustomStringConvertible {
    public let peerService: String
    public let peerInstance: String

    public init(peerService: String, peerInstance: String) {
        self.peerService = peerService
        self.peerInstance = peerInstance
    }

    public var description: String { "\(peerService)/\(peerInstance)" }
}

/// Why a request over IPC produced no reply. Callers map these to their protocol's fallback
/// (radius-frontend stays silent so the AP retransmits; aaa-core rejects or retries).
public enum IPCRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No established connection right now (the client is still connecting or the peer is gone).
    case notConnected
    /// No reply within the request's timeout; a late reply is dropped.
    case timeout
    /// The connection dropped while the request was in flight.
    case connectionLost
    /// The peer answered with an `error` frame.
    case remote(code: IPCErrorCode, message: String)
    /// This end is shutting down.
    case shuttingDown

    public var description: String {
        switch self {
        case .notConnected: return "IPC peer not connected"
        case .timeout: return "IPC request timed out"
        case .connectionLost: return "IPC connection lost"
        case .remote(let code, let message): return "IPC peer answered error \(code) (\(code.rawValue)): \(message)"
        case .shuttingDown: return "IPC endpoint shutting down"
        }
    }
}

/// Why an `IPCServer` could not start listening.
public enum IPCServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case alreadyStarted
    /// The path exists and is not a socket: we never delete an operator's file.
    case pathIsNotASocket(path: String)
    /// Another process is accepting on that socket (e.g. a second aaa-core): refuse to steal it.
    case socketInUse(path: String)
    /// The path cannot be inspected or a stale socket cannot be removed.
    case socketFileError(path: String, operation: String, errno: Int32)
    case bindFailed(path: String, reason: String)
    /// The event loop group is not one NIOPosix bootstraps accept.
    case unsupportedEventLoopGroup

    public var description: String {
        switch self {
        case .alreadyStarted: return "IPC server already started"
        case .pathIsNotASocket(let p): return "IPC socket path \(p) exists and is not a socket; refusing to remove it"
        case .socketInUse(let p): return "IPC socket \(p) is in use by another process"
        case .socketFileError(let p, let op, let e): return "IPC socket \(p): \(op) failed (errno \(e))"
        case .bindFailed(let p, let r): return "IPC socket \(p): bind failed: \(r)"
        case .unsupportedEventLoopGroup: return "IPC transport needs a NIOPosix event loop group"
        }
    }
}
