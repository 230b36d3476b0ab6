import WireFormat

/// Vendor-Ids (SMI Private Enterprise Codes) this project uses.
public enum RADIUSVendorID {
    public static let microsoft: UInt32 = 311
    /// Wireless ISP roaming (WBA WISPr).
    public static let wispr: UInt32 = 14122
    /// Wi-Fi Alliance (Hotspot 2.0 / Passpoint).
    public static let wifiAlliance: UInt32 = 40808
}

/// Microsoft vendor attributes (RFC 2548) used by WiFi AAA.
public enum MicrosoftAttributeType: UInt8, Sendable, Hashable, CaseIterable {
    case mppeEncryptionPolicy = 7
    case mppeEncryptionTypes = 8
    /// Salt-encrypted; MSK octets 32..63 on 802.1X.
    case mppeSendKey = 16
    /// Salt-encrypted; MSK octets 0..31 (the 802.11 PMK).
    case mppeRecvKey = 17
}

/// WISPr vendor attributes (Vendor-Id 14122).
public enum WISPrAttributeType: UInt8, Sendable, Hashable, CaseIterable {
    case locationID = 1
    case locationName = 2
    case logoffURL = 3
    case redirectionURL = 4
    case bandwidthMinUp = 5
    case bandwidthMinDown = 6
    case bandwidthMaxUp = 7
    case bandwidthMaxDown = 8
    case sessionTerminateTime = 9
    case sessionTerminateEndOfDay = 10
    case billingClassOfService = 11
}

/// Wi-Fi Alliance Hotspot 2.0 vendor attributes (Vendor-Id 40808).
public enum HotspotAttributeType: UInt8, Sendable, Hashable, CaseIterable {
    case subscriptionRemediationNeeded = 1
    case apVersion = 2
    case mobileDeviceVersion = 3
    case deauthenticationRequest = 4
    case sessionInformationURL = 5
}

/// One vendor TLV inside a Vendor-Specific attribute (RFC 2865 5.26 suggested format).
public struct RADIUSVendorSubAttribute: Sendable, Hashable {
    public var type: UInt8
    public var value: [UInt8]

    public init(type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }
}

/// A Vendor-Specific (26) attribute value: Vendor-Id followed by one or more vendor TLVs.
///
/// The packet decoder keeps type-26 attributes raw; parse them with ``init(decoding:)`` when
/// needed, so a vendor using another sub-format never makes a whole packet undecodable.
public struct RADIUSVendorSpecific: Sendable, Hashable {
    public var vendorID: UInt32
    public var subAttributes: [RADIUSVendorSubAttribute]

    public init(vendorID: UInt32, subAttributes: [RADIUSVendorSubAttribute]) {
        self.vendorID = vendorID
        self.subAttributes = subAttributes
    }

    /// Parses the value octets of a type-26 attribute.
    public init(decoding value: [UInt8]) throws(RADIUSVendorSpecificError) {
        guard value.count >= 7 else { throw .valueTooShort(value.count) }
        var reader = ByteReader(value)
        guard let vendorID = reader.readUInt32() else { throw .valueTooShort(value.count) }
        guard vendorID >> 24 == 0 else { throw .vendorIDInvalid(vendorID) }
        var subs = [RADIUSVendorSubAttribute]()
        while let type = reader.readUInt8() {
            guard let rawLength = reader.readUInt8() else {
                throw .subAttributeOverflows(vendorID: vendorID, type: type, length: 0, remaining: 1)
            }
            let length = Int(rawLength)
            guard length >= 3 else { throw .subAttributeLengthInvalid(vendorID: vendorID, type: type, length: length) }
            guard let sub = reader.readBytes(length - 2) else {
                throw .subAttributeOverflows(vendorID: vendorID, type: type, length: length,
                                             remaining: reader.remaining + 2)
            }
            subs.append(RADIUSVendorSubAttribute(type: type, value: Array(sub)))
        }
        self.vendorID = vendorID
        self.subAttributes = subs
    }

    /// The type-26 value octets.
    public func encodedValue() throws(RADIUSVendorSpecificError) -> [UInt8] {
        guard vendorID >> 24 == 0 else { throw .vendorIDInvalid(vendorID) }
        var total = 4
        for sub in subAttributes {
            guard (1...251).contains(sub.value.count) else {
                throw .subAttributeLengthInvalid(vendorID: vendorID, type: sub.type, length: sub.value.count + 2)
            }
            total += 2 + sub.value.count
        }
        guard subAttributes.count > 0 else { throw .valueTooShort(total) }
        guard total <= RADIUSPacket.maximumAttributeValueLength else { throw .valueTooLong(total) }
        var out = [UInt8]()
        out.reserveCapacity(total)
        out.appendUInt32(vendorID)
        for sub in subAttributes {
            out.append(sub.type)
            out.append(UInt8(truncatingIfNeeded: sub.value.count + 2))
            out.append(contentsOf: sub.value)
        }
        return out
    }

    /// The complete type-26 attribute.
    public func attribute() throws(RADIUSVendorSpecificError) -> RADIUSAttribute {
        RADIUSAttribute(.vendorSpecific, value: try encodedValue())
    }

    /// The value of the first sub-attribute of `type`.
    public func value(_ type: UInt8) -> [UInt8]? {
        subAttributes.first { $0.type == type }?.value
    }
}

extension RADIUSPacket {
    /// Every Vendor-Specific attribute, parsed; throws on the first malformed one.
    public func vendorSpecificAttributes() throws(RADIUSVendorSpecificError) -> [RADIUSVendorSpecific] {
        var out = [RADIUSVendorSpecific]()
        for attribute in attributes where attribute.type == RADIUSAttributeType.vendorSpecific.rawValue {
            out.append(try RADIUSVendorSpecific(decoding: attribute.value))
        }
        return out
    }

    /// Values of vendor sub-attribute `type` of `vendorID`, in order across all type-26 attributes.
    /// Malformed Vendor-Specific attributes are skipped.
    public func vendorValues(vendorID: UInt32, type: UInt8) -> [[UInt8]] {
        var out = [[UInt8]]()
        for attribute in attributes where attribute.type == RADIUSAttributeType.vendorSpecific.rawValue {
            guard let vsa = try? RADIUSVendorSpecific(decoding: attribute.value), vsa.vendorID == vendorID else { continue }
            for sub in vsa.subAttributes where sub.type == type { out.append(sub.value) }
        }
        return out
    }

    /// The first value of vendor sub-attribute `type` of `vendorID`.
    public func vendorValue(vendorID: UInt32, type: UInt8) -> [UInt8]? {
        vendorValues(vendorID: vendorID, type: type).first
    }

    /// Appends `vendorSpecific` as one type-26 attribute.
    public mutating func append(_ vendorSpecific: RADIUSVendorSpecific) throws(RADIUSVendorSpecificError) {
        attributes.append(try vendorSpecific.attribute())
    }

    // MARK: MS-MPPE keys

    /// Adds MS-MPPE-Send-Key (MSK 32..63) then MS-MPPE-Recv-Key (MSK 0..31), each in its own
    /// Vendor-Specific attribute, as 802.1X authenticators expect.
    ///
    /// - Parameters:
    ///   - msk: the EAP MSK (at least 64 octets).
    ///   - requestAuthenticator: the authenticator of the Access-Request being answered.
    ///   - sendSalt, recvSalt: fixed salts (tests); by default random, high bit set and distinct
    ///     from each other and from any MPPE salt already in the packet.
    public mutating func addMPPEKeys(msk: [UInt8], secret: [UInt8], requestAuthenticator: [UInt8],
                                     sendSalt: UInt16? = nil, recvSalt: UInt16? = nil) throws(RADIUSHiddenValueError) {
        guard msk.count >= 64 else { throw .keyLengthInvalid(msk.count) }
        var used = Set(mppeSalts)
        let send = try nextSalt(sendSalt, used: &used)
        let recv = try nextSalt(recvSalt, used: &used)
        let sendValue = try MPPEKey.encrypt(Array(msk[32..<64]), salt: send, secret: secret,
                                            requestAuthenticator: requestAuthenticator)
        let recvValue = try MPPEKey.encrypt(Array(msk[0..<32]), salt: recv, secret: secret,
                                            requestAuthenticator: requestAuthenticator)
        attributes.append(Self.microsoftAttribute(.mppeSendKey, value: sendValue))
        attributes.append(Self.microsoftAttribute(.mppeRecvKey, value: recvValue))
    }

    /// Decrypts MS-MPPE-Send-Key and MS-MPPE-Recv-Key (NAS side, or tests); nil when either is absent.
    public func mppeKeys(secret: [UInt8], requestAuthenticator: [UInt8])
        throws(RADIUSHiddenValueError) -> (sendKey: [UInt8], recvKey: [UInt8])?
    {
        let ms = RADIUSVendorID.microsoft
        guard let send = vendorValue(vendorID: ms, type: MicrosoftAttributeType.mppeSendKey.rawValue),
              let recv = vendorValue(vendorID: ms, type: MicrosoftAttributeType.mppeRecvKey.rawValue)
        else { return nil }
        return (try MPPEKey.decrypt(send, secret: secret, requestAuthenticator: requestAuthenticator),
                try MPPEKey.decrypt(recv, secret: secret, requestAuthenticator: requestAuthenticator))
    }

    /// Salts of the MS-MPPE key attributes already present.
    private var mppeSalts: [UInt16] {
        let ms = RADIUSVendorID.microsoft
        let values = vendorValues(vendorID: ms, type: MicrosoftAttributeType.mppeSendKey.rawValue)
            + vendorValues(vendorID: ms, type: MicrosoftAttributeType.mppeRecvKey.rawValue)
        return values.compactMap { value in
            guard let hi = value.first, value.count >= 2 else { return nil }
            return UInt16(hi) << 8 | UInt16(value[value.startIndex + 1])
        }
    }

    private func nextSalt(_ fixed: UInt16?, used: inout Set<UInt16>) throws(RADIUSHiddenValueError) -> UInt16 {
        let salt = fixed ?? MPPEKey.randomSalt(excluding: used)
        guard salt & 0x8000 != 0 else { throw .saltHighBitNotSet(salt) }
        guard used.insert(salt).inserted else { throw .saltNotUnique(salt) }
        return salt
    }

    /// A Microsoft Vendor-Specific attribute with one sub-attribute; the value is at most
    /// 2 + 240 octets (``MPPEKey/maximumKeyLength``), so it always fits.
    private static func microsoftAttribute(_ type: MicrosoftAttributeType, value: [UInt8]) -> RADIUSAttribute {
        var out = [UInt8]()
        out.reserveCapacity(6 + value.count)
        out.appendUInt32(RADIUSVendorID.microsoft)
        out.append(type.rawValue)
        out.append(UInt8(truncatingIfNeeded: value.count + 2))
        out.append(contentsOf: value)
        return RADIUSAttribute(.vendorSpecific, value: out)
    }
}
