import Crypto
import HashPrimitives
import WireFormat

/// AT_MAC (RFC 4187 section 10.15, RFC 5448 section 3.4): the first 16 octets of
/// HMAC-SHA1 (EAP-AKA) or HMAC-SHA-256 (EAP-AKA') keyed with K_aut over the whole EAP packet
/// with the MAC value zeroed, followed by method-specific extra data (NONCE_S for the peer's
/// Re-authentication response; EAP-SIM appends NONCE_MT or SRES values).
///
/// Works on received bytes rather than decoded values: reserved fields and padding are part of
/// the MAC input, so re-encoding could change what was authenticated.
public enum AKAMAC {
    public static let length = 16

    /// Location of the first AT_MAC value in an encoded packet (indices of `packet`), or nil if the
    /// attribute walk finds none or the packet is malformed. The layout of the header
    /// (EAP header, Type, Subtype, Reserved) is shared with EAP-SIM.
    public static func macValueRange(in packet: ArraySlice<UInt8>) -> Range<Int>? {
        var index = packet.startIndex + AKAMessage.attributesOffset
        let end = packet.endIndex
        guard packet.count >= AKAMessage.attributesOffset else { return nil }
        while index < end {
            guard end - index >= 2 else { return nil }
            let type = packet[index]
            let length = Int(packet[index + 1]) * 4
            guard length != 0, length <= end - index else { return nil }
            if type == AKAAttributeType.mac {
                guard length == 20 else { return nil }
                return (index + 4)..<(index + 20)
            }
            index += length
        }
        return nil
    }

    /// Computes the MAC of `packet` (whatever its AT_MAC currently holds is treated as zero).
    /// Nil if the packet has no well-formed AT_MAC or `kAut` has the wrong length for `method`.
    public static func compute(
        method: AKAMethod, kAut: [UInt8], packet: ArraySlice<UInt8>, extra: ArraySlice<UInt8> = []
    ) -> [UInt8]? {
        guard kAut.count == method.kAutLength, let range = macValueRange(in: packet) else { return nil }
        return hmac128(method: method, key: kAut, packet, zeroing: range, extra: extra)
    }

    /// Array convenience for `compute(method:kAut:packet:extra:)`.
    public static func compute(method: AKAMethod, kAut: [UInt8], packet: [UInt8], extra: [UInt8] = []) -> [UInt8]? {
        compute(method: method, kAut: kAut, packet: packet[...], extra: extra[...])
    }

    /// Verifies the AT_MAC of a received packet in constant time. False when the MAC is absent,
    /// malformed or wrong, or `kAut` has the wrong length.
    public static func verify(
        method: AKAMethod, kAut: [UInt8], packet: ArraySlice<UInt8>, extra: ArraySlice<UInt8> = []
    ) -> Bool {
        guard kAut.count == method.kAutLength, let range = macValueRange(in: packet) else { return false }
        let expected = hmac128(method: method, key: kAut, packet, zeroing: range, extra: extra)
        return constantTimeEquals(expected, packet[range])
    }

    /// Array convenience for `verify(method:kAut:packet:extra:)`.
    public static func verify(method: AKAMethod, kAut: [UInt8], packet: [UInt8], extra: [UInt8] = []) -> Bool {
        verify(method: method, kAut: kAut, packet: packet[...], extra: extra[...])
    }

    // MARK: HMAC

    /// HMAC-128 over `data` (MAC field already zero) and `extra`.
    static func hmac128(method: AKAMethod, key: [UInt8], _ data: ArraySlice<UInt8>, extra: ArraySlice<UInt8>)
        -> [UInt8]
    {
        let range = data.endIndex..<data.endIndex
        return hmac128(method: method, key: key, data, zeroing: range, extra: extra)
    }

    /// HMAC-128 over `data` with `zeroing` replaced by zeros, then `extra`; avoids copying the packet.
    static func hmac128(
        method: AKAMethod, key: [UInt8], _ data: ArraySlice<UInt8>, zeroing: Range<Int>, extra: ArraySlice<UInt8>
    ) -> [UInt8] {
        switch method {
        case .aka: return hmac128(Insecure.SHA1.self, key: key, data, zeroing: zeroing, extra: extra)
        case .akaPrime: return hmac128(SHA256.self, key: key, data, zeroing: zeroing, extra: extra)
        }
    }

    private static func hmac128<H: HashFunction>(
        _: H.Type, key: [UInt8], _ data: ArraySlice<UInt8>, zeroing: Range<Int>, extra: ArraySlice<UInt8>
    ) -> [UInt8] {
        var hmac = PrecomputedHMAC<H>(key: key).start()
        hmac.update(data[data.startIndex..<zeroing.lowerBound])
        if !zeroing.isEmpty {
            hmac.updateZeros(zeroing.count)
        }
        hmac.update(data[zeroing.upperBound..<data.endIndex])
        hmac.update(extra)
        return Array(hmac.finalize().prefix(length))
    }
}
