/// Why a Diameter message or AVP was rejected.
///
/// Every case maps to the Result-Code an answer should carry (``resultCode``), and the AVP-level cases
/// carry the offending AVP so the answer can echo it in Failed-AVP (RFC 6733 7.5).
public enum DiameterError: Error, Sendable, Hashable {
    /// Version octet is not 1 (DIAMETER_UNSUPPORTED_VERSION, 5011).
    case unsupportedVersion(UInt8)
    /// Message Length below 20, not a multiple of 4, or different from the bytes received (5015).
    case invalidMessageLength(declared: Int, available: Int)
    /// Message Length above the configured maximum (5015; the stream should be closed).
    case messageTooLarge(length: Int, limit: Int)
    /// Reserved command-flag bits set (5013) or an impossible combination such as E on a request (3008).
    case invalidHeaderBits(flags: UInt8)
    /// AVP Length shorter than its header, overrunning its container, or wrong for the AVP's type (5014).
    case invalidAVPLength(DiameterAVP)
    /// AVP flags inconsistent with the AVP's dictionary definition (DIAMETER_INVALID_AVP_BITS, 3009).
    case invalidAVPBits(DiameterAVP)
    /// AVP data malformed for its type: bad UTF-8, unknown address family length, ... (5004).
    case invalidAVPValue(DiameterAVP)
    /// Grouped AVPs nested deeper than the decoder allows (reported as 5004 for the outermost refused AVP).
    case nestingTooDeep(DiameterAVP)
    /// A required AVP is absent; the AVP is a zero-filled template of it (DIAMETER_MISSING_AVP, 5005).
    case missingAVP(DiameterAVP)
    /// An AVP appears more often than its command allows; carries the first surplus instance (5009).
    case avpOccursTooManyTimes(DiameterAVP)

    /// The Result-Code an answer reporting this fault carries.
    public var resultCode: UInt32 {
        switch self {
        case .unsupportedVersion: return DiameterResultCode.unsupportedVersion.rawValue
        case .invalidMessageLength, .messageTooLarge: return DiameterResultCode.invalidMessageLength.rawValue
        case .invalidHeaderBits(let flags):
            return flags & DiameterHeader.CommandFlags.reservedMask != 0
                ? DiameterResultCode.invalidBitInHeader.rawValue
                : DiameterResultCode.invalidHeaderBits.rawValue
        case .invalidAVPLength: return DiameterResultCode.invalidAVPLength.rawValue
        case .invalidAVPBits: return DiameterResultCode.invalidAVPBits.rawValue
        case .invalidAVPValue, .nestingTooDeep: return DiameterResultCode.invalidAVPValue.rawValue
        case .missingAVP: return DiameterResultCode.missingAVP.rawValue
        case .avpOccursTooManyTimes: return DiameterResultCode.avpOccursTooManyTimes.rawValue
        }
    }

    /// The AVP to place in Failed-AVP, when the fault concerns one.
    public var failedAVP: DiameterAVP? {
        switch self {
        case .invalidAVPLength(let a), .invalidAVPBits(let a), .invalidAVPValue(let a), .nestingTooDeep(let a),
             .missingAVP(let a), .avpOccursTooManyTimes(let a):
            return a
        case .unsupportedVersion, .invalidMessageLength, .messageTooLarge, .invalidHeaderBits:
            return nil
        }
    }

    /// 3xxx protocol errors are answered with the E bit set (RFC 6733 7.1.3).
    public var isProtocolError: Bool { (3000..<4000).contains(resultCode) }
}

/// Why the dictionary-driven AVP builder refused a value.
public enum DiameterDictionaryError: Error, Sendable, Hashable {
    /// No AVP with this name in the dictionary.
    case unknownAVPName(String)
    /// No AVP with this code and vendor in the dictionary.
    case unknownAVPCode(code: UInt32, vendorID: UInt32)
    /// The value's wire format does not fit the AVP's declared type.
    case typeMismatch(avp: String, expected: DiameterDataType, given: DiameterDataType)
}
