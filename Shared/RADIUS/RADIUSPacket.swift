import WireFormat

/// A RADIUS packet (RFC 2865 section 3): header plus attributes in wire order.
///
/// A plain value: decoding validates framing only; authentication with the shared secret is a
/// separate step (``verifyRequest(_:secret:requireMessageAuthenticator:)``,
/// ``verifyResponse(_:secret:requestAuthenticator:requireMessageAuthenticator:)``), because the
/// rule depends on the code and, for replies, on the request.
public struct RADIUSPacket: Sendable, Hashable {
    /// Code, Identifier, Length and Authenticator.
    public static let headerLength = 20
    /// RFC 2865 maximum packet size.
    public static let maximumLength = 4096
    /// Largest value one attribute can carry (Length is one octet and counts the 2 header octets).
    public static let maximumAttributeValueLength = 253

    public var code: RADIUSCode
    /// Matches a reply to its request; chosen by the client.
    public var identifier: UInt8
    /// 16 octets; its meaning depends on ``RADIUSCode/authenticatorKind``.
    public var authenticator: [UInt8]
    /// All attributes in wire order, including unknown and repeated ones.
    public var attributes: [RADIUSAttribute]

    public init(code: RADIUSCode, identifier: UInt8, authenticator: [UInt8] = [UInt8](repeating: 0, count: 16),
                attributes: [RADIUSAttribute] = []) {
        self.code = code
        self.identifier = identifier
        self.authenticator = authenticator
        self.attributes = attributes
    }

    /// Decodes a received datagram. Octets past the Length field are padding and ignored.
    public init(decoding bytes: [UInt8]) throws(RADIUSDecodingError) {
        try self.init(decoding: bytes[...])
    }

    /// Decodes a received datagram. Octets past the Length field are padding and ignored.
    public init(decoding bytes: ArraySlice<UInt8>) throws(RADIUSDecodingError) {
        var reader = ByteReader(bytes)
        guard bytes.count >= Self.headerLength,
              let rawCode = reader.readUInt8(), let identifier = reader.readUInt8(),
              let length = reader.readUInt16(), let authenticator = reader.readBytes(16)
        else { throw .packetTooShort(bytes.count) }
        let code = try RADIUSCode(validating: rawCode)
        guard (Self.headerLength...Self.maximumLength).contains(Int(length)) else {
            throw .lengthFieldInvalid(length)
        }
        guard Int(length) <= bytes.count,
              let body = reader.readBytes(Int(length) - Self.headerLength)
        else { throw .lengthFieldMismatch(declared: Int(length), actual: bytes.count) }

        var attributes = [RADIUSAttribute]()
        attributes.reserveCapacity(body.count / 6 + 1)
        var seenMessageAuthenticator = false
        var attributeReader = ByteReader(body)
        while let type = attributeReader.readUInt8() {
            let offset = Int(length) - attributeReader.remaining - 1
            guard let rawLength = attributeReader.readUInt8() else {
                throw .attributeHeaderTruncated(offset: offset)
            }
            let attributeLength = Int(rawLength)
            if type == RADIUSAttributeType.messageAuthenticator.rawValue {
                guard attributeLength == 18 else { throw .messageAuthenticatorWrongLength(attributeLength) }
                guard !seenMessageAuthenticator else { throw .duplicateMessageAuthenticator }
                seenMessageAuthenticator = true
            }
            guard attributeLength >= 3 else { throw .attributeLengthInvalid(type: type, length: attributeLength) }
            guard let value = attributeReader.readBytes(attributeLength - 2) else {
                throw .attributeOverflowsPacket(type: type, length: attributeLength,
                                                remaining: attributeReader.remaining + 2)
            }
            attributes.append(RADIUSAttribute(type: type, octets: value))
        }
        self.code = code
        self.identifier = identifier
        self.authenticator = Array(authenticator)
        self.attributes = attributes
    }

    /// Encodes the packet exactly as held: Authenticator and any Message-Authenticator value
    /// are written unchanged. Use ``encodeRequest(secret:messageAuthenticator:)`` or
    /// ``encodeResponse(secret:requestAuthenticator:messageAuthenticator:)`` to sign.
    public func encode() throws(RADIUSEncodingError) -> [UInt8] {
        try encode(authenticatorField: authenticator, messageAuthenticator: .verbatim).bytes
    }
}

// MARK: - Encoder core

extension RADIUSPacket {
    /// What the encoder does with Message-Authenticator.
    enum MessageAuthenticatorLayout {
        /// Write the attribute list as held, values included.
        case verbatim
        /// Keep the position of an existing Message-Authenticator, zero its value; add none.
        case zeroedInPlace
        /// Emit a zeroed Message-Authenticator as the first attribute, dropping any other one.
        case zeroedFirst
    }

    /// Serialises header and attributes; returns the offset of the Message-Authenticator value
    /// (if any) so the caller can fill it after hashing.
    func encode(authenticatorField: [UInt8], messageAuthenticator layout: MessageAuthenticatorLayout)
        throws(RADIUSEncodingError) -> (bytes: [UInt8], messageAuthenticatorOffset: Int?)
    {
        guard authenticatorField.count == 16 else { throw .authenticatorWrongLength(authenticatorField.count) }
        let maType = RADIUSAttributeType.messageAuthenticator.rawValue
        var total = Self.headerLength
        var messageAuthenticators = 0
        for attribute in attributes {
            let count = attribute.octets.count
            if attribute.type == maType {
                guard count == 16 else { throw .messageAuthenticatorWrongLength(count) }
                messageAuthenticators += 1
                if layout == .zeroedFirst { continue }
            }
            guard (1...Self.maximumAttributeValueLength).contains(count) else {
                throw .attributeValueLengthInvalid(type: attribute.type, length: count)
            }
            total += 2 + count
        }
        guard messageAuthenticators <= 1 else { throw .duplicateMessageAuthenticator }
        if layout == .zeroedFirst { total += 18 }
        guard total <= Self.maximumLength else { throw .packetTooLong(total) }

        var bytes = [UInt8]()
        bytes.reserveCapacity(total)
        bytes.append(code.rawValue)
        bytes.append(identifier)
        bytes.appendUInt16(UInt16(total))
        bytes.append(contentsOf: authenticatorField)
        var maOffset: Int?
        if layout == .zeroedFirst {
            bytes.append(maType)
            bytes.append(18)
            maOffset = bytes.count
            bytes.append(contentsOf: zeroAuthenticator)
        }
        for attribute in attributes {
            if attribute.type == maType {
                switch layout {
                case .zeroedFirst:
                    continue
                case .zeroedInPlace:
                    bytes.append(maType)
                    bytes.append(18)
                    maOffset = bytes.count
                    bytes.append(contentsOf: zeroAuthenticator)
                    continue
                case .verbatim:
                    maOffset = bytes.count + 2
                }
            }
            bytes.append(attribute.type)
            bytes.append(UInt8(truncatingIfNeeded: attribute.octets.count + 2))
            bytes.append(contentsOf: attribute.octets)
        }
        return (bytes, maOffset)
    }

    /// Offset of the Message-Authenticator value in this packet's canonical encoding
    /// (which is what a decoded packet was received as).
    var messageAuthenticatorValueOffset: Int? {
        var offset = Self.headerLength
        for attribute in attributes {
            if attribute.type == RADIUSAttributeType.messageAuthenticator.rawValue { return offset + 2 }
            offset += 2 + attribute.octets.count
        }
        return nil
    }
}
