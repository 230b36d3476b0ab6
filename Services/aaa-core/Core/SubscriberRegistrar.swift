import NAI

/// What the HSS said about a registration it accepted.
public enum RegistrationOutcome: Sendable, Hashable {
    /// Registered; non-3GPP access allowed (or the profile did not say).
    case registered
    /// Registered, but the profile bars non-3GPP access: the authentication must be rejected.
    case barred
    /// Not attempted: the serving HSS speaks Cx, which has no SWx SAR.
    case skipped
}

/// Why a registration got no usable answer.
public enum RegistrationError: Error, Sendable, Hashable {
    /// The HSS refused it (Result-Code or Experimental-Result-Code, e.g. 5001 user unknown).
    case refused(resultCode: UInt32)
    /// No answer in time.
    case timeout
    /// No HSS reachable or the request could not be delivered (the reason is for logs).
    case unavailable(String)
    /// The answer could not be understood (the reason is for logs).
    case invalidAnswer(String)
}

/// Registers the AAA server at the HSS for an authenticated subscriber (SWx SAR/SAA, TS 29.273
/// 8.1.2.2) and downloads the non-3GPP profile. Behind a protocol so engine tests inject outcomes.
public protocol SubscriberRegistrar: Sendable {
    /// `servingHSS`: Origin-Host of the HSS that answered the MAA, the SAR's Destination-Host.
    func register(imsi: IMSI, servingHSS: String?) async throws(RegistrationError) -> RegistrationOutcome
}

/// Ends the AAA server's registration of a subscriber at the HSS (SWx SAR USER_DEREGISTRATION).
public protocol SubscriberDeregistrar: Sendable {
    func deregister(imsi: IMSI, servingHSS: String?) async throws(RegistrationError)
}

extension RegistrationOutcome {
    /// `result` label of `swx_sar_count`.
    var metricLabel: String {
        switch self {
        case .registered: return "success"
        case .barred: return "barred"
        case .skipped: return "skipped"
        }
    }
}

extension RegistrationError {
    /// `result` label of `swx_sar_count` (bounded: no codes or free text).
    var metricLabel: String {
        switch self {
        case .refused(let code): return code == SWxServerAssignmentRegistrar.userUnknown ? "user_unknown" : "refused"
        case .timeout: return "timeout"
        case .unavailable: return "unavailable"
        case .invalidAnswer: return "invalid_answer"
        }
    }

    /// The reject the engine returns for it.
    var rejectReason: ConversationRejectReason {
        switch self {
        case .refused(let code): return .registrationRefused(resultCode: code)
        case .timeout: return .registrationUnavailable("no answer in time")
        case .unavailable(let why): return .registrationUnavailable(why)
        case .invalidAnswer(let why): return .registrationUnavailable("invalid answer: \(why)")
        }
    }
}
