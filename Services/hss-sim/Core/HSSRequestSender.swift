import Diameter

/// How the service sends a request it originates (the RTR) and gets its answer. The executable
/// wires it to `DiameterNode.send`; this library stays free of sockets (and of DiameterPeer).
public typealias HSSRequestSender = @Sendable (DiameterMessage) async -> Result<DiameterMessage, HSSSendError>

/// Why an HSS-originated request got no answer (no route to the AAA server, timeout, ...), as the
/// transport described it, for the log.
public struct HSSSendError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
