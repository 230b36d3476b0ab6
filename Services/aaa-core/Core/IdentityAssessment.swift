import EAPAKA
import NAI

/// Whether an identity lets the server go straight to the HSS, and if not, why.
enum IdentityAssessment: Sendable {
    /// A permanent identity with an IMSI and an accepted realm.
    case usable(NAI, IMSI, requested: AKAMethod?)
    /// Not usable as is; `kind` is what the leading character claimed (nil when unparsable).
    case unusable(IdentityProblem, kind: IdentityKind?)

    init(identity bytes: [UInt8], realms: [String]) {
        let nai: NAI
        do {
            nai = try NAI(bytes: bytes)
        } catch {
            self = .unusable(.malformed(error), kind: nil)
            return
        }
        switch nai.kind {
        case .permanent(let method):
            guard method != .sim else {
                self = .unusable(.simIdentity, kind: nai.kind)
                return
            }
            guard let imsi = nai.imsi else {
                self = .unusable(.notThreeGPP, kind: nai.kind)
                return
            }
            guard let realm = nai.homeRealm else {
                self = .unusable(.noRealm, kind: nai.kind)
                return
            }
            if !realms.isEmpty, !realms.contains(where: { Realm.equal($0, realm) }) {
                self = .unusable(.realmNotServed(realm), kind: nai.kind)
                return
            }
            self = .usable(nai, imsi, requested: method == .aka ? .aka : .akaPrime)
        case .pseudonym:
            self = .unusable(.unknownPseudonym, kind: nai.kind)
        case .fastReauthentication:
            self = .unusable(.unknownReauthenticationIdentity, kind: nai.kind)
        case .anonymous:
            self = .unusable(.anonymous, kind: nai.kind)
        case .other:
            self = .unusable(.notThreeGPP, kind: nai.kind)
        }
    }
}

/// Why an identity cannot be used directly.
enum IdentityProblem: Sendable, CustomStringConvertible {
    case malformed(NAIError)
    case simIdentity
    case noRealm
    case realmNotServed(String)
    case unknownPseudonym
    case unknownReauthenticationIdentity
    case anonymous
    case notThreeGPP

    var description: String {
        switch self {
        case .malformed(let error): return "malformed identity (\(error))"
        case .simIdentity: return "EAP-SIM identity"
        case .noRealm: return "identity without realm"
        case .realmNotServed(let realm): return "realm \(realm) is not served"
        case .unknownPseudonym: return "unknown pseudonym"
        case .unknownReauthenticationIdentity: return "unknown fast re-authentication identity"
        case .anonymous: return "anonymous identity"
        case .notThreeGPP: return "not a 3GPP identity"
        }
    }

    /// The first AKA-Identity request for this problem (RFC 4187 4.1.x): an unknown fast
    /// re-authentication identity asks for a full-authentication identity (a pseudonym may still
    /// come back); everything else asks for the permanent identity, since this server issues
    /// neither pseudonyms nor re-authentication identities.
    var firstRequest: AKAIdentityRequestKind {
        if case .unknownReauthenticationIdentity = self { return .fullAuthentication }
        return .permanent
    }
}
