/// The AT_NOTIFICATION code (RFC 4187 section 10.19) with its S (success) and P (phase) bits.
public struct AKANotificationCode: RawRepresentable, Sendable, Hashable {
    /// The 16-bit code including the S and P bits.
    public var rawValue: UInt16

    /// Wraps a raw code.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// General failure after authentication.
    public static let generalFailureAfterAuthentication = AKANotificationCode(rawValue: 0)
    /// User has been temporarily denied access.
    public static let temporarilyDenied = AKANotificationCode(rawValue: 1026)
    /// User has not subscribed to the requested service.
    public static let notSubscribed = AKANotificationCode(rawValue: 1031)
    /// General failure before authentication.
    public static let generalFailure = AKANotificationCode(rawValue: 16384)
    /// Success (only after a successful challenge with result indications).
    public static let success = AKANotificationCode(rawValue: 32768)

    /// S bit: the code reports success.
    public var isSuccess: Bool { rawValue & 0x8000 != 0 }

    /// P bit: sent before the challenge round, so it must not carry AT_MAC, AT_IV or AT_ENCR_DATA.
    /// When clear the notification must be protected with AT_MAC.
    public var isBeforeChallenge: Bool { rawValue & 0x4000 != 0 }
}
