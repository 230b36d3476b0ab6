/// Which MILENAGE input had the wrong size.
public enum MilenageField: String, Sendable, Hashable {
    case k = "K"
    case op = "OP"
    case opc = "OPc"
    case rand = "RAND"
    case autn = "AUTN"
    case auts = "AUTS"
    case resynchronisationInfo = "RAND||AUTS"
}

/// Faults in MILENAGE inputs (sizes are fixed by TS 35.206; anything else is refused).
public enum MilenageError: Error, Sendable, Hashable {
    /// `field` must be `expected` bytes long but was `actual`.
    case invalidLength(field: MilenageField, expected: Int, actual: Int)
    /// The AES block function refused its input. Not reachable with validated sizes;
    /// surfaced as an error rather than a trap.
    case cipherFailure
}

/// Outcomes of the USIM-side AUTN check (TS 33.102 clause 6.3.3) other than success.
public enum AUTNVerificationError: Error, Sendable, Hashable {
    /// RAND or AUTN had the wrong size, or the cipher failed.
    case malformed(MilenageError)
    /// XMAC != MAC-A: the network is not authentic (the UE answers Authentication-Reject).
    case macFailure
    /// MAC-A verified but SQN is not fresh; the UE sends this 14-byte AUTS
    /// (synchronisation failure) so the HSS can re-synchronise.
    case sequenceOutOfRange(auts: [UInt8])
}

/// Outcomes of the HSS-side AUTS check (TS 33.102 clause 6.3.5) other than success.
public enum AUTSVerificationError: Error, Sendable, Hashable {
    /// RAND or AUTS had the wrong size, or the cipher failed.
    case malformed(MilenageError)
    /// XMAC-S != MAC-S: the re-synchronisation request is not authentic and SQN_HE must not change.
    case macFailure
}
