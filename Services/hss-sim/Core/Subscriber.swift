import Milenage
import WireFormat

/// One provisioned lab subscriber: the AuC data of a USIM plus the non-3GPP profile.
///
/// K and OPc live only inside `milenage` (which redacts them); nothing here prints key material.
public struct Subscriber: Sendable {
    /// IMSI digits, the SWx User-Name.
    public let imsi: String
    /// f1..f5* keyed by K and OPc (derived from OP at load time when the file gives OP).
    public let milenage: Milenage
    /// AMF put into every AUTN. Bit 0 (0x8000) is the separation bit EAP-AKA' peers require.
    public let amf: UInt16
    /// SQN_HE to start from when the state file has no (or an older) value for this IMSI.
    public let initialSQN: SequenceNumber
    /// SEQ/IND split (TS 33.102 Annex C) used to allocate SQNs for this subscriber.
    public let scheme: SequenceNumberScheme
    /// SAA profile: Non-3GPP-IP-Access = NON_3GPP_SUBSCRIPTION_BARRED (1) when true.
    public let non3GPPBarred: Bool

    public init(imsi: String, milenage: Milenage, amf: UInt16, initialSQN: SequenceNumber,
                scheme: SequenceNumberScheme = .standard, non3GPPBarred: Bool = false) {
        self.imsi = imsi
        self.milenage = milenage
        self.amf = amf
        self.initialSQN = initialSQN
        self.scheme = scheme
        self.non3GPPBarred = non3GPPBarred
    }
}

extension Subscriber: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// IMSI, AMF, SQN and options only; K and OPc never appear.
    public var description: String {
        "Subscriber(imsi: \(imsi), amf: \([UInt8(amf >> 8), UInt8(amf & 0xff)].hexString), sqn: \(initialSQN), "
            + "ind_length: \(scheme.indLength), non3gpp_barred: \(non3GPPBarred), k: <redacted>, opc: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["imsi": imsi, "amf": amf, "sqn": initialSQN, "non3GPPBarred": non3GPPBarred],
               displayStyle: .struct)
    }
}
