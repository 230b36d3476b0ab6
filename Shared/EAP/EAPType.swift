/// The EAP method Type field (RFC 3748 section 5, IANA "Method Types").
///
/// Types this project does not implement are kept as `.other` so a packet can be
/// relayed or refused with a Nak without losing the original value.
public enum EAPType: Sendable, Hashable {
    case identity
    case notification
    case nak
    case md5
    case tls
    case sim
    case aka
    case akaPrime
    case other(UInt8)

    /// Maps a wire value to its case; unknown values become `.other`.
    public init(rawValue: UInt8) {
        switch rawValue {
        case 1: self = .identity
        case 2: self = .notification
        case 3: self = .nak
        case 4: self = .md5
        case 13: self = .tls
        case 18: self = .sim
        case 23: self = .aka
        case 50: self = .akaPrime
        default: self = .other(rawValue)
        }
    }

    /// The wire value.
    public var rawValue: UInt8 {
        switch self {
        case .identity: return 1
        case .notification: return 2
        case .nak: return 3
        case .md5: return 4
        case .tls: return 13
        case .sim: return 18
        case .aka: return 23
        case .akaPrime: return 50
        case .other(let v): return v
        }
    }

    // `.other(23)` and `.aka` denote the same wire value, so equality and hashing use it.
    public static func == (lhs: EAPType, rhs: EAPType) -> Bool {
        lhs.rawValue == rhs.rawValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue)
    }
}
