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

/// Builders of `HSSRequestSender`s, kept here so the executable and the tests share the routing rule.
public enum HSSRequestSenders {
    /// Sends only to the AAA server named in Destination-Host while it is connected: a node would
    /// otherwise route the request to any other open peer, and an RTR for another server's
    /// subscriber must not go there. `isOpen` gets the lower-cased host.
    public static func connectedAAA(isOpen: @escaping @Sendable (String) -> Bool,
                                    send: @escaping @Sendable (DiameterMessage) async throws -> DiameterMessage)
        -> HSSRequestSender
    {
        { request in
            guard let host = request.destinationHost?.lowercased(), isOpen(host) else {
                return .failure(HSSSendError("AAA server \(request.destinationHost ?? "?") is not connected"))
            }
            do {
                return .success(try await send(request))
            } catch {
                return .failure(HSSSendError("\(error)"))
            }
        }
    }
}
