/// A command code, with names for the commands the gateway uses.
public struct DiameterCommand: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    // Base protocol (RFC 6733) and accounting.
    public static let capabilitiesExchange = Self(rawValue: 257)
    public static let reAuth = Self(rawValue: 258)
    public static let accounting = Self(rawValue: 271)
    public static let abortSession = Self(rawValue: 274)
    public static let sessionTermination = Self(rawValue: 275)
    public static let deviceWatchdog = Self(rawValue: 280)
    public static let disconnectPeer = Self(rawValue: 282)
    // Credit control (RFC 4006).
    public static let creditControl = Self(rawValue: 272)
    // Cx (TS 29.229) and SWx (TS 29.273), which reuses the Cx codes.
    public static let userAuthorization = Self(rawValue: 300)
    public static let serverAssignment = Self(rawValue: 301)
    public static let locationInfo = Self(rawValue: 302)
    public static let multimediaAuth = Self(rawValue: 303)
    public static let registrationTermination = Self(rawValue: 304)
    public static let pushProfile = Self(rawValue: 305)
}

/// An Application-Id.
public struct DiameterApplication: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Diameter common messages (CER, DWR, DPR).
    public static let common = Self(rawValue: 0)
    public static let baseAccounting = Self(rawValue: 3)
    /// Diameter Credit Control; Gy runs on it.
    public static let creditControl = Self(rawValue: 4)
    public static let gy = creditControl
    /// 3GPP Cx (TS 29.229); some HSSs speak SWx procedures over it.
    public static let cx = Self(rawValue: 16_777_216)
    public static let sta = Self(rawValue: 16_777_250)
    public static let swm = Self(rawValue: 16_777_264)
    public static let swx = Self(rawValue: 16_777_265)
    public static let s6b = Self(rawValue: 16_777_272)
    /// Relay agents advertise this Application-Id.
    public static let relay = Self(rawValue: 0xffff_ffff)
}
