/// Why `DiameterNode.send` gave up.
public enum DiameterRequestError: Error, Sendable, Hashable {
    /// No open peer supports the request's application.
    case noPeerAvailable
    /// No answer within the request timeout (after the one retransmission, if another peer was open).
    case timeout
    /// The connection dropped and no other peer could take the request.
    case connectionLost
    /// The node is shutting down.
    case shuttingDown
    /// The answer could not be decoded or does not match the request.
    case invalidAnswer(String)
}

/// Why `DiameterNode.start` failed.
public enum DiameterNodeError: Error, Sendable, Hashable, CustomStringConvertible {
    case sctpUnsupported(String)
    case tlsConfiguration(String)
    case listenFailed(String)
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .sctpUnsupported(let m), .tlsConfiguration(let m), .listenFailed(let m), .invalidConfiguration(let m):
            return m
        }
    }
}
