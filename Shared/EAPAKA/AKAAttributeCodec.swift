import WireFormat

/// Wire format of the attribute list shared by EAP-AKA, EAP-AKA' and the plaintext of AT_ENCR_DATA:
/// Type (1), Length (1, in 4-octet units, including Type and Length), Value.
enum AKAAttributeCodec {
    /// Largest attribute: Length is one octet counting 4-octet units.
    static let maximumAttributeLength = 255 * 4
    /// Largest payload of an attribute with a 2-octet actual-length (or reserved) field.
    static let maximumVariableValueLength = maximumAttributeLength - 4

    // MARK: Decoding

    /// Parses a complete attribute list. `baseOffset` only makes error offsets meaningful to the caller.
    static func decode(_ bytes: ArraySlice<UInt8>, baseOffset: Int = 0) throws(AKADecodingError) -> [AKAAttribute] {
        var attributes = [AKAAttribute]()
        attributes.reserveCapacity(8)
        var seen = AttributeTypeSet()
        var reader = ByteReader(bytes)
        while !reader.isAtEnd {
            let offset = baseOffset + bytes.count - reader.remaining
            guard reader.remaining >= 2, let type = reader.readUInt8(), let units = reader.readUInt8() else {
                throw .truncatedAttribute(offset: offset)
            }
            guard units != 0 else { throw .zeroLengthAttribute(type: type) }
            let length = Int(units) * 4
            guard let body = reader.readBytes(length - 2) else {
                throw .attributeOverrun(type: type, length: length, available: reader.remaining + 2)
            }
            let attribute = try decodeValue(type: type, length: length, body: body)
            if Self.isSingleton(attribute), !seen.insert(type) {
                throw .duplicateAttribute(type)
            }
            attributes.append(attribute)
        }
        return attributes
    }

    /// AT_KDF forms a preference list; unknown skippable attributes are opaque and may repeat.
    static func isSingleton(_ attribute: AKAAttribute) -> Bool {
        switch attribute {
        case .kdf, .skippable: return false
        default: return true
        }
    }

    /// `body` is every octet after Type and Length; `length` is the whole attribute in octets.
    private static func decodeValue(type: UInt8, length: Int, body: ArraySlice<UInt8>) throws(AKADecodingError)
        -> AKAAttribute
    {
        var reader = ByteReader(body)
        func expect(_ expected: Int) throws(AKADecodingError) {
            guard length == expected else { throw .invalidAttributeLength(type: type, length: length) }
        }
        /// Reserved (2) + 16 octets: AT_RAND, AT_AUTN, AT_MAC, AT_NONCE_S, AT_IV.
        func reserved16() throws(AKADecodingError) -> [UInt8] {
            try expect(20)
            return Array(body.dropFirst(2))
        }
        func uint16() throws(AKADecodingError) -> UInt16 {
            try expect(4)
            return reader.readUInt16() ?? 0
        }
        /// Actual length (2) + octets padded to a 4-octet boundary with the minimum padding.
        func variable() throws(AKADecodingError) -> [UInt8] {
            let actual = Int(reader.readUInt16() ?? 0)
            guard roundUp4(actual) == length - 4, let value = reader.readBytes(actual) else {
                throw .invalidActualLength(type: type, actualLength: actual)
            }
            return Array(value)
        }

        switch type {
        case AKAAttributeType.rand: return .rand(try reserved16())
        case AKAAttributeType.autn: return .autn(try reserved16())
        case AKAAttributeType.mac: return .mac(try reserved16())
        case AKAAttributeType.nonceS: return .nonceS(try reserved16())
        case AKAAttributeType.iv: return .iv(try reserved16())
        case AKAAttributeType.res:
            let bits = Int(reader.readUInt16() ?? 0)
            guard (32...128).contains(bits) else { throw .invalidRESLength(bits: bits) }
            let count = (bits + 7) / 8
            try expect(4 + roundUp4(count))
            return .res(bitLength: bits, value: Array(reader.readBytes(count) ?? []))
        case AKAAttributeType.auts:
            try expect(16)
            return .auts(Array(body))
        case AKAAttributeType.padding:
            guard length <= 12 else { throw .invalidAttributeLength(type: type, length: length) }
            guard body.allSatisfy({ $0 == 0 }) else { throw .nonZeroPadding }
            return .padding(length: length)
        case AKAAttributeType.permanentIDReq:
            try expect(4)
            return .permanentIDReq
        case AKAAttributeType.anyIDReq:
            try expect(4)
            return .anyIDReq
        case AKAAttributeType.fullAuthIDReq:
            try expect(4)
            return .fullAuthIDReq
        case AKAAttributeType.counterTooSmall:
            try expect(4)
            return .counterTooSmall
        case AKAAttributeType.resultInd:
            try expect(4)
            return .resultInd
        case AKAAttributeType.notification: return .notification(AKANotificationCode(rawValue: try uint16()))
        case AKAAttributeType.counter: return .counter(try uint16())
        case AKAAttributeType.clientErrorCode: return .clientErrorCode(try uint16())
        case AKAAttributeType.kdf: return .kdf(try uint16())
        case AKAAttributeType.bidding: return .bidding(supportsAKAPrime: try uint16() & 0x8000 != 0)
        case AKAAttributeType.identity: return .identity(try variable())
        case AKAAttributeType.kdfInput: return .kdfInput(try variable())
        case AKAAttributeType.nextPseudonym: return .nextPseudonym(try variable())
        case AKAAttributeType.nextReauthID: return .nextReauthID(try variable())
        case AKAAttributeType.encrData:
            guard length >= 20, (length - 4) % 16 == 0 else { throw .invalidAttributeLength(type: type, length: length) }
            return .encrData(Array(body.dropFirst(2)))
        case AKAAttributeType.checkcode:
            guard length == 4 || length == 24 || length == 36 else {
                throw .invalidAttributeLength(type: type, length: length)
            }
            return .checkcode(Array(body.dropFirst(2)))
        default:
            guard AKAAttributeType.isSkippable(type) else { throw .unknownNonSkippableAttribute(type) }
            return .skippable(type: type, value: Array(body))
        }
    }

    // MARK: Encoding

    /// Appends the attributes; returns the buffer offset of the first AT_MAC value, if any.
    @discardableResult
    static func encode(_ attributes: [AKAAttribute], into out: inout [UInt8]) throws(AKAEncodingError) -> Int? {
        var macValueOffset: Int?
        var seen = AttributeTypeSet()
        for attribute in attributes {
            if isSingleton(attribute), !seen.insert(attribute.typeCode) {
                throw .duplicateAttribute(attribute.typeCode)
            }
            if case .mac = attribute, macValueOffset == nil {
                macValueOffset = out.count + 4
            }
            try encode(attribute, into: &out)
        }
        return macValueOffset
    }

    static func encode(_ attribute: AKAAttribute, into out: inout [UInt8]) throws(AKAEncodingError) {
        let type = attribute.typeCode
        func reserved16(_ value: [UInt8]) throws(AKAEncodingError) {
            guard value.count == 16 else { throw .invalidValueLength(type: type, length: value.count) }
            out.append(contentsOf: [type, 5, 0, 0])
            out.append(contentsOf: value)
        }
        func uint16(_ value: UInt16) {
            out.append(type)
            out.append(1)
            out.appendUInt16(value)
        }
        func variable(_ value: [UInt8]) throws(AKAEncodingError) {
            guard value.count <= maximumVariableValueLength else {
                throw .valueTooLong(type: type, length: value.count)
            }
            let padded = roundUp4(value.count)
            out.append(type)
            out.append(UInt8(truncatingIfNeeded: (4 + padded) / 4))
            out.appendUInt16(UInt16(truncatingIfNeeded: value.count))
            out.append(contentsOf: value)
            out.appendZeros(padded - value.count)
        }

        switch attribute {
        case .rand(let v), .autn(let v), .mac(let v), .nonceS(let v), .iv(let v):
            try reserved16(v)
        case .res(let bits, let value):
            guard (32...128).contains(bits), value.count == (bits + 7) / 8 else {
                throw .invalidRES(bitLength: bits, valueLength: value.count)
            }
            let padded = roundUp4(value.count)
            out.append(type)
            out.append(UInt8(truncatingIfNeeded: (4 + padded) / 4))
            out.appendUInt16(UInt16(truncatingIfNeeded: bits))
            out.append(contentsOf: value)
            out.appendZeros(padded - value.count)
        case .auts(let v):
            guard v.count == 14 else { throw .invalidValueLength(type: type, length: v.count) }
            out.append(type)
            out.append(4)
            out.append(contentsOf: v)
        case .padding(let length):
            guard length == 4 || length == 8 || length == 12 else { throw .invalidPaddingLength(length) }
            out.append(type)
            out.append(UInt8(truncatingIfNeeded: length / 4))
            out.appendZeros(length - 2)
        case .permanentIDReq, .anyIDReq, .fullAuthIDReq, .counterTooSmall, .resultInd:
            uint16(0)
        case .notification(let code): uint16(code.rawValue)
        case .counter(let v), .clientErrorCode(let v), .kdf(let v): uint16(v)
        case .bidding(let d): uint16(d ? 0x8000 : 0)
        case .identity(let v), .kdfInput(let v), .nextPseudonym(let v), .nextReauthID(let v):
            try variable(v)
        case .encrData(let v):
            guard !v.isEmpty, v.count % 16 == 0, v.count <= maximumVariableValueLength else {
                throw .invalidValueLength(type: type, length: v.count)
            }
            out.append(type)
            out.append(UInt8(truncatingIfNeeded: (4 + v.count) / 4))
            out.appendZeros(2)
            out.append(contentsOf: v)
        case .checkcode(let v):
            guard v.isEmpty || v.count == 20 || v.count == 32 else { throw .invalidCheckcodeLength(v.count) }
            out.append(type)
            out.append(UInt8(truncatingIfNeeded: (4 + v.count) / 4))
            out.appendZeros(2)
            out.append(contentsOf: v)
        case .skippable(let t, let v):
            let total = v.count + 2
            guard AKAAttributeType.isSkippable(t), total % 4 == 0, total <= maximumAttributeLength else {
                throw .invalidSkippableAttribute(type: t, length: v.count)
            }
            out.append(t)
            out.append(UInt8(truncatingIfNeeded: total / 4))
            out.append(contentsOf: v)
        }
    }
}

@inline(__always)
func roundUp4(_ n: Int) -> Int {
    (n + 3) & ~3
}

/// A 256-bit set of attribute types seen so far (duplicate detection without allocating).
struct AttributeTypeSet {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Inserts `type`; false if it was already present.
    mutating func insert(_ type: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(type & 63)
        let old: UInt64
        switch type >> 6 {
        case 0: old = words.0; words.0 |= bit
        case 1: old = words.1; words.1 |= bit
        case 2: old = words.2; words.2 |= bit
        default: old = words.3; words.3 |= bit
        }
        return old & bit == 0
    }
}
