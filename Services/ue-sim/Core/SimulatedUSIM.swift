import Milenage

/// The phone's USIM: MILENAGE keyed by the subscriber's K/OPc plus the SQN record it keeps
/// between authentications (TS 33.102 Annex C), so a run behaves like a real handset over time.
public struct SimulatedUSIM: Sendable {
    /// f1..f5* of this card (K and OPc stay inside, redacted).
    let milenage: Milenage
    /// SQN_MS and the per-IND array; survives from one authentication to the next.
    public private(set) var sequenceState: USIMSequenceState
    /// Test fault: answer every challenge without checking AUTN (a rogue or broken handset), so a
    /// wrong K reaches the AAA server as a bad AT_MAC / RES instead of stopping at the phone.
    public var skipsNetworkAuthentication: Bool

    /// A card with `milenage` that has already accepted the SQNs recorded in `sequenceState`.
    public init(milenage: Milenage, sequenceState: USIMSequenceState, skipsNetworkAuthentication: Bool = false) {
        self.milenage = milenage
        self.sequenceState = sequenceState
        self.skipsNetworkAuthentication = skipsNetworkAuthentication
    }

    /// RUN GSM/UMTS ALGORITHM: checks MAC-A and SQN freshness and returns RES/CK/IK, or the typed
    /// reason to answer Authentication-Reject (`.macFailure`) or Synchronization-Failure (`.sequenceOutOfRange`).
    public mutating func authenticate(rand: [UInt8], autn: [UInt8]) throws(AUTNVerificationError)
        -> USIMAuthenticationResult
    {
        if skipsNetworkAuthentication {
            let outputs: MilenageOutputs
            do {
                outputs = try milenage.f2345(rand: rand)
            } catch {
                throw .malformed(error)
            }
            let amf = autn.count == 16 ? UInt16(autn[6]) << 8 | UInt16(autn[7]) : 0
            return USIMAuthenticationResult(
                res: outputs.res, ck: outputs.ck, ik: outputs.ik, sqn: sequenceState.highestAccepted, amf: amf)
        }
        return try milenage.verifyAUTN(rand: rand, autn: autn, state: &sequenceState)
    }
}

extension SimulatedUSIM: CustomStringConvertible {
    /// SQN_MS only; keys never appear.
    public var description: String { "SimulatedUSIM(sqnMS: \(sequenceState.highestAccepted))" }
}
