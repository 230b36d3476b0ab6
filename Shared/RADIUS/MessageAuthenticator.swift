import WireFormat

/// Message-Authenticator (RFC 3579 3.2, RFC 2869 5.14): HMAC-MD5 keyed with the shared secret
/// over the whole packet with the attribute's 16 value octets zeroed.
///
/// What sits in the Authenticator field while hashing depends on the packet:
/// Access-Request / Status-Server: its own Request Authenticator; replies: the *request's*
/// authenticator; Accounting/Disconnect/CoA requests: 16 zero octets.
public enum MessageAuthenticator {
    /// The Authenticator-field content used while computing Message-Authenticator for `code`.
    /// `requestAuthenticator` is the matching request's authenticator (used for replies only).
    static func authenticatorField(for code: RADIUSCode, own: [UInt8], requestAuthenticator: [UInt8]?) -> [UInt8]? {
        switch code.authenticatorKind {
        case .random: return own
        case .requestDigest: return zeroAuthenticator
        case .response: return requestAuthenticator
        }
    }

    /// HMAC-MD5 over `packet` (first `Length` octets) with `authenticatorField` substituted for
    /// octets 4..<20 and the 16 octets at `valueOffset` taken as zero. Callers guarantee the
    /// offsets lie inside the packet (it was produced by the encoder or the decoder).
    static func compute(packet: [UInt8], length: Int, valueOffset: Int, authenticatorField: [UInt8],
                        secret: [UInt8]) -> [UInt8] {
        var hmac = HMACMD5(secret: secret)
        let end = min(length, packet.count)
        let start = min(max(valueOffset, RADIUSPacket.headerLength), end)
        let resume = min(start + 16, end)
        hmac.update(packet[0..<min(4, end)])
        hmac.update(authenticatorField)
        hmac.update(packet[min(RADIUSPacket.headerLength, end)..<start])
        hmac.update(zeroAuthenticator)
        hmac.update(packet[resume..<end])
        return hmac.finalize()
    }

    /// Checks the Message-Authenticator of a decoded `packet` whose wire form is `bytes`.
    /// - Returns: false when the packet carries none.
    static func check(_ packet: RADIUSPacket, bytes: [UInt8], secret: [UInt8],
                      requestAuthenticator: [UInt8]?) throws(RADIUSAuthenticationError) -> Bool {
        guard let offset = packet.messageAuthenticatorValueOffset else { return false }
        guard let field = authenticatorField(for: packet.code, own: packet.authenticator,
                                             requestAuthenticator: requestAuthenticator)
        else { throw .authenticatorWrongLength(0) }
        guard field.count == 16 else { throw .authenticatorWrongLength(field.count) }
        let length = packet.encodedLength
        let expected = compute(packet: bytes, length: length, valueOffset: offset,
                               authenticatorField: field, secret: secret)
        guard offset + 16 <= bytes.count,
              constantTimeEquals(expected, bytes[offset..<offset + 16])
        else { throw .messageAuthenticatorMismatch }
        return true
    }

    /// Verifies the Message-Authenticator of an encoded packet.
    ///
    /// - Parameters:
    ///   - bytes: the datagram as received.
    ///   - secret: the shared secret.
    ///   - requestAuthenticator: for replies, the authenticator of the request they answer.
    /// - Throws: ``RADIUSDecodingError`` for malformed input,
    ///   ``RADIUSAuthenticationError/messageAuthenticatorMissing`` when absent,
    ///   ``RADIUSAuthenticationError/messageAuthenticatorMismatch`` when wrong.
    public static func verify(_ bytes: [UInt8], secret: [UInt8], requestAuthenticator: [UInt8]? = nil) throws {
        let packet = try RADIUSPacket(decoding: bytes)
        guard try check(packet, bytes: bytes, secret: secret, requestAuthenticator: requestAuthenticator) else {
            throw RADIUSAuthenticationError.messageAuthenticatorMissing
        }
    }
}

extension RADIUSPacket {
    /// Length of the canonical encoding (equal to the Length field of a decoded packet).
    var encodedLength: Int {
        attributes.reduce(Self.headerLength) { $0 + 2 + $1.octets.count }
    }
}
