import EAP
import WireFormat

/// An EAP-AKA or EAP-AKA' message: EAP header, Subtype and the attributes in wire order.
public struct AKAMessage: Sendable, Hashable {
    /// Octets before the first attribute: EAP header (4), Type (1), Subtype (1), Reserved (2).
    public static let attributesOffset = 8

    /// EAP-AKA (Type 23) or EAP-AKA' (Type 50).
    public var method: AKAMethod
    /// `.request` or `.response`.
    public var code: EAPCode
    /// EAP Identifier.
    public var identifier: UInt8
    /// AKA Subtype (Challenge, Identity, ...).
    public var subtype: AKASubtype
    /// Attributes in wire order.
    public var attributes: [AKAAttribute]

    /// Builds a message to encode.
    public init(
        method: AKAMethod, code: EAPCode, identifier: UInt8, subtype: AKASubtype, attributes: [AKAAttribute] = []
    ) {
        self.method = method
        self.code = code
        self.identifier = identifier
        self.subtype = subtype
        self.attributes = attributes
    }

    // MARK: Decoding

    /// Decodes the Type-Data of an EAP Request/Response of Type 23 or 50.
    public init(packet: EAPPacket) throws(AKADecodingError) {
        guard let type = packet.type, let method = AKAMethod(eapType: type) else { throw .notAKA(packet.type) }
        try self.init(method: method, code: packet.code, identifier: packet.identifier, typeData: packet.typeData[...])
    }

    /// Decodes a complete EAP packet (strict EAP framing, see `EAPPacket.init(decoding:)`).
    public init(decoding bytes: ArraySlice<UInt8>) throws(AKADecodingError) {
        let packet: EAPPacket
        do {
            packet = try EAPPacket(decoding: bytes)
        } catch {
            throw .eap(error)
        }
        try self.init(packet: packet)
    }

    /// Array convenience for `init(decoding:)`.
    public init(decoding bytes: [UInt8]) throws(AKADecodingError) {
        try self.init(decoding: bytes[...])
    }

    private init(method: AKAMethod, code: EAPCode, identifier: UInt8, typeData: ArraySlice<UInt8>)
        throws(AKADecodingError)
    {
        var reader = ByteReader(typeData)
        guard let subtypeByte = reader.readUInt8(), reader.skip(2) else { throw .truncatedHeader }
        guard let subtype = AKASubtype(rawValue: subtypeByte) else { throw .unknownSubtype(subtypeByte) }
        let attributes = try AKAAttributeCodec.decode(reader.readRemaining(), baseOffset: Self.attributesOffset)
        for case .checkcode(let value) in attributes where !value.isEmpty && value.count != method.checkcodeLength {
            throw .invalidCheckcodeLength(value.count)
        }
        self.init(method: method, code: code, identifier: identifier, subtype: subtype, attributes: attributes)
    }

    // MARK: Encoding

    /// The complete EAP packet. Any AT_MAC value is written as given.
    public func encode() throws(AKAEncodingError) -> [UInt8] {
        var out = [UInt8]()
        _ = try encode(into: &out)
        return out
    }

    /// The complete EAP packet with AT_MAC computed in place: the message must contain an AT_MAC
    /// (its value is ignored); the packet is encoded with a zero MAC, the MAC over it and `extra`
    /// is computed with `kAut` and patched in. One pass, so a server builds a Challenge directly.
    public func encode(authenticatingWith kAut: [UInt8], extra: [UInt8] = []) throws(AKAEncodingError) -> [UInt8] {
        guard kAut.count == method.kAutLength else {
            throw .invalidKeyLength(expected: method.kAutLength, actual: kAut.count)
        }
        var out = [UInt8]()
        guard let offset = try encode(into: &out) else { throw .missingMAC }
        for i in offset..<offset + AKAMAC.length { out[i] = 0 }
        let mac = AKAMAC.hmac128(method: method, key: kAut, out[...], extra: extra[...])
        out.replaceSubrange(offset..<offset + AKAMAC.length, with: mac)
        return out
    }

    /// Encodes into `out` (which is replaced); returns the offset of the AT_MAC value, if present.
    private func encode(into out: inout [UInt8]) throws(AKAEncodingError) -> Int? {
        guard code == .request || code == .response else { throw .invalidCode(code) }
        for case .checkcode(let value) in attributes where !value.isEmpty && value.count != method.checkcodeLength {
            throw .invalidCheckcodeLength(value.count)
        }
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(Self.attributesOffset + attributes.count * 24)
        out.append(code.rawValue)
        out.append(identifier)
        out.appendUInt16(0)
        out.append(method.eapType.rawValue)
        out.append(subtype.rawValue)
        out.appendUInt16(0)
        let macOffset = try AKAAttributeCodec.encode(attributes, into: &out)
        guard out.count <= EAPPacket.maximumLength else { throw .packetTooLarge(length: out.count) }
        out.setUInt16(UInt16(truncatingIfNeeded: out.count), at: 2)
        return macOffset
    }

    /// The message as an `EAPPacket` (e.g. to hand to a RADIUS or Diameter encoder).
    public func packet() throws(AKAEncodingError) -> EAPPacket {
        let bytes = try encode()
        do {
            return try EAPPacket(decoding: bytes)
        } catch {
            // Unreachable: encode() always yields valid framing. Report it rather than trap.
            throw .packetTooLarge(length: bytes.count)
        }
    }

    // MARK: Attribute access

    /// The first attribute with the given Type octet.
    public func attribute(_ typeCode: UInt8) -> AKAAttribute? {
        attributes.first { $0.typeCode == typeCode }
    }

    /// AT_RAND value.
    public var rand: [UInt8]? {
        for case .rand(let v) in attributes { return v }
        return nil
    }

    /// AT_AUTN value.
    public var autn: [UInt8]? {
        for case .autn(let v) in attributes { return v }
        return nil
    }

    /// AT_RES value octets and bit length.
    public var res: (bitLength: Int, value: [UInt8])? {
        for case .res(let bits, let v) in attributes { return (bits, v) }
        return nil
    }

    /// AT_AUTS value.
    public var auts: [UInt8]? {
        for case .auts(let v) in attributes { return v }
        return nil
    }

    /// AT_MAC value as received (verify with `AKAMAC.verify` on the raw bytes).
    public var mac: [UInt8]? {
        for case .mac(let v) in attributes { return v }
        return nil
    }

    /// AT_IDENTITY octets.
    public var identity: [UInt8]? {
        for case .identity(let v) in attributes { return v }
        return nil
    }

    /// AT_NOTIFICATION code.
    public var notification: AKANotificationCode? {
        for case .notification(let v) in attributes { return v }
        return nil
    }

    /// AT_CLIENT_ERROR_CODE value.
    public var clientErrorCode: UInt16? {
        for case .clientErrorCode(let v) in attributes { return v }
        return nil
    }

    /// Every AT_KDF value in order (the server's preference list).
    public var kdfs: [UInt16] {
        var out = [UInt16]()
        for case .kdf(let v) in attributes { out.append(v) }
        return out
    }

    /// AT_KDF_INPUT network name octets.
    public var kdfInput: [UInt8]? {
        for case .kdfInput(let v) in attributes { return v }
        return nil
    }

    /// AT_IV value.
    public var iv: [UInt8]? {
        for case .iv(let v) in attributes { return v }
        return nil
    }

    /// AT_ENCR_DATA ciphertext.
    public var encrData: [UInt8]? {
        for case .encrData(let v) in attributes { return v }
        return nil
    }

    /// AT_CHECKCODE value (empty when sent without one).
    public var checkcode: [UInt8]? {
        for case .checkcode(let v) in attributes { return v }
        return nil
    }

    /// True when AT_BIDDING is present with the D bit (server supports EAP-AKA'): an EAP-AKA'
    /// capable peer must then refuse this EAP-AKA challenge (bidding-down protection).
    public var biddingIndicatesAKAPrime: Bool {
        for case .bidding(let d) in attributes { return d }
        return false
    }

    /// True when AT_RESULT_IND is present.
    public var hasResultIndication: Bool {
        attributes.contains(.resultInd)
    }
}
