/// One authentication vector from an SWx MAA (SIP-Auth-Data-Item).
public struct SWxAuthVector: Sendable, Hashable {
    public var itemNumber: UInt32?
    /// "EAP-AKA" or "EAP-AKA'".
    public var scheme: String
    public var rand: [UInt8]
    public var autn: [UInt8]
    public var xres: [UInt8]
    /// CK, or CK' for EAP-AKA'.
    public var ck: [UInt8]
    /// IK, or IK' for EAP-AKA'.
    public var ik: [UInt8]

    public init(itemNumber: UInt32? = nil, scheme: String, rand: [UInt8], autn: [UInt8], xres: [UInt8],
                ck: [UInt8], ik: [UInt8]) {
        self.itemNumber = itemNumber
        self.scheme = scheme
        self.rand = rand
        self.autn = autn
        self.xres = xres
        self.ck = ck
        self.ik = ik
    }

    /// Parses a SIP-Auth-Data-Item. SIP-Authenticate must be RAND(16) || AUTN(16), CK and IK 16 octets,
    /// XRES 4-16 octets (TS 33.102); anything else is 5004 with the offending AVP.
    public init(item: DiameterAVP) throws(DiameterError) {
        let v = DiameterVendor.threeGPP
        let children = try item.grouped()
        func one(_ code: UInt32) throws(DiameterError) -> DiameterAVP {
            guard let a = children.first(where: { $0.code == code && $0.vendor == v }) else {
                throw .missingAVP(DiameterMessage.missingTemplate(code: code, vendor: v, dictionary: .standard))
            }
            return a
        }
        let authenticate = try one(DiameterAVPCode.sipAuthenticate)
        let authData = authenticate.octetString()
        guard authData.count == 32 else { throw .invalidAVPValue(authenticate) }
        let xresAVP = try one(DiameterAVPCode.sipAuthorization)
        let xres = xresAVP.octetString()
        guard (4...16).contains(xres.count) else { throw .invalidAVPValue(xresAVP) }
        let ckAVP = try one(DiameterAVPCode.confidentialityKey)
        let ikAVP = try one(DiameterAVPCode.integrityKey)
        guard ckAVP.octetString().count == 16 else { throw .invalidAVPValue(ckAVP) }
        guard ikAVP.octetString().count == 16 else { throw .invalidAVPValue(ikAVP) }
        let number = children.first { $0.code == DiameterAVPCode.sipItemNumber && $0.vendor == v }
        self.init(itemNumber: try number?.unsigned32(),
                  scheme: try one(DiameterAVPCode.sipAuthenticationScheme).utf8String(),
                  rand: Array(authData[0..<16]), autn: Array(authData[16..<32]), xres: xres,
                  ck: ckAVP.octetString(), ik: ikAVP.octetString())
    }
}

/// Typed view of an SWx Multimedia-Auth-Answer: the outcome and the vectors, ordered by SIP-Item-Number.
public struct SWxMultimediaAuthAnswer: Sendable, Hashable {
    public var sessionId: String
    public var resultCode: UInt32?
    public var experimentalResultCode: UInt32?
    public var userName: String?
    public var vectors: [SWxAuthVector]

    /// Fails with 5005 when Session-Id is absent or neither Result-Code nor Experimental-Result is present.
    public init(_ message: DiameterMessage) throws(DiameterError) {
        let sessionAVP = try message.require(code: DiameterAVPCode.sessionID)
        sessionId = try sessionAVP.utf8String()
        resultCode = try message.first(code: DiameterAVPCode.resultCode)?.unsigned32()
        experimentalResultCode = message.experimentalResultCode
        if resultCode == nil && experimentalResultCode == nil {
            throw .missingAVP(DiameterMessage.missingTemplate(code: DiameterAVPCode.resultCode, vendor: 0,
                                                              dictionary: .standard))
        }
        userName = try message.first(code: DiameterAVPCode.userName)?.utf8String()
        var list = [SWxAuthVector]()
        for item in message.all(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP) {
            list.append(try SWxAuthVector(item: item))
        }
        vectors = list.sorted { ($0.itemNumber ?? 0) < ($1.itemNumber ?? 0) }
    }

    /// DIAMETER_SUCCESS with at least one vector.
    public var isSuccess: Bool { resultCode == DiameterResultCode.success.rawValue && !vectors.isEmpty }
}

/// Short name used in the product's logs and code.
public typealias SWxMAA = SWxMultimediaAuthAnswer
