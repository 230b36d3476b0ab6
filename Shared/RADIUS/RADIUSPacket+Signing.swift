import WireFormat

/// Where the encoder puts Message-Authenticator.
public enum MessageAuthenticatorPolicy: Sendable, Hashable {
    /// ``first`` for Access-Request, Access-Accept/Reject/Challenge, Status-Server and any packet
    /// carrying EAP-Message; ``ifPresent`` for the other codes.
    case automatic
    /// Always send one, as the first attribute (moving an existing one). This is the BlastRADIUS
    /// hardening: the HMAC covers the packet before any attacker-chosen attribute content.
    case first
    /// Fill one only where the attribute list already has it; add none. For legacy peers and for
    /// reproducing captured packets.
    case ifPresent
}

extension RADIUSPacket {
    /// A reply skeleton for `request`: same Identifier, `attributes`, then the request's
    /// Proxy-State attributes unchanged and in order (RFC 2865 5.33).
    public static func reply(to request: RADIUSPacket, code: RADIUSCode,
                             attributes: [RADIUSAttribute] = []) -> RADIUSPacket {
        var all = attributes
        for attribute in request.attributes where attribute.type == RADIUSAttributeType.proxyState.rawValue {
            all.append(attribute)
        }
        return RADIUSPacket(code: code, identifier: request.identifier, attributes: all)
    }

    /// 16 random octets for an Access-Request or Status-Server Request Authenticator
    /// (RFC 2865 requires them to be unpredictable; the system generator is cryptographically secure).
    public static func randomAuthenticator() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out = [UInt8]()
        out.reserveCapacity(16)
        for _ in 0..<2 { out.appendUInt64(generator.next()) }
        return out
    }

    private func layout(for policy: MessageAuthenticatorPolicy) -> MessageAuthenticatorLayout {
        switch policy {
        case .first: return .zeroedFirst
        case .ifPresent: return .zeroedInPlace
        case .automatic:
            switch code {
            case .accessRequest, .accessAccept, .accessReject, .accessChallenge, .statusServer:
                return .zeroedFirst
            default:
                return has(.eapMessage) ? .zeroedFirst : .zeroedInPlace
            }
        }
    }

    /// Encodes a reply (Access-Accept/Reject/Challenge, Accounting-Response, Disconnect/CoA ACK/NAK).
    ///
    /// Message-Authenticator (per `messageAuthenticator`) is computed first, with the request's
    /// authenticator in the Authenticator field; then the Response Authenticator is computed over
    /// the finished packet. The ``authenticator`` property is ignored.
    public func encodeResponse(secret: [UInt8], requestAuthenticator: [UInt8],
                               messageAuthenticator policy: MessageAuthenticatorPolicy = .automatic)
        throws(RADIUSEncodingError) -> [UInt8]
    {
        guard code.isResponse else { throw .wrongDirection(code) }
        var (bytes, maOffset) = try encode(authenticatorField: requestAuthenticator,
                                           messageAuthenticator: layout(for: policy))
        Self.fillMessageAuthenticator(&bytes, at: maOffset, secret: secret)
        var md5 = MD5Hasher()
        md5.update(bytes)
        md5.update(secret)
        bytes.replaceSubrange(4..<Self.headerLength, with: md5.finalize())
        return bytes
    }

    /// Encodes a request with its authenticators.
    ///
    /// Access-Request / Status-Server keep ``authenticator`` (set it with ``randomAuthenticator()``;
    /// hide User-Password against the same value). Accounting/Disconnect/CoA requests get
    /// MD5(packet with 16 zero octets | secret); their Message-Authenticator, if any, is computed
    /// with the zero field first.
    public func encodeRequest(secret: [UInt8], messageAuthenticator policy: MessageAuthenticatorPolicy = .automatic)
        throws(RADIUSEncodingError) -> [UInt8]
    {
        switch code.authenticatorKind {
        case .response:
            throw .wrongDirection(code)
        case .random:
            var (bytes, maOffset) = try encode(authenticatorField: authenticator,
                                               messageAuthenticator: layout(for: policy))
            Self.fillMessageAuthenticator(&bytes, at: maOffset, secret: secret)
            return bytes
        case .requestDigest:
            var (bytes, maOffset) = try encode(authenticatorField: zeroAuthenticator,
                                               messageAuthenticator: layout(for: policy))
            Self.fillMessageAuthenticator(&bytes, at: maOffset, secret: secret)
            var md5 = MD5Hasher()
            md5.update(bytes)
            md5.update(secret)
            bytes.replaceSubrange(4..<Self.headerLength, with: md5.finalize())
            return bytes
        }
    }

    /// HMAC over `bytes` as they stand (Authenticator field already holds the right content and
    /// the value is zero), written into place.
    private static func fillMessageAuthenticator(_ bytes: inout [UInt8], at offset: Int?, secret: [UInt8]) {
        guard let offset else { return }
        var hmac = HMACMD5(secret: secret)
        hmac.update(bytes)
        bytes.replaceSubrange(offset..<offset + 16, with: hmac.finalize())
    }

    /// Decodes and authenticates a request received by a server.
    ///
    /// - Accounting/Disconnect/CoA-Request: the Request Authenticator must match.
    /// - Message-Authenticator, when present, must match. It is required for Status-Server, for any
    ///   packet carrying EAP-Message, and for every request when `requireMessageAuthenticator`
    ///   (BlastRADIUS: set it for Access-Requests from NASes known to send it).
    /// - Returns: the decoded packet.
    @discardableResult
    public static func verifyRequest(_ bytes: [UInt8], secret: [UInt8], requireMessageAuthenticator: Bool = false)
        throws -> RADIUSPacket
    {
        let packet = try RADIUSPacket(decoding: bytes)
        guard packet.code.isRequest else { throw RADIUSAuthenticationError.wrongDirection(packet.code) }
        if packet.code.authenticatorKind == .requestDigest {
            let expected = digest(bytes, length: packet.encodedLength, authenticatorField: zeroAuthenticator,
                                  secret: secret)
            guard constantTimeEquals(expected, packet.authenticator) else {
                throw RADIUSAuthenticationError.requestAuthenticatorMismatch
            }
        }
        let hasMA = try MessageAuthenticator.check(packet, bytes: bytes, secret: secret, requestAuthenticator: nil)
        let needsMA = requireMessageAuthenticator || packet.code == .statusServer || packet.has(.eapMessage)
        if needsMA && !hasMA { throw RADIUSAuthenticationError.messageAuthenticatorMissing }
        return packet
    }

    /// Decodes and authenticates a reply received by a client (NAS side, or this server acting
    /// as a Dynamic Authorization Client): Response Authenticator, then Message-Authenticator
    /// (required with EAP-Message or when `requireMessageAuthenticator`). Matching the Identifier
    /// to the outstanding request is the caller's job.
    @discardableResult
    public static func verifyResponse(_ bytes: [UInt8], secret: [UInt8], requestAuthenticator: [UInt8],
                                      requireMessageAuthenticator: Bool = false) throws -> RADIUSPacket
    {
        let packet = try RADIUSPacket(decoding: bytes)
        guard packet.code.isResponse else { throw RADIUSAuthenticationError.wrongDirection(packet.code) }
        guard requestAuthenticator.count == 16 else {
            throw RADIUSAuthenticationError.authenticatorWrongLength(requestAuthenticator.count)
        }
        let expected = digest(bytes, length: packet.encodedLength, authenticatorField: requestAuthenticator,
                              secret: secret)
        guard constantTimeEquals(expected, packet.authenticator) else {
            throw RADIUSAuthenticationError.responseAuthenticatorMismatch
        }
        let hasMA = try MessageAuthenticator.check(packet, bytes: bytes, secret: secret,
                                                   requestAuthenticator: requestAuthenticator)
        if (requireMessageAuthenticator || packet.has(.eapMessage)) && !hasMA {
            throw RADIUSAuthenticationError.messageAuthenticatorMissing
        }
        return packet
    }

    /// MD5(Code | Identifier | Length | `authenticatorField` | attributes | secret) over the first
    /// `length` octets of `bytes` (a decoded packet, so `length` is within bounds).
    static func digest(_ bytes: [UInt8], length: Int, authenticatorField: [UInt8], secret: [UInt8]) -> [UInt8] {
        let end = min(length, bytes.count)
        var md5 = MD5Hasher()
        md5.update(bytes[0..<min(4, end)])
        md5.update(authenticatorField)
        md5.update(bytes[min(headerLength, end)..<end])
        md5.update(secret)
        return md5.finalize()
    }
}
