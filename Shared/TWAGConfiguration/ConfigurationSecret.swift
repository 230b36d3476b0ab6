/// A secret from the configuration (RADIUS shared secret, API token, password hash).
///
/// Its `description`, `debugDescription` and mirror show `***`, so printing, interpolating or
/// `dump`ing a configuration never leaks it; code that needs the value asks for `revealed`.
public struct ConfigurationSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret text itself. Never log it.
    public let revealed: String

    public init(_ value: String) { revealed = value }

    /// The secret as UTF-8 bytes (how RADIUS uses a shared secret).
    public var bytes: [UInt8] { Array(revealed.utf8) }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
