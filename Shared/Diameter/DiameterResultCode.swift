/// Result-Code values (RFC 6733 7.1, RFC 4006 9) with the names Wireshark uses.
public struct DiameterResultCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let multiRoundAuth = Self(rawValue: 1001)
    public static let success = Self(rawValue: 2001)
    public static let limitedSuccess = Self(rawValue: 2002)
    public static let commandUnsupported = Self(rawValue: 3001)
    public static let unableToDeliver = Self(rawValue: 3002)
    public static let realmNotServed = Self(rawValue: 3003)
    public static let tooBusy = Self(rawValue: 3004)
    public static let loopDetected = Self(rawValue: 3005)
    public static let redirectIndication = Self(rawValue: 3006)
    public static let applicationUnsupported = Self(rawValue: 3007)
    public static let invalidHeaderBits = Self(rawValue: 3008)
    public static let invalidAVPBits = Self(rawValue: 3009)
    public static let unknownPeer = Self(rawValue: 3010)
    public static let authenticationRejected = Self(rawValue: 4001)
    public static let outOfSpace = Self(rawValue: 4002)
    public static let electionLost = Self(rawValue: 4003)
    public static let endUserServiceDenied = Self(rawValue: 4010)
    public static let creditControlNotApplicable = Self(rawValue: 4011)
    public static let creditLimitReached = Self(rawValue: 4012)
    public static let avpUnsupported = Self(rawValue: 5001)
    public static let unknownSessionID = Self(rawValue: 5002)
    public static let authorizationRejected = Self(rawValue: 5003)
    public static let invalidAVPValue = Self(rawValue: 5004)
    public static let missingAVP = Self(rawValue: 5005)
    public static let resourcesExceeded = Self(rawValue: 5006)
    public static let contradictingAVPs = Self(rawValue: 5007)
    public static let avpNotAllowed = Self(rawValue: 5008)
    public static let avpOccursTooManyTimes = Self(rawValue: 5009)
    public static let noCommonApplication = Self(rawValue: 5010)
    public static let unsupportedVersion = Self(rawValue: 5011)
    public static let unableToComply = Self(rawValue: 5012)
    public static let invalidBitInHeader = Self(rawValue: 5013)
    public static let invalidAVPLength = Self(rawValue: 5014)
    public static let invalidMessageLength = Self(rawValue: 5015)
    public static let invalidAVPBitCombo = Self(rawValue: 5016)
    public static let noCommonSecurity = Self(rawValue: 5017)
    public static let userUnknown = Self(rawValue: 5030)
    public static let ratingFailed = Self(rawValue: 5031)

    /// 1xxx informational, 2xxx success, 3xxx protocol error, 4xxx transient, 5xxx permanent.
    public var isSuccess: Bool { (2000..<3000).contains(rawValue) }
    public var isProtocolError: Bool { (3000..<4000).contains(rawValue) }
    public var isTransientFailure: Bool { (4000..<5000).contains(rawValue) }
    public var isPermanentFailure: Bool { (5000..<6000).contains(rawValue) }
}

/// 3GPP Experimental-Result-Code values used on SWx (TS 29.273 / TS 29.229), sent with Vendor-Id 10415.
public enum SWxExperimentalResultCode {
    public static let userUnknown: UInt32 = 5001
    public static let roamingNotAllowed: UInt32 = 5004
    public static let identityAlreadyRegistered: UInt32 = 5005
    public static let userNoNon3GPPSubscription: UInt32 = 5450
    public static let ratTypeNotAllowed: UInt32 = 5452
}

/// Well-known vendor identifiers (IANA enterprise numbers).
public enum DiameterVendor {
    /// 3GPP.
    public static let threeGPP: UInt32 = 10415
}
