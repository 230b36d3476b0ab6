import Crypto
import HashPrimitives
import WireFormat

/// AT_CHECKCODE (RFC 4187 section 10.13, RFC 5448 section 3.2): a digest over every
/// EAP-Request/AKA-Identity and EAP-Response/AKA-Identity packet of the exchange, in order,
/// which protects the identity negotiation. SHA-1 for EAP-AKA, SHA-256 for EAP-AKA'.
public enum AKACheckcode {
    /// The checkcode value; empty when no AKA-Identity packets were exchanged (AT_CHECKCODE is
    /// then sent without a value).
    public static func compute(method: AKAMethod, identityPackets: [[UInt8]]) -> [UInt8] {
        guard !identityPackets.isEmpty else { return [] }
        switch method {
        case .aka:
            var sha = Insecure.SHA1()
            for p in identityPackets { sha.update(bytes: p) }
            return sha.finalizeBytes()
        case .akaPrime:
            var sha = SHA256()
            for p in identityPackets { sha.update(bytes: p) }
            return sha.finalizeBytes()
        }
    }

    /// Constant-time comparison of a received checkcode with the locally computed one.
    public static func verify(_ received: [UInt8], method: AKAMethod, identityPackets: [[UInt8]]) -> Bool {
        constantTimeEquals(received, compute(method: method, identityPackets: identityPackets))
    }
}
