import Crypto
import HashPrimitives

/// EAP-AKA key hierarchy (RFC 4187 section 7).
///
/// MK = SHA1(Identity | IK | CK); the FIPS 186-2 generator on MK yields
/// K_encr (16) | K_aut (16) | MSK (64) | EMSK (64).
public struct AKAKeys: Sendable {
    /// Master key (20 octets); kept for fast re-authentication.
    public let mk: [UInt8]
    /// AES-128 key for AT_ENCR_DATA.
    public let kEncr: [UInt8]
    /// HMAC-SHA1 key for AT_MAC (16 octets).
    public let kAut: [UInt8]
    /// Master Session Key (64 octets), exported to the authenticator (MS-MPPE keys).
    public let msk: [UInt8]
    /// Extended Master Session Key (64 octets).
    public let emsk: [UInt8]

    /// Derives the keys; `identity` is the exact identity octets last used by the peer
    /// (EAP-Response/Identity or AT_IDENTITY, no trailing NUL).
    public static func derive(identity: [UInt8], ik: [UInt8], ck: [UInt8]) throws(AKAKeyError) -> AKAKeys {
        guard ik.count == 16 else { throw .invalidLength(input: .ik, length: ik.count) }
        guard ck.count == 16 else { throw .invalidLength(input: .ck, length: ck.count) }
        var sha = Insecure.SHA1()
        sha.update(bytes: identity)
        sha.update(bytes: ik)
        sha.update(bytes: ck)
        return try derive(masterKey: sha.finalizeBytes())
    }

    /// Same as the byte form, with the identity's UTF-8 octets.
    public static func derive(identity: String, ik: [UInt8], ck: [UInt8]) throws(AKAKeyError) -> AKAKeys {
        try derive(identity: Array(identity.utf8), ik: ik, ck: ck)
    }

    /// Expands an existing 20-octet MK (also the EAP-SIM expansion, RFC 4186 section 7).
    public static func derive(masterKey mk: [UInt8]) throws(AKAKeyError) -> AKAKeys {
        guard let out = FIPS186Generator.generate(xkey: mk, byteCount: 160) else {
            throw .invalidLength(input: .mk, length: mk.count)
        }
        return AKAKeys(
            mk: mk, kEncr: Array(out[0..<16]), kAut: Array(out[16..<32]), msk: Array(out[32..<96]),
            emsk: Array(out[96..<160]))
    }

    /// Fast re-authentication keys for this MK (RFC 4187 section 7).
    public func reauthenticationKeys(identity: [UInt8], counter: UInt16, nonceS: [UInt8]) throws(AKAKeyError)
        -> AKAReauthenticationKeys
    {
        try AKAReauthenticationKeys.derive(identity: identity, counter: counter, nonceS: nonceS, mk: mk)
    }
}

/// EAP-AKA / EAP-SIM fast re-authentication keys: XKEY' = SHA1(Identity | counter | NONCE_S | MK),
/// then the FIPS 186-2 generator on XKEY' gives MSK (64) | EMSK (64). K_encr and K_aut stay those
/// of the full authentication.
public struct AKAReauthenticationKeys: Sendable {
    /// XKEY' = SHA1(Identity | counter | NONCE_S | MK) (20 octets).
    public let xkeyPrime: [UInt8]
    /// MSK (64) and EMSK (64) of the re-authentication.
    public let msk: [UInt8]
    public let emsk: [UInt8]

    /// `identity` is the fast re-authentication identity the peer used.
    public static func derive(identity: [UInt8], counter: UInt16, nonceS: [UInt8], mk: [UInt8]) throws(AKAKeyError)
        -> AKAReauthenticationKeys
    {
        guard nonceS.count == 16 else { throw .invalidLength(input: .nonceS, length: nonceS.count) }
        guard mk.count == 20 else { throw .invalidLength(input: .mk, length: mk.count) }
        var sha = Insecure.SHA1()
        sha.update(bytes: identity)
        sha.update(bytes: [UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter)])
        sha.update(bytes: nonceS)
        sha.update(bytes: mk)
        let xkeyPrime = sha.finalizeBytes()
        // 160 octets (four whole rounds) even though 128 are used.
        guard let out = FIPS186Generator.generate(xkey: xkeyPrime, byteCount: 160) else {
            throw .invalidLength(input: .mk, length: xkeyPrime.count)
        }
        return AKAReauthenticationKeys(xkeyPrime: xkeyPrime, msk: Array(out[0..<64]), emsk: Array(out[64..<128]))
    }

    /// Same as the byte form, with the identity's UTF-8 octets.
    public static func derive(identity: String, counter: UInt16, nonceS: [UInt8], mk: [UInt8]) throws(AKAKeyError)
        -> AKAReauthenticationKeys
    {
        try derive(identity: Array(identity.utf8), counter: counter, nonceS: nonceS, mk: mk)
    }
}

// Secrets must never reach logs: printing, interpolation, dump() and debuggers show no key bytes.
extension AKAKeys: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AKAKeys(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension AKAReauthenticationKeys: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AKAReauthenticationKeys(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
