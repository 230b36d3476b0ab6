/// Why one simulated authentication did not end in a verified Access-Accept. The raw values are
/// the labels of the load report ("failures by reason") and of `--json`.
public enum AuthenticationFailure: String, Sendable, Hashable, CaseIterable, Codable {
    /// No valid reply after every retransmission.
    case timeout
    /// Access-Reject (EAP-Failure) with nothing wrong on the phone's side.
    case reject
    /// The phone found the network not authentic: AUTN MAC-A or the Challenge's AT_MAC is wrong.
    case macFailure = "mac_failure"
    /// MS-MPPE-Recv/Send-Key of the Access-Accept differ from the MSK the phone derived.
    case mppeMismatch = "mppe_mismatch"
    /// Access-Accept without MS-MPPE keys (or keys that do not decrypt).
    case mppeMissing = "mppe_missing"
    /// The phone sent Synchronization-Failure more often than allowed in one authentication.
    case syncFailureLoop = "sync_failure_loop"
    /// AT_CHECKCODE did not match the AKA-Identity packets the phone saw.
    case checkcodeMismatch = "checkcode_mismatch"
    /// EAP-AKA Challenge with AT_BIDDING (D bit) to a phone that supports EAP-AKA' (RFC 5448 section 4).
    case biddingDown = "bidding_down"
    /// EAP-AKA' Challenge whose AUTN lacks the AMF separation bit (TS 33.402 clause 6.1).
    case amfSeparationBit = "amf_separation_bit"
    /// EAP-AKA' Challenge whose first AT_KDF is not 1, or without a usable AT_KDF_INPUT.
    case unsupportedKDF = "unsupported_kdf"
    /// The server asked for a method the phone does not implement (the phone sent a Nak).
    case methodRefused = "method_refused"
    /// Messages out of order, malformed EAP, too many rounds, or EAP-Success before the challenge.
    case protocolError = "protocol_error"
    /// The request could not be built or sent (socket closed, encoding failure).
    case transportError = "transport_error"
    /// `--abandon-at-challenge`: the phone walked away at the challenge, as asked.
    case abandonedAtChallenge = "abandoned_at_challenge"
}
