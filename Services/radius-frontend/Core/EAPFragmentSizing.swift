import RADIUS

/// How large each EAP-Message attribute of a reply may be, given the AP's Framed-MTU.
public enum EAPFragmentSizing {
    /// Framed-MTU (RFC 3580 3.17) is the MTU of the AP's link to the station, where the AP
    /// sends the EAP packet inside an EAPOL-Packet frame. Overhead we keep free below it:
    ///   - 4 octets of EAPOL header (protocol version, packet type, body length; 802.1X-2010 11.3),
    ///   - 2 octets of the RADIUS attribute header (type, length), so that an AP relaying
    ///     attribute-sized pieces (some controllers do) with their TLV header still fits.
    /// Total 6 octets. This bounds each piece; whole-packet sizing is the EAP method's business
    /// (EAP-AKA messages are a few hundred octets).
    public static let overhead = 6

    /// Framed-MTU values below the smallest IPv4 MTU (RFC 791: 68) are bogus; they are ignored
    /// rather than allowed to split a reply into hundreds of attributes.
    public static let smallestCredibleMTU: UInt32 = 68

    /// min(253, Framed-MTU - overhead); 253 when Framed-MTU is absent or not credible.
    public static func maximumFragmentSize(framedMTU: UInt32?) -> Int {
        guard let framedMTU, framedMTU >= smallestCredibleMTU else { return EAPMessage.maximumFragmentSize }
        return min(EAPMessage.maximumFragmentSize, Int(framedMTU) - overhead)
    }
}
