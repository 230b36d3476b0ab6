import Diameter

/// A message crossing a connection, as seen by `DiameterNodeOptions.messageObserver`.
public struct DiameterMessageEvent: Sendable {
    public enum Direction: String, Sendable { case inbound = "in", outbound = "out" }
    public var direction: Direction
    /// Configured (or announced) host of the peer; the remote address before the CER names it.
    public var peer: String
    public var message: DiameterMessage
}
