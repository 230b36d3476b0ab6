/// Credit-control (Gy) AVP constructors with the dictionary's default flags.
extension DiameterAVP {
    /// "32251@3gpp.org" for PS charging (TS 32.299).
    public static func serviceContextId(_ id: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.serviceContextID, .utf8String(id))
    }

    /// 1 INITIAL, 2 UPDATE, 3 TERMINATION, 4 EVENT.
    public static func ccRequestType(_ type: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.ccRequestType, .enumerated(type))
    }

    /// CC-Request-Number (415).
    public static func ccRequestNumber(_ number: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.ccRequestNumber, .unsigned32(number))
    }

    /// Subscription-Id { Subscription-Id-Type, Subscription-Id-Data }; type 1 = END_USER_IMSI.
    public static func subscriptionId(type: Int32, data: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.subscriptionID, .grouped([
            standard(code: DiameterAVPCode.subscriptionIDType, .enumerated(type)),
            standard(code: DiameterAVPCode.subscriptionIDData, .utf8String(data)),
        ]))
    }

    /// Multiple-Services-Indicator (455).
    public static func multipleServicesIndicator(_ value: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.multipleServicesIndicator, .enumerated(value))
    }

    /// Multiple-Services-Credit-Control (456).
    public static func multipleServicesCreditControl(_ avps: [DiameterAVP]) -> DiameterAVP {
        standard(code: DiameterAVPCode.multipleServicesCreditControl, .grouped(avps))
    }

    /// Requested-Service-Unit (437).
    public static func requestedServiceUnit(_ avps: [DiameterAVP]) -> DiameterAVP {
        standard(code: DiameterAVPCode.requestedServiceUnit, .grouped(avps))
    }

    /// Granted-Service-Unit (431).
    public static func grantedServiceUnit(_ avps: [DiameterAVP]) -> DiameterAVP {
        standard(code: DiameterAVPCode.grantedServiceUnit, .grouped(avps))
    }

    /// Used-Service-Unit (446).
    public static func usedServiceUnit(_ avps: [DiameterAVP]) -> DiameterAVP {
        standard(code: DiameterAVPCode.usedServiceUnit, .grouped(avps))
    }

    /// CC-Total-Octets (421).
    public static func ccTotalOctets(_ octets: UInt64) -> DiameterAVP {
        standard(code: DiameterAVPCode.ccTotalOctets, .unsigned64(octets))
    }

    /// CC-Input-Octets (412).
    public static func ccInputOctets(_ octets: UInt64) -> DiameterAVP {
        standard(code: DiameterAVPCode.ccInputOctets, .unsigned64(octets))
    }

    /// CC-Output-Octets (414).
    public static func ccOutputOctets(_ octets: UInt64) -> DiameterAVP {
        standard(code: DiameterAVPCode.ccOutputOctets, .unsigned64(octets))
    }

    /// CC-Time (420).
    public static func ccTime(_ seconds: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.ccTime, .unsigned32(seconds))
    }

    /// Rating-Group (432).
    public static func ratingGroup(_ group: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.ratingGroup, .unsigned32(group))
    }

    /// Service-Identifier (439).
    public static func serviceIdentifier(_ id: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.serviceIdentifier, .unsigned32(id))
    }

    /// Validity-Time (448).
    public static func validityTime(_ seconds: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.validityTime, .unsigned32(seconds))
    }

    /// Credit-Control-Failure-Handling (427).
    public static func creditControlFailureHandling(_ value: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.creditControlFailureHandling, .enumerated(value))
    }

    /// Reporting-Reason (TS 32.299, vendor 3GPP): 3 QUOTA_EXHAUSTED, 2 FINAL, ...
    public static func reportingReason(_ reason: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.reportingReason, vendorID: DiameterVendor.threeGPP, .enumerated(reason))
    }
}

/// CC-Request-Type values (RFC 4006 8.3).
public enum CCRequestType {
    public static let initial: Int32 = 1
    public static let update: Int32 = 2
    public static let termination: Int32 = 3
    public static let event: Int32 = 4
}
