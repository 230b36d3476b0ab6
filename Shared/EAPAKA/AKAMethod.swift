import EAP

/// Which of the two related methods a message belongs to; it selects the EAP Type and the
/// MAC / checkcode hash (SHA-1 for EAP-AKA, SHA-256 for EAP-AKA').
public enum AKAMethod: Sendable, Hashable, CaseIterable {
    /// EAP-AKA, RFC 4187 (EAP Type 23).
    case aka
    /// EAP-AKA', RFC 5448 / RFC 9048 (EAP Type 50).
    case akaPrime

    /// The method for EAP Type 23 or 50, else nil.
    public init?(eapType: EAPType) {
        switch eapType.rawValue {
        case 23: self = .aka
        case 50: self = .akaPrime
        default: return nil
        }
    }

    /// The EAP Type carrying this method.
    public var eapType: EAPType {
        self == .aka ? .aka : .akaPrime
    }

    /// Length of K_aut: 16 octets for EAP-AKA, 32 for EAP-AKA'.
    public var kAutLength: Int {
        self == .aka ? 16 : 32
    }

    /// Length of a non-empty AT_CHECKCODE value (SHA-1 or SHA-256 digest).
    public var checkcodeLength: Int {
        self == .aka ? 20 : 32
    }
}

/// The Subtype octet of EAP-AKA / EAP-AKA' messages (RFC 4187 section 11).
public enum AKASubtype: UInt8, Sendable, Hashable, CaseIterable {
    case challenge = 1
    case authenticationReject = 2
    case synchronizationFailure = 4
    case identity = 5
    case notification = 12
    case reauthentication = 13
    case clientError = 14
}
