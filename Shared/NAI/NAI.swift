/// A Network Access Identifier (RFC 7542) as an EAP peer or RADIUS User-Name presents it,
/// with the 3GPP reading of its username (TS 23.003 clauses 14 and 19).
///
/// `value` keeps the exact text received: EAP-AKA/AKA' key derivation hashes the identity
/// as sent, so it must never be re-cased or rebuilt.
public struct NAI: Sendable, Hashable, CustomStringConvertible {
    /// RFC 7542 clause 2.3: an NAI must fit in 253 octets.
    public static let maxLength = 253

    /// The identity exactly as received.
    public let value: String
    /// Everything before the last `@` (including any decoration); the whole NAI when there is no `@`.
    public let username: String
    /// Everything after the last `@`; nil when the NAI has no `@`.
    public let realm: String?
    /// For a decorated NAI (`home!user@visited`), the home realm before the first `!`.
    public let decoration: String?
    /// The username with the first decoration removed (what the visited proxy forwards).
    /// Without nesting this is the part that carries the leading digit.
    public let innerUsername: String
    /// What the leading character of the identity claims (the username after the last `!`
    /// of a decorated NAI).
    public let kind: IdentityKind
    /// The IMSI for permanent identities; nil otherwise.
    public let imsi: IMSI?

    /// Parses received bytes (RADIUS User-Name, EAP-Response/Identity, AT_IDENTITY).
    public init(bytes: some Collection<UInt8>) throws(NAIError) {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= NAI.maxLength else { throw .tooLong(octets: bytes.count) }
        // Validating, not repairing (decoding would replace bad sequences with U+FFFD). One copy into
        // contiguous memory first: the generic comparison this replaced cost 5 % of aaa-core's CPU.
        let contiguous = Array(bytes)
        guard let text = contiguous.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
            throw .invalidUTF8
        }
        try self.init(text)
    }

    /// Parses an identity: split at the last `@`, undecorate at the first `!`, classify by the
    /// leading character, and for permanent identities require an IMSI after the digit.
    ///
    /// All splitting happens on UTF-8 bytes at ASCII delimiters, so combining marks or other
    /// grapheme rules cannot move a boundary.
    public init(_ text: String) throws(NAIError) {
        let utf8 = text.utf8
        guard !utf8.isEmpty else { throw .empty }
        guard utf8.count <= NAI.maxLength else { throw .tooLong(octets: utf8.count) }

        let userPart: Substring.UTF8View
        let realmPart: Substring.UTF8View?
        if let at = utf8.lastIndex(of: UInt8(ascii: "@")) {
            userPart = utf8[..<at]
            realmPart = utf8[utf8.index(after: at)...]
        } else {
            userPart = utf8[...]
            realmPart = nil
        }

        // Username characters: RFC 7542 utf8-atext plus "." (and "@", since only the last
        // "@" separates the realm; older multi-hop NAIs put more in the username).
        var offset = 0
        for c in userPart {
            guard isUsernameCharacter(c) else { throw .invalidCharacter(offset: offset) }
            offset += 1
        }
        if let realmPart {
            try Realm.validateBytes(realmPart)
        }

        // Decorations (RFC 7542 3.3.1, TS 23.003 19.3): "home!user", possibly nested as
        // "home1!home2!user". Every segment before the last "!" must be a realm.
        let inner: Substring.UTF8View
        let decoration: Substring.UTF8View?
        var identity: Substring.UTF8View = userPart
        if let bang = userPart.firstIndex(of: UInt8(ascii: "!")) {
            decoration = userPart[..<bang]
            inner = userPart[userPart.index(after: bang)...]
            var rest = userPart[...]
            while let next = rest.firstIndex(of: UInt8(ascii: "!")) {
                try Realm.validateBytes(rest[..<next])
                rest = rest[rest.index(after: next)...]
            }
            guard !rest.isEmpty else { throw .emptyDecoratedUsername }
            identity = rest
        } else {
            inner = userPart
            decoration = nil
        }

        let kind = IdentityKind(usernameBytes: identity)
        if kind.isPermanent {
            self.imsi = try IMSI(digitBytes: identity.dropFirst())
        } else {
            self.imsi = nil
        }
        self.value = text
        self.username = String(decoding: userPart, as: UTF8.self)
        self.realm = realmPart.map { String(decoding: $0, as: UTF8.self) }
        self.decoration = decoration.map { String(decoding: $0, as: UTF8.self) }
        self.innerUsername = String(decoding: inner, as: UTF8.self)
        self.kind = kind
    }

    /// Whether the username carries a `home!` decoration.
    public var isDecorated: Bool { decoration != nil }

    /// The realm that routes to the subscriber's home AAA server: the decoration when present,
    /// otherwise the realm.
    public var homeRealm: String? { decoration ?? realm }

    /// MCC/MNC and form of the home realm, when it has the 3GPP shape.
    public var threeGPPRealm: ThreeGPPRealm? { homeRealm.flatMap { try? ThreeGPPRealm(parsing: $0) } }

    /// What the visited AAA proxy forwards: `user@home` from `home!user@visited`
    /// (TS 23.003 clause 19.3); the NAI itself when not decorated.
    public func undecorated() throws(NAIError) -> NAI {
        guard let decoration else { return self }
        return try NAI(innerUsername + "@" + decoration)
    }

    /// Same identity: usernames equal exactly, realms equal ignoring case.
    public func isSameIdentity(as other: NAI) -> Bool {
        guard username == other.username else { return false }
        switch (realm, other.realm) {
        case (nil, nil): return true
        case (let a?, let b?): return Realm.equal(a, b)
        default: return false
        }
    }

    /// The identity as received.
    public var description: String { value }

    // MARK: - Building root NAIs

    /// `<digit><IMSI>@<realm>` for a permanent identity (TS 23.003 clauses 14 and 19.3),
    /// with the realm built from the IMSI's MCC and its `mncLength`-digit MNC.
    public static func root(
        imsi: IMSI, mncLength: Int, method: SIMAuthMethod, realmForm: ThreeGPPRealm.Form
    ) throws(NAIError) -> NAI {
        let plmn = try imsi.plmn(mncLength: mncLength)
        let realm = ThreeGPPRealm(form: realmForm, plmn: plmn).name
        let digit = IdentityKind.permanent(method).leadingDigit.map(String.init) ?? ""
        return try NAI(digit + imsi.digits + "@" + realm)
    }

    /// `epc.mncXXX.mccYYY.3gppnetwork.org` for the subscriber's HSS (SWx Destination-Realm).
    public static func hssRealm(imsi: IMSI, mncLength: Int) throws(NAIError) -> String {
        try imsi.plmn(mncLength: mncLength).hssRealm
    }
}

/// RFC 7542 utf8-atext, ".", "@" and any non-ASCII UTF-8 byte.
private func isUsernameCharacter(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
        UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
        UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
        UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "."),
        UInt8(ascii: "@"):
        return true
    default:
        return c >= 0x80
    }
}
