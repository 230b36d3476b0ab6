import RADIUS

/// A request that decoded and authenticated with its client's secret.
public struct ValidatedRequest: Sendable, Equatable {
    public let packet: RADIUSPacket
}

/// Decodes and authenticates one datagram received on a RADIUS port.
///
/// Each port serves its own codes: Access-Request and Status-Server on the authentication port,
/// Accounting-Request and Status-Server on the accounting port. Message-Authenticator must be
/// present and right on every Status-Server and every request carrying EAP (RFC 3579 3.2), and on
/// every request when `requireMessageAuthenticator` (Blast-RADIUS); Accounting-Requests are checked
/// against their Request Authenticator (RFC 2866 3).
public struct RequestValidator: Sendable {
    public let requireMessageAuthenticator: Bool
    public let codes: Set<RADIUSCode>

    public init(requireMessageAuthenticator: Bool, codes: Set<RADIUSCode> = [.accessRequest, .statusServer]) {
        self.requireMessageAuthenticator = requireMessageAuthenticator
        self.codes = codes
    }

    /// The accounting port's validator.
    public static let accounting = RequestValidator(requireMessageAuthenticator: false,
                                                    codes: [.accountingRequest, .statusServer])

    /// The authenticated request, or why it is dropped.
    public func validate(_ bytes: [UInt8], secret: [UInt8]) -> Result<ValidatedRequest, DropReason> {
        guard bytes.count >= RADIUSPacket.headerLength else { return .failure(.malformed) }
        // Classify by the Code octet before spending any hashing on a packet this port never serves.
        guard let code = RADIUSCode(rawValue: bytes[0]), codes.contains(code) else { return .failure(.unknownCode) }
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
            case .requestAuthenticatorMismatch, .responseAuthenticatorMismatch, .authenticatorWrongLength:
                return .failure(.badAuthenticator)
            }
        } catch {
            return .failure(.malformed)
        }
        return .success(ValidatedRequest(packet: packet))
    }
}
