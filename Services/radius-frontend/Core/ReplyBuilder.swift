import RADIUS

/// A reply ready for the wire.
public struct EncodedReply: Sendable, Equatable {
    public let code: RADIUSCode
    public let bytes: [UInt8]
}

/// Why a reply could not be built: the request is then left unanswered (and counted).
public enum ReplyBuildError: Error, Sendable, Equatable {
    case encoding(RADIUSEncodingError)
    case keyEncryption(RADIUSHiddenValueError)
    /// A Class or State longer than one attribute (253 octets).
    case valueTooLong(RADIUSAttributeType, Int)
}

/// Turns aaa-core's decision into the signed RADIUS reply (RFC 2865, 3579, 2548, 5997).
///
/// Every reply carries Message-Authenticator as its first attribute (`encodeResponse` places and
/// fills it before the Response Authenticator: Blast-RADIUS hardening) and the request's
/// Proxy-State attributes in order (`RADIUSPacket.reply(to:)`). Reply-Message never travels with
/// EAP-Message (RFC 3579 2.6.5), so none is ever added.
public enum ReplyBuilder {
    /// The reply to `request` for `decision`; nil for `.discard`.
    public static func reply(to request: RADIUSPacket, decision: AuthDecision, secret: [UInt8],
                             settings: ReplySettings) throws(ReplyBuildError) -> EncodedReply? {
        let fragmentSize = EAPFragmentSizing.maximumFragmentSize(framedMTU: request.framedMTU)
        var packet: RADIUSPacket
        switch decision {
        case .discard:
            return nil
        case .challenge(let eap, let state):
            guard state.count <= RADIUSPacket.maximumAttributeValueLength else {
                throw .valueTooLong(.state, state.count)
            }
            packet = RADIUSPacket.reply(to: request, code: .accessChallenge,
                                        attributes: EAPMessage.attributes(for: eap, maxFragmentSize: fragmentSize)
                                            + [RADIUSAttribute(.state, value: state)])
        case .accept(let acceptance):
            guard acceptance.sessionClass.count <= RADIUSPacket.maximumAttributeValueLength else {
                throw .valueTooLong(.class, acceptance.sessionClass.count)
            }
            var attributes = EAPMessage.attributes(for: acceptance.eap, maxFragmentSize: fragmentSize)
            if let name = acceptance.userName ?? request.userName, !name.isEmpty {
                attributes.append(RADIUSAttribute(.userName, string: name))
            }
            attributes.append(RADIUSAttribute(.class, value: acceptance.sessionClass))
            if let interval = acceptance.acctInterimInterval ?? settings.acctInterimInterval {
                attributes.append(RADIUSAttribute(.acctInterimInterval, uint32: interval))
            }
            if let timeout = acceptance.sessionTimeout ?? settings.sessionTimeout {
                attributes.append(RADIUSAttribute(.sessionTimeout, uint32: timeout))
                if let action = settings.terminationAction {
                    attributes.append(RADIUSAttribute(.terminationAction, uint32: action.rawValue))
                }
            }
            packet = RADIUSPacket.reply(to: request, code: .accessAccept, attributes: attributes)
            do {
                try packet.addMPPEKeys(msk: acceptance.msk, secret: secret, requestAuthenticator: request.authenticator)
            } catch {
                throw .keyEncryption(error)
            }
        case .reject(let eap, _):
            let failure = eap ?? eapFailure(answering: request)
            packet = RADIUSPacket.reply(to: request, code: .accessReject,
                                        attributes: failure.map { EAPMessage.attributes(for: $0, maxFragmentSize: fragmentSize) } ?? [])
        }
        return try encode(packet, answering: request, secret: secret)
    }

    /// Access-Reject for an Access-Request that carries no EAP: this front only does EAP.
    public static func rejectWithoutEAP(to request: RADIUSPacket, secret: [UInt8]) throws(ReplyBuildError) -> EncodedReply {
        try encode(RADIUSPacket.reply(to: request, code: .accessReject), answering: request, secret: secret)
    }

    /// RFC 5997 section 3: Status-Server on the authentication port is answered with an
    /// Access-Accept carrying Message-Authenticator (and nothing that looks like a session).
    public static func statusServerReply(to request: RADIUSPacket, secret: [UInt8]) throws(ReplyBuildError) -> EncodedReply {
        try encode(RADIUSPacket.reply(to: request, code: .accessAccept), answering: request, secret: secret)
    }

    /// EAP-Failure (RFC 3748 4.2) with the Identifier of the request's EAP packet, for a reject
    /// frame that arrived without one; nil when the request's EAP has no readable Identifier.
    static func eapFailure(answering request: RADIUSPacket) -> [UInt8]? {
        guard let eap = request.eapMessage, eap.count >= 2 else { return nil }
        return [4, eap[1], 0, 4]
    }

    private static func encode(_ packet: RADIUSPacket, answering request: RADIUSPacket,
                               secret: [UInt8]) throws(ReplyBuildError) -> EncodedReply {
        do {
            let bytes = try packet.encodeResponse(secret: secret, requestAuthenticator: request.authenticator,
                                                  messageAuthenticator: .first)
            return EncodedReply(code: packet.code, bytes: bytes)
        } catch {
            throw .encoding(error)
        }
    }
}
