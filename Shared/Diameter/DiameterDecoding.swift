import WireFormat

/// Limits and checks applied while decoding.
public struct DiameterDecodingOptions: Sendable {
    /// 64 KiB: far above any SWx or Gy message, small enough to bound memory per peer.
    public static let defaultMaxMessageSize = 65_536
    /// Deep enough for Gy (MSCC > USU > CC-Money > Unit-Value), shallow enough to bound recursion.
    public static let defaultMaxNestingDepth = 8

    /// Largest accepted Message Length.
    public var maxMessageSize: Int
    /// Maximum grouped-AVP nesting (1 = grouped AVPs at message level may not contain grouped AVPs).
    public var maxNestingDepth: Int
    /// Known AVPs: grouped ones are decoded recursively, others have their data length and UTF-8 checked.
    public var dictionary: DiameterDictionary
    /// Check data of known AVPs against their type (fixed lengths, UTF-8, address family length).
    public var checkTypes: Bool
    /// Reject a known AVP whose M bit contradicts the dictionary's must / must-not rule (3009).
    /// Off by default: RFC 6733 asks receivers to be liberal and peers differ on M for 3GPP AVPs.
    public var enforceFlagRules: Bool

    public init(maxMessageSize: Int = defaultMaxMessageSize, maxNestingDepth: Int = defaultMaxNestingDepth,
                dictionary: DiameterDictionary = .standard, checkTypes: Bool = true, enforceFlagRules: Bool = false) {
        self.maxMessageSize = maxMessageSize
        self.maxNestingDepth = maxNestingDepth
        self.dictionary = dictionary
        self.checkTypes = checkTypes
        self.enforceFlagRules = enforceFlagRules
    }
}

/// Walks AVP sequences (message body or grouped data) with the configured checks.
struct DiameterAVPDecoder {
    let options: DiameterDecodingOptions

    func decodeAVPs(_ bytes: ArraySlice<UInt8>, depth: Int, into out: inout [DiameterAVP]) throws(DiameterError) {
        var r = ByteReader(bytes)
        while !r.isAtEnd {
            guard let code = r.readUInt32(), let flagByte = r.readUInt8(), let length24 = r.readUInt24() else {
                // A fragment too short for an AVP header.
                throw .invalidAVPLength(DiameterAVP(code: 0, mandatory: false, data: []))
            }
            let length = Int(length24)
            let hasVendor = flagByte & DiameterAVP.Flags.vendorSpecific.rawValue != 0
            var vendorID: UInt32?
            if hasVendor {
                guard let v = r.readUInt32() else {
                    throw .invalidAVPLength(template(code: code, flags: flagByte, vendorID: 0))
                }
                vendorID = v
            }
            let headerLength = hasVendor ? 12 : 8
            guard length >= headerLength, let data = r.readBytes(length - headerLength) else {
                throw .invalidAVPLength(template(code: code, flags: flagByte, vendorID: vendorID))
            }
            // Padding; a container may end without the final AVP's padding.
            r.skip(min((4 - length % 4) % 4, r.remaining))

            var avp = DiameterAVP(code: code, vendorID: vendorID,
                                  mandatory: flagByte & DiameterAVP.Flags.mandatory.rawValue != 0,
                                  protected: flagByte & DiameterAVP.Flags.protected.rawValue != 0,
                                  payload: .bytes([]))
            avp.reservedFlags = flagByte & DiameterAVP.Flags.reservedMask
            let dataType = options.dictionary.dataType(code: code, vendorID: vendorID ?? 0)
            if dataType == .grouped {
                guard depth < options.maxNestingDepth else {
                    avp.payload = .bytes(Array(data))
                    throw .nestingTooDeep(avp)
                }
                var children = [DiameterAVP]()
                if code == DiameterAVPCode.failedAVP, vendorID == nil {
                    // Failed-AVP echoes AVPs that were wrong by definition: parse without type checks and keep
                    // the raw bytes if even the framing inside is broken.
                    var lenient = options
                    lenient.checkTypes = false
                    lenient.enforceFlagRules = false
                    do {
                        try DiameterAVPDecoder(options: lenient).decodeAVPs(data, depth: depth + 1, into: &children)
                        avp.payload = .grouped(children)
                    } catch {
                        avp.payload = .bytes(Array(data))
                    }
                } else {
                    try decodeAVPs(data, depth: depth + 1, into: &children)
                    avp.payload = .grouped(children)
                }
            } else {
                avp.payload = .bytes(Array(data))
                if let dataType, options.checkTypes { try check(avp, data: data, type: dataType) }
            }
            if options.enforceFlagRules, let definition = options.dictionary.avp(code: code, vendorID: vendorID ?? 0) {
                switch definition.mandatoryRule {
                case .must where !avp.isMandatory: throw .invalidAVPBits(avp)
                case .mustNot where avp.isMandatory: throw .invalidAVPBits(avp)
                default: break
                }
            }
            out.append(avp)
        }
    }

    private func check(_ avp: DiameterAVP, data: ArraySlice<UInt8>, type: DiameterDataType) throws(DiameterError) {
        if let fixed = type.fixedLength {
            guard data.count == fixed else { throw .invalidAVPLength(avp) }
        } else if type.isText {
            guard isValidUTF8(data) else { throw .invalidAVPValue(avp) }
        } else if type == .address {
            guard data.count >= 2 else { throw .invalidAVPLength(avp) }
            guard DiameterAddress(data: data) != nil else { throw .invalidAVPValue(avp) }
        }
    }

    /// The header of an AVP whose length is unusable plus a zero payload of its type's minimum size (RFC 6733 7.5).
    private func template(code: UInt32, flags: UInt8, vendorID: UInt32?) -> DiameterAVP {
        let type = options.dictionary.avp(code: code, vendorID: vendorID ?? 0)?.type
        var avp = DiameterAVP(code: code, vendorID: vendorID,
                              mandatory: flags & DiameterAVP.Flags.mandatory.rawValue != 0,
                              protected: flags & DiameterAVP.Flags.protected.rawValue != 0,
                              data: [UInt8](repeating: 0, count: type?.minimumLength ?? 0))
        avp.reservedFlags = flags & DiameterAVP.Flags.reservedMask
        return avp
    }
}
