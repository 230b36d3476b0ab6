import WireFormat

/// AVP lookup and typed getters for the AVPs every application reads.
extension DiameterMessage {
    /// First top-level AVP with this code and vendor (0 = IETF).
    public func first(code: UInt32, vendor: UInt32 = 0) -> DiameterAVP? {
        avps.first { $0.code == code && $0.vendor == vendor }
    }

    /// All top-level AVPs with this code and vendor, in order.
    public func all(code: UInt32, vendor: UInt32 = 0) -> [DiameterAVP] {
        avps.filter { $0.code == code && $0.vendor == vendor }
    }

    public var sessionId: String? { try? first(code: DiameterAVPCode.sessionID)?.utf8String() }
    public var originHost: String? { try? first(code: DiameterAVPCode.originHost)?.utf8String() }
    public var originRealm: String? { try? first(code: DiameterAVPCode.originRealm)?.utf8String() }
    public var destinationHost: String? { try? first(code: DiameterAVPCode.destinationHost)?.utf8String() }
    public var destinationRealm: String? { try? first(code: DiameterAVPCode.destinationRealm)?.utf8String() }
    public var userName: String? { try? first(code: DiameterAVPCode.userName)?.utf8String() }
    public var resultCode: UInt32? { try? first(code: DiameterAVPCode.resultCode)?.unsigned32() }
    public var authSessionState: Int32? { try? first(code: DiameterAVPCode.authSessionState)?.enumerated() }
    public var originStateId: UInt32? { try? first(code: DiameterAVPCode.originStateID)?.unsigned32() }

    /// Experimental-Result { Vendor-Id, Experimental-Result-Code }.
    public var experimentalResult: (vendor: UInt32, code: UInt32)? {
        guard let group = try? first(code: DiameterAVPCode.experimentalResult)?.grouped(),
              let code = try? group.first(where: { $0.code == DiameterAVPCode.experimentalResultCode && $0.vendor == 0 })?
                  .unsigned32()
        else { return nil }
        let vendor = try? group.first(where: { $0.code == DiameterAVPCode.vendorID && $0.vendor == 0 })?.unsigned32()
        return (vendor ?? 0, code)
    }

    public var experimentalResultCode: UInt32? { experimentalResult?.code }

    /// Result-Code, else Experimental-Result-Code: the single outcome value dashboards count.
    public var outcomeCode: UInt32? { resultCode ?? experimentalResultCode }

    /// Application ids from Auth-Application-Id and every Vendor-Specific-Application-Id (CER/CEA).
    public var authApplicationIDs: [UInt32] {
        var ids = all(code: DiameterAVPCode.authApplicationID).compactMap { try? $0.unsigned32() }
        for vsai in all(code: DiameterAVPCode.vendorSpecificApplicationID) {
            for avp in vsai.all(code: DiameterAVPCode.authApplicationID) {
                if let id = try? avp.unsigned32() { ids.append(id) }
            }
        }
        return ids
    }

    // MARK: Required-AVP checks

    /// The single AVP a command requires ({AVP} in the ABNF): 5005 when absent, 5009 when repeated.
    public func require(code: UInt32, vendor: UInt32 = 0, dictionary: DiameterDictionary = .standard)
        throws(DiameterError) -> DiameterAVP
    {
        try checkOccurrences(code: code, vendor: vendor, min: 1, max: 1, dictionary: dictionary)
        guard let avp = first(code: code, vendor: vendor) else {
            throw .missingAVP(Self.missingTemplate(code: code, vendor: vendor, dictionary: dictionary))
        }
        return avp
    }

    /// Checks that an AVP occurs between `min` and `max` times (nil max = unbounded).
    public func checkOccurrences(code: UInt32, vendor: UInt32 = 0, min: Int, max: Int?,
                                 dictionary: DiameterDictionary = .standard) throws(DiameterError) {
        var count = 0
        for avp in avps where avp.code == code && avp.vendor == vendor {
            count += 1
            if let max, count > max { throw .avpOccursTooManyTimes(avp) }
        }
        if count < min { throw .missingAVP(Self.missingTemplate(code: code, vendor: vendor, dictionary: dictionary)) }
    }

    /// Checks a list of occurrence rules in order, stopping at the first violation.
    public func checkOccurrences(_ rules: [DiameterOccurrenceRule], dictionary: DiameterDictionary = .standard)
        throws(DiameterError)
    {
        for r in rules {
            try checkOccurrences(code: r.code, vendor: r.vendor, min: r.min, max: r.max, dictionary: dictionary)
        }
    }

    /// RFC 6733 7.5: a missing AVP is reported with its code, flags and a zero-filled minimum-size value.
    static func missingTemplate(code: UInt32, vendor: UInt32, dictionary: DiameterDictionary) -> DiameterAVP {
        let d = dictionary.avp(code: code, vendorID: vendor)
        let size = d?.type == .grouped ? 0 : d?.type.minimumLength ?? 0
        return DiameterAVP(code: code, vendorID: vendor == 0 ? nil : vendor, mandatory: d?.mandatoryRule != .mustNot,
                           data: [UInt8](repeating: 0, count: size))
    }
}

/// How often an AVP may occur in a command (from its ABNF: {AVP} = 1...1, [AVP] = 0...1, *[AVP] = 0...).
public struct DiameterOccurrenceRule: Sendable, Hashable {
    public var code: UInt32
    public var vendor: UInt32
    public var min: Int
    public var max: Int?

    public init(code: UInt32, vendor: UInt32 = 0, min: Int, max: Int?) {
        self.code = code
        self.vendor = vendor
        self.min = min
        self.max = max
    }

    /// {AVP}
    public static func required(_ code: UInt32, vendor: UInt32 = 0) -> Self { Self(code: code, vendor: vendor, min: 1, max: 1) }
    /// [AVP]
    public static func optional(_ code: UInt32, vendor: UInt32 = 0) -> Self { Self(code: code, vendor: vendor, min: 0, max: 1) }
}

extension DiameterMessage: CustomStringConvertible {
    public var description: String {
        DiameterDictionary.standard.label(for: self)
            + "(app \(applicationID), flags 0x\([flags.rawValue].hexString), hbh \(hopByHopID), e2e \(endToEndID), \(avps.count) AVPs)"
    }
}
