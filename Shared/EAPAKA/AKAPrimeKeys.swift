import Crypto
import HashPrimitives

/// CK' and IK' (3GPP TS 33.402 Annex A.2), bound to the access network name.
///
/// Only needed when the HSS returned plain CK/IK; over SWx with the "EAP-AKA'" scheme the HSS
/// already returns CK'/IK'.
public struct AKAPrimeTransformedKeys: Sendable {
    /// CK' (16 octets).
    public let ckPrime: [UInt8]
    /// IK' (16 octets).
    public let ikPrime: [UInt8]

    /// CK' | IK' = HMAC-SHA-256(CK | IK, S) with
    /// S = 0x20 | network name | len(name) (2) | SQN xor AK (first 6 octets of AUTN) | 0x0006.
    public static func derive(ck: [UInt8], ik: [UInt8], networkName: [UInt8], autn: [UInt8]) throws(AKAKeyError)
        -> AKAPrimeTransformedKeys
    {
        guard ck.count == 16 else { throw .invalidLength(input: .ck, length: ck.count) }
        guard ik.count == 16 else { throw .invalidLength(input: .ik, length: ik.count) }
        guard autn.count == 16 else { throw .invalidLength(input: .autn, length: autn.count) }
        let s = try kdfInput(networkName: networkName, sqnXorAK: autn[0..<6])
        let out = PrecomputedHMAC<SHA256>(key: ck + ik).authenticate(s)
        return AKAPrimeTransformedKeys(ckPrime: Array(out[0..<16]), ikPrime: Array(out[16..<32]))
    }

    /// Same as the byte form, with the network name's UTF-8 octets ("WLAN" for WLAN access).
    public static func derive(ck: [UInt8], ik: [UInt8], networkName: String, autn: [UInt8]) throws(AKAKeyError)
        -> AKAPrimeTransformedKeys
    {
        try derive(ck: ck, ik: ik, networkName: Array(networkName.utf8), autn: autn)
    }

    /// The KDF input string S (FC 0x20, P0 = network name, P1 = SQN xor AK).
    public static func kdfInput(networkName: [UInt8], sqnXorAK: ArraySlice<UInt8>) throws(AKAKeyError) -> [UInt8] {
        guard networkName.count <= Int(UInt16.max) else { throw .networkNameTooLong(networkName.count) }
        var s = [UInt8]()
        s.reserveCapacity(networkName.count + 11)
        s.append(0x20)
        s.append(contentsOf: networkName)
        s.append(UInt8(truncatingIfNeeded: networkName.count >> 8))
        s.append(UInt8(truncatingIfNeeded: networkName.count))
        s.append(contentsOf: sqnXorAK)
        s.append(0x00)
        s.append(0x06)
        return s
    }

    /// True when the AMF "separation bit" (bit 0 of AMF, AUTN octet 6 mask 0x80) is set, which an
    /// EAP-AKA' peer requires (TS 33.402 clause 6.1); false also for an AUTN of the wrong size.
    public static func amfSeparationBitIsSet(autn: [UInt8]) -> Bool {
        autn.count == 16 && autn[6] & 0x80 != 0
    }
}

/// EAP-AKA' key hierarchy (RFC 5448 section 3.3, RFC 9048 section 3.3):
/// MK = PRF'(IK' | CK', "EAP-AKA'" | Identity) split into
/// K_encr (16) | K_aut (32) | K_re (32) | MSK (64) | EMSK (64).
public struct AKAPrimeKeys: Sendable {
    /// AES-128 key for AT_ENCR_DATA.
    public let kEncr: [UInt8]
    /// HMAC-SHA-256 key for AT_MAC (32 octets).
    public let kAut: [UInt8]
    /// Re-authentication key (32 octets), kept for fast re-authentication.
    public let kRe: [UInt8]
    /// MSK (64) and EMSK (64).
    public let msk: [UInt8]
    public let emsk: [UInt8]

    /// Derives the keys; `identity` is the exact identity octets the peer used.
    public static func derive(identity: [UInt8], ikPrime: [UInt8], ckPrime: [UInt8]) throws(AKAKeyError)
        -> AKAPrimeKeys
    {
        guard ikPrime.count == 16 else { throw .invalidLength(input: .ikPrime, length: ikPrime.count) }
        guard ckPrime.count == 16 else { throw .invalidLength(input: .ckPrime, length: ckPrime.count) }
        var s = Array("EAP-AKA'".utf8)
        s.append(contentsOf: identity)
        // Order is IK' then CK'.
        let mk = prfPrime(key: ikPrime + ckPrime, s: s, byteCount: 208)
        return AKAPrimeKeys(
            kEncr: Array(mk[0..<16]), kAut: Array(mk[16..<48]), kRe: Array(mk[48..<80]), msk: Array(mk[80..<144]),
            emsk: Array(mk[144..<208]))
    }

    /// Same as the byte form, with the identity's UTF-8 octets.
    public static func derive(identity: String, ikPrime: [UInt8], ckPrime: [UInt8]) throws(AKAKeyError)
        -> AKAPrimeKeys
    {
        try derive(identity: Array(identity.utf8), ikPrime: ikPrime, ckPrime: ckPrime)
    }

    /// Fast re-authentication keys for this K_re.
    public func reauthenticationKeys(identity: [UInt8], counter: UInt16, nonceS: [UInt8]) throws(AKAKeyError)
        -> AKAPrimeReauthenticationKeys
    {
        try AKAPrimeReauthenticationKeys.derive(kRe: kRe, identity: identity, counter: counter, nonceS: nonceS)
    }

    /// PRF'(K, S) = T1 | T2 | ..., T1 = HMAC-SHA-256(K, S | 0x01), Tn = HMAC-SHA-256(K, T(n-1) | S | n).
    /// Produces `byteCount` octets (at most 255 blocks).
    public static func prfPrime(key: [UInt8], s: [UInt8], byteCount: Int) -> [UInt8] {
        guard byteCount > 0 else { return [] }
        // One key schedule for all blocks: PRF' is the hot part of every AKA' authentication.
        let mac = PrecomputedHMAC<SHA256>(key: key)
        let blocks = min((byteCount + 31) / 32, 255)
        var out = [UInt8]()
        out.reserveCapacity(blocks * 32)
        var previous = out.endIndex..<out.endIndex
        for n in 1...max(blocks, 1) {
            var hmac = mac.start()
            hmac.update(out[previous])
            hmac.update(s)
            hmac.update([UInt8(truncatingIfNeeded: n)])
            let start = out.endIndex
            out.append(contentsOf: hmac.finalize())
            previous = start..<out.endIndex
        }
        if out.count > byteCount { out.removeLast(out.count - byteCount) }
        return out
    }
}

/// EAP-AKA' fast re-authentication (RFC 5448 section 3.3):
/// MK = PRF'(K_re, "EAP-AKA' re-auth" | Identity | counter | NONCE_S), MSK = 0..63, EMSK = 64..127.
public struct AKAPrimeReauthenticationKeys: Sendable {
    /// MSK (64) and EMSK (64) of the re-authentication.
    public let msk: [UInt8]
    public let emsk: [UInt8]

    /// Derives the keys from K_re of the full authentication and the re-authentication identity.
    public static func derive(kRe: [UInt8], identity: [UInt8], counter: UInt16, nonceS: [UInt8])
        throws(AKAKeyError) -> AKAPrimeReauthenticationKeys
    {
        guard kRe.count == 32 else { throw .invalidLength(input: .kRe, length: kRe.count) }
        guard nonceS.count == 16 else { throw .invalidLength(input: .nonceS, length: nonceS.count) }
        var s = Array("EAP-AKA' re-auth".utf8)
        s.append(contentsOf: identity)
        s.append(UInt8(truncatingIfNeeded: counter >> 8))
        s.append(UInt8(truncatingIfNeeded: counter))
        s.append(contentsOf: nonceS)
        let mk = AKAPrimeKeys.prfPrime(key: kRe, s: s, byteCount: 128)
        return AKAPrimeReauthenticationKeys(msk: Array(mk[0..<64]), emsk: Array(mk[64..<128]))
    }
}

extension AKAPrimeTransformedKeys: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AKAPrimeTransformedKeys(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension AKAPrimeKeys: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AKAPrimeKeys(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension AKAPrimeReauthenticationKeys: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AKAPrimeReauthenticationKeys(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
