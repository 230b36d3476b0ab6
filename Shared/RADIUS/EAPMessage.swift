/// EAP-Message (79) fragmentation (RFC 3579 3.1): an EAP packet longer than one attribute is
/// split over consecutive EAP-Message attributes, which the receiver concatenates in order.
public enum EAPMessage {
    /// Largest value of one attribute.
    public static let maximumFragmentSize = RADIUSPacket.maximumAttributeValueLength

    /// `eap` cut into pieces of at most `maxFragmentSize` octets (clamped to 1...253).
    /// An empty packet yields no fragments.
    public static func fragments(of eap: [UInt8], maxFragmentSize: Int = maximumFragmentSize) -> [[UInt8]] {
        let size = min(max(maxFragmentSize, 1), maximumFragmentSize)
        var out = [[UInt8]]()
        out.reserveCapacity((eap.count + size - 1) / size)
        var start = 0
        while start < eap.count {
            let end = min(start + size, eap.count)
            out.append(Array(eap[start..<end]))
            start = end
        }
        return out
    }

    /// EAP-Message attributes carrying `eap`.
    public static func attributes(for eap: [UInt8], maxFragmentSize: Int = maximumFragmentSize) -> [RADIUSAttribute] {
        fragments(of: eap, maxFragmentSize: maxFragmentSize).map { RADIUSAttribute(.eapMessage, value: $0) }
    }

    /// The concatenated EAP-Message values of `attributes`, in order; nil when there are none.
    public static func reassemble(_ attributes: some Sequence<RADIUSAttribute>) -> [UInt8]? {
        var out: [UInt8]?
        for attribute in attributes where attribute.type == RADIUSAttributeType.eapMessage.rawValue {
            if out == nil { out = [] }
            out?.append(contentsOf: attribute.octets)
        }
        return out
    }
}

extension RADIUSPacket {
    /// The EAP packet carried in EAP-Message attributes (reassembled in order). Setting it
    /// replaces them with fragments of at most 253 octets at the position of the first one;
    /// nil removes them.
    public var eapMessage: [UInt8]? {
        get { EAPMessage.reassemble(attributes) }
        set { setEAPMessage(newValue ?? [], maxFragmentSize: EAPMessage.maximumFragmentSize) }
    }

    /// Replaces the EAP-Message attributes with fragments of at most `maxFragmentSize` octets
    /// (e.g. derived from Framed-MTU so a frontend stays below the path MTU).
    public mutating func setEAPMessage(_ eap: [UInt8], maxFragmentSize: Int) {
        replace(.eapMessage, with: EAPMessage.attributes(for: eap, maxFragmentSize: maxFragmentSize))
    }
}
