/// What the phone does with one EAP packet from the authenticator.
public enum UEPeerOutput: Sendable, Equatable {
    /// Send this EAP-Response; `summary` names it for traces ("AKA-Challenge response").
    case respond(eap: [UInt8], summary: String)
    /// EAP-Success after a verified challenge: the MSK (64 octets) the phone derived, which the
    /// authenticator must have received as MS-MPPE keys.
    case succeeded(msk: [UInt8])
    /// EAP-Failure, or an EAP-Success the phone cannot accept. `reason` is the phone's own verdict
    /// when it rejected the network earlier (e.g. `.macFailure`), else `.reject`.
    case failed(AuthenticationFailure)
    /// The phone gives up without answering (e.g. endless resynchronisation).
    case abandoned(AuthenticationFailure)
    /// Ignored: not addressed to this phone's conversation or malformed (RFC 3748 silent discard).
    case discarded(String)
}
