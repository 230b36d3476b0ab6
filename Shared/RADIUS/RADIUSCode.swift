/// The RADIUS packet type (the Code octet).
///
/// Codes come from RFC 2865 (access), RFC 2866 (accounting), RFC 5997 (Status-Server) and
/// RFC 5176 (dynamic authorization). Anything else is rejected by the decoder with
/// ``RADIUSDecodingError/unknownCode(_:)``: a server silently discards codes it does not know.
public enum RADIUSCode: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case accessRequest = 1
    case accessAccept = 2
    case accessReject = 3
    case accountingRequest = 4
    case accountingResponse = 5
    case accessChallenge = 11
    /// RFC 5997; must carry Message-Authenticator.
    case statusServer = 12
    /// Listed as experimental in RFC 2865; no semantics are defined for it.
    case statusClient = 13
    case disconnectRequest = 40
    case disconnectACK = 41
    case disconnectNAK = 42
    case coaRequest = 43
    case coaACK = 44
    case coaNAK = 45

    /// Parses a Code octet, throwing ``RADIUSDecodingError/unknownCode(_:)`` for unassigned values.
    public init(validating raw: UInt8) throws(RADIUSDecodingError) {
        guard let code = RADIUSCode(rawValue: raw) else { throw .unknownCode(raw) }
        self = code
    }

    /// The name as written in the RFCs and the FreeRADIUS dictionary (`Access-Request`, `CoA-NAK`, ...).
    public var name: String {
        switch self {
        case .accessRequest: return "Access-Request"
        case .accessAccept: return "Access-Accept"
        case .accessReject: return "Access-Reject"
        case .accountingRequest: return "Accounting-Request"
        case .accountingResponse: return "Accounting-Response"
        case .accessChallenge: return "Access-Challenge"
        case .statusServer: return "Status-Server"
        case .statusClient: return "Status-Client"
        case .disconnectRequest: return "Disconnect-Request"
        case .disconnectACK: return "Disconnect-ACK"
        case .disconnectNAK: return "Disconnect-NAK"
        case .coaRequest: return "CoA-Request"
        case .coaACK: return "CoA-ACK"
        case .coaNAK: return "CoA-NAK"
        }
    }

    public var description: String { name }

    /// How the 16-octet Authenticator field of a packet with this code is formed.
    public enum AuthenticatorKind: Sendable, Hashable {
        /// Random and unpredictable, chosen by the sender (Access-Request, Status-Server).
        case random
        /// MD5 over the packet with 16 zero octets in the field, then the secret
        /// (Accounting-Request, Disconnect-Request, CoA-Request).
        case requestDigest
        /// MD5 over the packet with the matching request's authenticator in the field, then the secret.
        case response
    }

    /// The authenticator rule for this code.
    public var authenticatorKind: AuthenticatorKind {
        switch self {
        case .accessRequest, .statusServer, .statusClient: return .random
        case .accountingRequest, .disconnectRequest, .coaRequest: return .requestDigest
        case .accessAccept, .accessReject, .accessChallenge, .accountingResponse,
             .disconnectACK, .disconnectNAK, .coaACK, .coaNAK:
            return .response
        }
    }

    /// True for codes a client sends (and a server verifies with ``RADIUSPacket/verifyRequest(_:secret:requireMessageAuthenticator:)``).
    public var isRequest: Bool { authenticatorKind != .response }

    /// True for codes a server sends in reply to a request.
    public var isResponse: Bool { authenticatorKind == .response }

    /// The reply codes that may answer a request with this code (empty for replies).
    public var replyCodes: [RADIUSCode] {
        switch self {
        case .accessRequest: return [.accessAccept, .accessReject, .accessChallenge]
        case .accountingRequest: return [.accountingResponse]
        case .statusServer: return [.accessAccept, .accountingResponse]
        case .disconnectRequest: return [.disconnectACK, .disconnectNAK]
        case .coaRequest: return [.coaACK, .coaNAK]
        default: return []
        }
    }
}
