/// Why a key derivation input is unusable (inputs come from the HSS or the peer, so lengths are checked).
public enum AKAKeyError: Error, Sendable, Hashable {
    /// An input has the wrong length (`input` names it, e.g. "ik", "ck", "nonceS").
    case invalidLength(input: AKAKeyInput, length: Int)
    /// The network name does not fit its 2-octet length field.
    case networkNameTooLong(Int)
}

/// Names of key derivation inputs, for `AKAKeyError`.
public enum AKAKeyInput: String, Sendable, Hashable {
    case ik, ck, mk, nonceS, autn, ikPrime, ckPrime, kRe
}
