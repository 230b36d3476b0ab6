import EAPAKA

/// Why a conversation ended in EAP-Failure. `text` goes into the IPC reject frame and the
/// "Authentication REJECTED" log line; `metricLabel` is the bounded `reason` label of
/// `eap_aka_auth_reject_count`.
public enum ConversationRejectReason: Sendable, Hashable, CustomStringConvertible {
    /// No usable permanent identity after the AKA-Identity rounds RFC 4187 allows.
    case noUsableIdentity(String)
    /// The peer answered with EAP-Nak: it does not do EAP-AKA/AKA'.
    case methodRefused(desired: [UInt8])
    /// The HSS does not know the subscriber.
    case userUnknown
    /// The HSS could not be asked or did not answer.
    case hssUnavailable(String)
    /// The HSS refused with a Result-Code.
    case hssRejected(resultCode: UInt32)
    /// The HSS vector is unusable (sizes, key kind).
    case invalidVector(String)
    /// EAP-AKA' needs the AMF separation bit (TS 33.402 6.1); the HSS vector lacks it.
    case amfSeparationBitMissing
    /// RES differs from XRES.
    case resMismatch
    /// The peer's AT_CHECKCODE does not cover the AKA-Identity exchange we saw.
    case checkcodeMismatch
    /// The peer asked for a key derivation function other than 1 (the only one defined).
    case unsupportedKDF([UInt16])
    /// A second Synchronization-Failure in one conversation.
    case repeatedSynchronizationFailure
    /// The peer sent AKA-Authentication-Reject (AUTN did not verify: wrong K or a false network).
    case peerRejectedAuthentication
    /// The peer sent AKA-Client-Error.
    case clientError(code: UInt16)
    /// A message that the protocol does not allow at this point.
    case protocolViolation(String)
    /// The conversation was not finished in time.
    case timeout
    /// The conversation table is full.
    case overloaded
    /// The RADIUS State names no live conversation (expired or never issued).
    case unknownConversation
    /// A message could not be built or keys not derived (a bug or an impossible input).
    case internalError(String)
    /// The SWx registration (SAA) says Non-3GPP-IP-Access NON_3GPP_SUBSCRIPTION_BARRED.
    case non3GPPAccessBarred
    /// The HSS refused the SWx registration (SAA Result-Code / Experimental-Result-Code).
    case registrationRefused(resultCode: UInt32)
    /// The SAR got no usable answer (timeout, no peer, undecodable SAA); the detail is for logs.
    case registrationUnavailable(String)
    /// The OCS refused the subscriber at CCR-I (4010, 4012, 5030...), or granted no quota.
    case chargingRefused(resultCode: UInt32, reason: String)
    /// Neither charging-agent nor the OCS answered, and the failure handling is to terminate.
    case chargingUnavailable(String)

    public var text: String {
        switch self {
        case .noUsableIdentity(let why): return "no usable identity: \(why)"
        case .methodRefused(let types):
            return "peer refused EAP-AKA/AKA' (Nak, desired types \(types.map(String.init).joined(separator: ",")))"
        case .userUnknown: return "user unknown"
        case .hssUnavailable(let why): return "HSS unavailable: \(why)"
        case .hssRejected(let code): return "HSS rejected the request (result code \(code))"
        case .invalidVector(let why): return "invalid authentication vector: \(why)"
        case .amfSeparationBitMissing:
            return "AMF separation bit not set in AUTN: the subscriber's AMF cannot be used for EAP-AKA' (TS 33.402 6.1)"
        case .resMismatch: return "RES verification failed"
        case .checkcodeMismatch: return "AT_CHECKCODE mismatch"
        case .unsupportedKDF(let kdfs):
            return "peer requested unsupported KDF \(kdfs.map(String.init).joined(separator: ","))"
        case .repeatedSynchronizationFailure: return "repeated synchronization failure"
        case .peerRejectedAuthentication: return "peer rejected the network authentication (AUTN)"
        case .clientError(let code): return "peer client error \(code)"
        case .protocolViolation(let why): return "protocol violation: \(why)"
        case .timeout: return "conversation timed out"
        case .overloaded: return "overloaded"
        case .unknownConversation: return "unknown or expired conversation"
        case .internalError(let why): return "internal error: \(why)"
        case .non3GPPAccessBarred: return "non-3GPP access barred"
        case .registrationRefused(let code): return "HSS refused the SWx registration (result code \(code))"
        case .registrationUnavailable: return "HSS unavailable for registration"
        case .chargingRefused(let code, let reason):
            return code == 0 ? "charging refused: \(reason)" : "charging refused: \(reason) (result code \(code))"
        case .chargingUnavailable: return "charging unavailable"
        }
    }

    /// Every `metricLabel`: the counters exist at zero from start, so a dashboard's reject panel has a
    /// series for each reason before the first reject (a test checks the list against the cases).
    public static let metricLabels = [
        "no_usable_identity", "method_refused", "user_unknown", "hss_unavailable", "hss_rejected", "invalid_vector",
        "amf_separation_bit_missing", "res_mismatch", "checkcode_mismatch", "unsupported_kdf", "repeated_sync_failure",
        "peer_authentication_reject", "client_error", "protocol_violation", "timeout", "overloaded",
        "unknown_conversation", "internal_error", "non3gpp_access_barred", "registration_refused",
        "registration_unavailable", "charging_refused", "charging_unavailable",
    ]

    public var metricLabel: String {
        switch self {
        case .noUsableIdentity: return "no_usable_identity"
        case .methodRefused: return "method_refused"
        case .userUnknown: return "user_unknown"
        case .hssUnavailable: return "hss_unavailable"
        case .hssRejected: return "hss_rejected"
        case .invalidVector: return "invalid_vector"
        case .amfSeparationBitMissing: return "amf_separation_bit_missing"
        case .resMismatch: return "res_mismatch"
        case .checkcodeMismatch: return "checkcode_mismatch"
        case .unsupportedKDF: return "unsupported_kdf"
        case .repeatedSynchronizationFailure: return "repeated_sync_failure"
        case .peerRejectedAuthentication: return "peer_authentication_reject"
        case .clientError: return "client_error"
        case .protocolViolation: return "protocol_violation"
        case .timeout: return "timeout"
        case .overloaded: return "overloaded"
        case .unknownConversation: return "unknown_conversation"
        case .internalError: return "internal_error"
        case .non3GPPAccessBarred: return "non3gpp_access_barred"
        case .registrationRefused: return "registration_refused"
        case .registrationUnavailable: return "registration_unavailable"
        case .chargingRefused: return "charging_refused"
        case .chargingUnavailable: return "charging_unavailable"
        }
    }

    public var description: String { text }
}
