/// SWx / Cx AVP constructors (vendor 3GPP) with the dictionary's default flags.
extension DiameterAVP {
    private static func threeGPP(_ code: UInt32, _ value: DiameterValue) -> DiameterAVP {
        standard(code: code, vendorID: DiameterVendor.threeGPP, value)
    }

    /// SIP-Auth-Data-Item with the given children in order.
    public static func sipAuthDataItem(_ avps: [DiameterAVP]) -> DiameterAVP {
        threeGPP(DiameterAVPCode.sipAuthDataItem, .grouped(avps))
    }

    /// MAR item: the requested scheme and, after a synchronisation failure, SIP-Authorization = RAND || AUTS.
    public static func sipAuthDataItem(scheme: String, authorization: [UInt8]? = nil) -> DiameterAVP {
        var avps = [sipAuthenticationScheme(scheme)]
        if let authorization { avps.append(sipAuthorization(authorization)) }
        return sipAuthDataItem(avps)
    }

    /// MAA item for one vector, children in TS 29.273 order.
    public static func sipAuthDataItem(_ vector: SWxAuthVector) -> DiameterAVP {
        var avps = [DiameterAVP]()
        avps.reserveCapacity(6)
        if let n = vector.itemNumber { avps.append(sipItemNumber(n)) }
        avps.append(sipAuthenticationScheme(vector.scheme))
        avps.append(sipAuthenticate(vector.rand + vector.autn))
        avps.append(sipAuthorization(vector.xres))
        avps.append(confidentialityKey(vector.ck))
        avps.append(integrityKey(vector.ik))
        return sipAuthDataItem(avps)
    }

    /// SIP-Authentication-Scheme (608).
    public static func sipAuthenticationScheme(_ scheme: String) -> DiameterAVP {
        threeGPP(DiameterAVPCode.sipAuthenticationScheme, .utf8String(scheme))
    }

    /// RAND || AUTN.
    public static func sipAuthenticate(_ bytes: [UInt8]) -> DiameterAVP {
        threeGPP(DiameterAVPCode.sipAuthenticate, .octetString(bytes))
    }

    /// XRES in an MAA, RAND || AUTS in a resynchronisation MAR.
    public static func sipAuthorization(_ bytes: [UInt8]) -> DiameterAVP {
        threeGPP(DiameterAVPCode.sipAuthorization, .octetString(bytes))
    }

    /// SIP-Number-Auth-Items (607).
    public static func sipNumberAuthItems(_ count: UInt32) -> DiameterAVP {
        threeGPP(DiameterAVPCode.sipNumberAuthItems, .unsigned32(count))
    }

    /// SIP-Item-Number (613).
    public static func sipItemNumber(_ number: UInt32) -> DiameterAVP {
        threeGPP(DiameterAVPCode.sipItemNumber, .unsigned32(number))
    }

    /// Confidentiality-Key (625).
    public static func confidentialityKey(_ ck: [UInt8]) -> DiameterAVP {
        threeGPP(DiameterAVPCode.confidentialityKey, .octetString(ck))
    }

    /// Integrity-Key (626).
    public static func integrityKey(_ ik: [UInt8]) -> DiameterAVP {
        threeGPP(DiameterAVPCode.integrityKey, .octetString(ik))
    }

    /// RAT-Type (TS 29.212): 0 WLAN, 1 VIRTUAL, 1004 EUTRAN, ... Sent without M.
    public static func ratType(_ type: Int32) -> DiameterAVP {
        threeGPP(DiameterAVPCode.ratType, .enumerated(type))
    }

    /// Access network identity, "WLAN" for WLAN access (also the EAP-AKA' network name).
    public static func anid(_ id: String) -> DiameterAVP {
        threeGPP(DiameterAVPCode.anid, .utf8String(id))
    }

    /// Server-Assignment-Type (614).
    public static func serverAssignmentType(_ type: Int32) -> DiameterAVP {
        threeGPP(DiameterAVPCode.serverAssignmentType, .enumerated(type))
    }

    /// Visited-Network-Identifier (600).
    public static func visitedNetworkIdentifier(_ id: [UInt8]) -> DiameterAVP {
        threeGPP(DiameterAVPCode.visitedNetworkIdentifier, .octetString(id))
    }

    /// 3GPP-AAA-Server-Name (318).
    public static func aaaServerName(_ identity: String) -> DiameterAVP {
        threeGPP(DiameterAVPCode.aaaServerName, .diameterIdentity(identity))
    }

    /// Service-Selection (APN, RFC 5778; IETF AVP).
    public static func serviceSelection(_ apn: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.serviceSelection, .utf8String(apn))
    }
}

/// Server-Assignment-Type values used on SWx.
public enum SWxServerAssignmentType {
    public static let noAssignment: Int32 = 0
    public static let registration: Int32 = 1
    public static let userDeregistration: Int32 = 5
    public static let administrativeDeregistration: Int32 = 8
    public static let authenticationFailure: Int32 = 9
    public static let authenticationTimeout: Int32 = 10
    public static let aaaUserDataRequest: Int32 = 12
    public static let pgwUpdate: Int32 = 13
}
