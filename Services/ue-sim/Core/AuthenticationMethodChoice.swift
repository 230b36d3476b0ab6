import ArgumentParser
import EAPAKA
import NAI

/// `--method`: which EAP method the simulated phones ask for with their identity's leading digit.
public enum AuthenticationMethodChoice: String, Sendable, CaseIterable, ExpressibleByArgument, Codable {
    case aka
    case akaPrime = "aka-prime"
    /// Alternate per authentication (even: EAP-AKA, odd: EAP-AKA').
    case mixed

    /// The method of the `sequence`-th authentication.
    public func method(forAuthentication sequence: Int) -> AKAMethod {
        switch self {
        case .aka: return .aka
        case .akaPrime: return .akaPrime
        case .mixed: return sequence % 2 == 0 ? .aka : .akaPrime
        }
    }
}

extension AKAMethod {
    /// The identity digit's method (0 = EAP-AKA, 6 = EAP-AKA', TS 23.003 clause 19.3).
    var simAuthMethod: SIMAuthMethod { self == .aka ? .aka : .akaPrime }

    /// An EAP-AKA-only phone (a plain USIM profile) or an EAP-AKA' phone, which also speaks EAP-AKA
    /// and therefore enforces bidding-down protection.
    var supportedByPhone: Set<AKAMethod> { self == .aka ? [.aka] : [.aka, .akaPrime] }
}
