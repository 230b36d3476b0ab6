/// The RADIUS State aaa-core issues for a conversation: version (1) | instance id (3) |
/// 16 random octets. The instance id lets a multi-node deployment route a follow-up
/// Access-Request to the node holding the conversation; the random part makes States
/// unguessable, so one AP cannot step into another's conversation.
public struct ConversationStateToken: Hashable, Sendable, CustomStringConvertible {
    public static let version: UInt8 = 1
    public static let randomLength = 16
    public static let length = 4 + randomLength
    /// Instance ids are 24 bits.
    public static let maximumInstanceID: UInt32 = 0xFF_FFFF

    /// The State octets.
    public let bytes: [UInt8]

    /// Builds a token from `random` (16 octets); nil for a wrong length.
    public init?(instanceID: UInt32, random: [UInt8]) {
        guard random.count == Self.randomLength, instanceID <= Self.maximumInstanceID else { return nil }
        bytes = [Self.version, UInt8(truncatingIfNeeded: instanceID >> 16), UInt8(truncatingIfNeeded: instanceID >> 8),
                 UInt8(truncatingIfNeeded: instanceID)] + random
    }

    /// Parses a received State; nil when it is not one of ours in shape (length, version).
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.length, bytes[0] == Self.version else { return nil }
        self.bytes = bytes
    }

    /// The issuing instance.
    public var instanceID: UInt32 {
        UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
    }

    /// Version and instance only: the random part is a bearer credential for the conversation.
    public var description: String {
        "State(v\(bytes[0]), instance \(String(instanceID, radix: 16)))"
    }
}
