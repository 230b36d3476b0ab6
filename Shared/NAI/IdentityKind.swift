/// The EAP method a 3GPP identity asks for.
public enum SIMAuthMethod: Sendable, Hashable, CaseIterable {
    /// EAP-AKA (RFC 4187).
    case aka
    /// EAP-SIM (RFC 4186).
    case sim
    /// EAP-AKA' (RFC 5448 / RFC 9048).
    case akaPrime
}

/// What an identity claims to be, from the first character of its username
/// (TS 23.003 clause 14, RFC 4187 4.1.1.6, RFC 4186, RFC 5448).
public enum IdentityKind: Sendable, Hashable {
    /// IMSI-based identity (digits 0, 1, 6).
    case permanent(SIMAuthMethod)
    /// Pseudonym chosen earlier by the AAA server (digits 2, 3, 7).
    case pseudonym(SIMAuthMethod)
    /// Fast re-authentication identity (digits 4, 5, 8).
    case fastReauthentication(SIMAuthMethod)
    /// Empty username or "anonymous" (RFC 7542 clause 2.4): a privacy outer identity.
    case anonymous
    /// Any other leading character: not a 3GPP identity; ask for a full identity.
    case other

    /// Classifies a username (the part after any decoration, before `@`).
    public init(username: some StringProtocol) {
        self.init(usernameBytes: username.utf8)
    }

    init(usernameBytes username: some Collection<UInt8>) {
        guard let first = username.first else {
            self = .anonymous
            return
        }
        switch first {
        case UInt8(ascii: "0"): self = .permanent(.aka)
        case UInt8(ascii: "1"): self = .permanent(.sim)
        case UInt8(ascii: "2"): self = .pseudonym(.aka)
        case UInt8(ascii: "3"): self = .pseudonym(.sim)
        case UInt8(ascii: "4"): self = .fastReauthentication(.aka)
        case UInt8(ascii: "5"): self = .fastReauthentication(.sim)
        case UInt8(ascii: "6"): self = .permanent(.akaPrime)
        case UInt8(ascii: "7"): self = .pseudonym(.akaPrime)
        case UInt8(ascii: "8"): self = .fastReauthentication(.akaPrime)
        default:
            self = username.elementsEqual("anonymous".utf8) ? .anonymous : .other
        }
    }

    /// The leading digit this kind is written with; nil for `.anonymous` and `.other`.
    public var leadingDigit: Character? {
        switch self {
        case .permanent(.aka): return "0"
        case .permanent(.sim): return "1"
        case .pseudonym(.aka): return "2"
        case .pseudonym(.sim): return "3"
        case .fastReauthentication(.aka): return "4"
        case .fastReauthentication(.sim): return "5"
        case .permanent(.akaPrime): return "6"
        case .pseudonym(.akaPrime): return "7"
        case .fastReauthentication(.akaPrime): return "8"
        case .anonymous, .other: return nil
        }
    }

    /// The requested method; nil for non-3GPP kinds.
    public var method: SIMAuthMethod? {
        switch self {
        case .permanent(let m), .pseudonym(let m), .fastReauthentication(let m): return m
        case .anonymous, .other: return nil
        }
    }

    /// True for IMSI-based identities (digits 0, 1, 6).
    public var isPermanent: Bool {
        if case .permanent = self { return true }
        return false
    }
}
