import EAPAKA
import Milenage
import NAI

/// Why the HSS gave no usable vector.
public enum VectorFetchError: Error, Sendable, Hashable {
    /// The HSS does not know the subscriber (SWx Experimental-Result 5001).
    case userUnknown
    /// No answer in time.
    case timeout
    /// No HSS reachable or the request could not be delivered (the reason is for logs).
    case unavailable(String)
    /// The HSS answered with another failure Result-Code / Experimental-Result-Code.
    case rejected(resultCode: UInt32)
    /// The answer could not be understood (the reason is for logs).
    case invalidAnswer(String)
}

/// Where authentication vectors come from: the HSS over SWx in production, Milenage in tests.
public protocol VectorSource: Sendable {
    /// One or more vectors for `imsi`. `scheme` is the EAP method the vectors are for; after a
    /// synchronisation failure `resync` carries RAND || AUTS so the HSS can move SQN_HE.
    func fetch(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?) async throws(VectorFetchError)
        -> [AuthVector]

    /// The same with the whole request (the NAI's realm too); by default the call above.
    func fetch(_ request: VectorRequest) async throws(VectorFetchError) -> [AuthVector]
}

extension VectorSource {
    public func fetch(_ request: VectorRequest) async throws(VectorFetchError) -> [AuthVector] {
        try await fetch(imsi: request.imsi, scheme: request.scheme, resync: request.resync)
    }
}

extension AKAMethod {
    /// SIP-Authentication-Scheme of SWx (TS 29.273 clause 8.2.3.x): "EAP-AKA" or "EAP-AKA'".
    public var swxSchemeName: String {
        self == .aka ? "EAP-AKA" : "EAP-AKA'"
    }

    /// Name used in logs and the accept record.
    public var displayName: String { swxSchemeName }
}
