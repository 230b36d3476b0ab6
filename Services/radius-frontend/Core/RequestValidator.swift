import RADIUS

/// A request that decoded and authenticated with its client's secret.
public struct ValidatedRequest: Sendable, Equatable {
    public let packet: RADIUSPacket
}

/// Decodes and authenticates one datagram received on the authentication port.
///
/// Only Access-Request and Status-Server are served here. Message-Authenticator must be present
/// and right on every Status-Server and every Access-Request carrying EAP (RFC 3579 3.2), and on
/// every Access-Request when `requireMessageAuthenticator` (Blast-RADIUS).
public struct RequestValidator: Sendable {
    public let requireMessageAuthenticator: Bool

    public init(requireMessageAuthenticator: Bool) {
        self.requireMessageAuthenticator = requireMessageAuthenticator
    }

    /// The authenticated request, or why it is dropped.
    public func validate(_ bytes: [UInt8], secret: [UInt8]) -> Result<ValidatedRequest, DropReason> {
        // Classify by the Code octet before spending any hashing on a packet this port never serves.
        guard bytes.count >= RADIUSPacket.headerLength else { return .failure(.malformed) }
        switch RADIUSCode(rawValue: bytes[0]) {
        case .accessRequest?, .statusServer?: break
        default: return .failure(.unknownCode)
        }
        let packet: RADIUSPacket
        do {
            packet = try RADIUSPacket.verifyRequest(bytes, secret: secret,
                                                    requireMessageAuthenticator: requireMessageAuthenticator)
        } catch let error as RADIUSDecodingError {
            if case .unknownCode = error { return .failure(.unknownCode) }
            return .failure(.malformed)
        } catch let error as RADIUSAuthenticationError {
            switch error {
            case .messageAuthenticatorMissing: return .failure(.missingMessageAuthenticator)
            case .messageAuthenticatorMismatch: return .failure(.badMessageAuthenticator)
            case .wrongDirection: return .failure(.unknownCode)
            // Not reachable for Access-Request / Status-Server; counted as an authentication failure.
            case .requestAuthenticatorMismatch, .responseAuthenticatorMismatch, .authenticatorWrongLength:
                return .failure(.badMessageAuthenticator)
            }
        } catch {
            return .failure(.malformed)
        }
        return .success(ValidatedRequest(packet: packet))
    }
}
