/// One EAP-AKA / EAP-AKA' attribute (RFC 4187 section 10, RFC 5448 / RFC 9048 section 3-4).
///
/// Byte-string payloads are kept as raw octets: identities and network names enter key
/// derivation exactly as received, so they are never re-encoded through `String`.
public enum AKAAttribute: Sendable, Hashable {
    /// AT_RAND: the 16-octet RAND.
    case rand([UInt8])
    /// AT_AUTN: the 16-octet AUTN.
    case autn([UInt8])
    /// AT_RES: RES (ceil(bitLength / 8) octets) and its length in bits (32...128).
    case res(bitLength: Int, value: [UInt8])
    /// AT_AUTS: the 14-octet AUTS.
    case auts([UInt8])
    /// AT_PADDING: total attribute length 4, 8 or 12 octets, all zero.
    case padding(length: Int)
    /// AT_PERMANENT_ID_REQ.
    case permanentIDReq
    /// AT_MAC: the 16-octet MAC.
    case mac([UInt8])
    /// AT_NOTIFICATION.
    case notification(AKANotificationCode)
    /// AT_ANY_ID_REQ.
    case anyIDReq
    /// AT_IDENTITY: identity octets (unpadded).
    case identity([UInt8])
    /// AT_FULLAUTH_ID_REQ.
    case fullAuthIDReq
    /// AT_COUNTER (re-authentication counter).
    case counter(UInt16)
    /// AT_COUNTER_TOO_SMALL.
    case counterTooSmall
    /// AT_NONCE_S: the 16-octet server nonce.
    case nonceS([UInt8])
    /// AT_CLIENT_ERROR_CODE.
    case clientErrorCode(UInt16)
    /// AT_KDF_INPUT: the network name octets (unpadded).
    case kdfInput([UInt8])
    /// AT_KDF: a key derivation function number (1 = CK'/IK' KDF). May repeat (preference list).
    case kdf(UInt16)
    /// AT_IV: the 16-octet CBC IV.
    case iv([UInt8])
    /// AT_ENCR_DATA: ciphertext, a non-zero multiple of 16 octets.
    case encrData([UInt8])
    /// AT_NEXT_PSEUDONYM: pseudonym octets (unpadded).
    case nextPseudonym([UInt8])
    /// AT_NEXT_REAUTH_ID: re-authentication identity octets (unpadded).
    case nextReauthID([UInt8])
    /// AT_CHECKCODE: empty, or a SHA-1 (20) / SHA-256 (32) digest.
    case checkcode([UInt8])
    /// AT_RESULT_IND.
    case resultInd
    /// AT_BIDDING: the D bit says the server supports EAP-AKA' (RFC 9048 section 4).
    case bidding(supportsAKAPrime: Bool)
    /// An unrecognised skippable attribute (type >= 128), preserved with its raw value
    /// (every octet after Type and Length).
    case skippable(type: UInt8, value: [UInt8])

    /// The attribute Type octet.
    public var typeCode: UInt8 {
        switch self {
        case .rand: return AKAAttributeType.rand
        case .autn: return AKAAttributeType.autn
        case .res: return AKAAttributeType.res
        case .auts: return AKAAttributeType.auts
        case .padding: return AKAAttributeType.padding
        case .permanentIDReq: return AKAAttributeType.permanentIDReq
        case .mac: return AKAAttributeType.mac
        case .notification: return AKAAttributeType.notification
        case .anyIDReq: return AKAAttributeType.anyIDReq
        case .identity: return AKAAttributeType.identity
        case .fullAuthIDReq: return AKAAttributeType.fullAuthIDReq
        case .counter: return AKAAttributeType.counter
        case .counterTooSmall: return AKAAttributeType.counterTooSmall
        case .nonceS: return AKAAttributeType.nonceS
        case .clientErrorCode: return AKAAttributeType.clientErrorCode
        case .kdfInput: return AKAAttributeType.kdfInput
        case .kdf: return AKAAttributeType.kdf
        case .iv: return AKAAttributeType.iv
        case .encrData: return AKAAttributeType.encrData
        case .nextPseudonym: return AKAAttributeType.nextPseudonym
        case .nextReauthID: return AKAAttributeType.nextReauthID
        case .checkcode: return AKAAttributeType.checkcode
        case .resultInd: return AKAAttributeType.resultInd
        case .bidding: return AKAAttributeType.bidding
        case .skippable(let type, _): return type
        }
    }
}

/// Attribute Type numbers (IANA "EAP-AKA and EAP-SIM Parameters").
public enum AKAAttributeType {
    public static let rand: UInt8 = 1
    public static let autn: UInt8 = 2
    public static let res: UInt8 = 3
    public static let auts: UInt8 = 4
    public static let padding: UInt8 = 6
    public static let permanentIDReq: UInt8 = 10
    public static let mac: UInt8 = 11
    public static let notification: UInt8 = 12
    public static let anyIDReq: UInt8 = 13
    public static let identity: UInt8 = 14
    public static let fullAuthIDReq: UInt8 = 17
    public static let counter: UInt8 = 19
    public static let counterTooSmall: UInt8 = 20
    public static let nonceS: UInt8 = 21
    public static let clientErrorCode: UInt8 = 22
    public static let kdfInput: UInt8 = 23
    public static let kdf: UInt8 = 24
    public static let iv: UInt8 = 129
    public static let encrData: UInt8 = 130
    public static let nextPseudonym: UInt8 = 132
    public static let nextReauthID: UInt8 = 133
    public static let checkcode: UInt8 = 134
    public static let resultInd: UInt8 = 135
    public static let bidding: UInt8 = 136

    /// Types 0...127 are non-skippable: an unknown one makes the packet invalid.
    public static func isSkippable(_ type: UInt8) -> Bool {
        type >= 128
    }
}
