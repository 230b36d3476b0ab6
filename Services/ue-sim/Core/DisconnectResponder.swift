import NIOCore
import RADIUS

/// The simulated AP's Dynamic Authorization Server (RFC 5176) for Disconnect-Request, as a pure
/// value: datagram, source and time in, reply bytes and the sessions to end out. The socket only
/// moves bytes; the session workers act on `ended`.
public struct DisconnectResponder: Sendable {
    /// What to do with one datagram.
    public enum Outcome: Sendable, Equatable {
        /// Silently discarded (RFC 5176 3.1 / RFC 2865 3), with the reason for the log.
        case dropped(String)
        /// Send `bytes`. `ended` are the sessions an ACK terminated (they left ``sessions``).
        case reply(bytes: [UInt8], code: RADIUSCode, errorCause: ErrorCause?, ended: [HeldSession])
        /// A retransmission of a request already answered: the same reply again, nothing else.
        case repeated(bytes: [UInt8])
    }

    /// A reply remembered for retransmissions (RFC 5080 2.2.2), keyed by source and Identifier.
    struct CachedReply: Sendable {
        var authenticator: [UInt8]
        var bytes: [UInt8]
        var expires: NIODeadline
    }

    struct ReplayKey: Sendable, Hashable {
        var source: String
        var identifier: UInt8
    }

    private let secret: [UInt8]
    public let nasIPAddress: IPv4Address
    public let nasIdentifier: String
    /// How long a reply is replayed for a retransmitted request.
    public let replayWindow: TimeAmount
    /// Open sessions by Acct-Session-Id.
    public private(set) var sessions: [String: HeldSession] = [:]
    private var replies: [ReplayKey: CachedReply] = [:]

    public init(secret: [UInt8], nasIPAddress: IPv4Address, nasIdentifier: String,
                replayWindow: TimeAmount = .seconds(30)) {
        self.secret = secret
        self.nasIPAddress = nasIPAddress
        self.nasIdentifier = nasIdentifier
        self.replayWindow = replayWindow
    }

    /// The session is on air (after Accounting-Start was acknowledged).
    public mutating func open(_ session: HeldSession) {
        sessions[session.sessionID] = session
    }

    /// The session ended by itself; later requests for it are NAKed.
    public mutating func close(sessionID: String) {
        sessions[sessionID] = nil
    }

    /// One datagram from `source` (`address:port`) at `now`.
    public mutating func receive(_ datagram: [UInt8], from source: String, now: NIODeadline) -> Outcome {
        replies = replies.filter { $0.value.expires > now }
        let request: RADIUSPacket
        do {
            request = try RADIUSPacket.verifyRequest(datagram, secret: secret)
        } catch let error as RADIUSAuthenticationError {
            return .dropped(Self.describe(error))
        } catch let error as RADIUSDecodingError {
            return .dropped("malformed packet (\(error))")
        } catch {
            return .dropped("\(error)")
        }
        guard request.code == .disconnectRequest || request.code == .coaRequest else {
            return .dropped("\(request.code.name) is not handled here")
        }
        // A CoA-Request (here: a new Session-Timeout) is acknowledged for a known session and ends nothing.
        let isChange = request.code == .coaRequest
        let key = ReplayKey(source: source, identifier: request.identifier)
        if let cached = replies[key], cached.authenticator == request.authenticator {
            return .repeated(bytes: cached.bytes)
        }

        let identification = SessionIdentification(request)
        let nak: RADIUSCode = isChange ? .coaNAK : .disconnectNAK
        var code: RADIUSCode = isChange ? .coaACK : .disconnectACK
        var cause: ErrorCause?
        var ended: [HeldSession] = []
        if !identification.names(nasIPAddress: nasIPAddress, nasIdentifier: nasIdentifier) {
            (code, cause) = (nak, .nasIdentificationMismatch)
        } else if !identification.namesASession {
            (code, cause) = (nak, .missingAttribute)
        } else {
            ended = sessions.values.filter(identification.matches).sorted { $0.sessionID < $1.sessionID }
            if ended.isEmpty { (code, cause) = (nak, .sessionContextNotFound) }
            if isChange { ended = [] }
        }

        var reply = RADIUSPacket.reply(to: request, code: code)
        if let cause { reply.errorCause = cause }
        // Message-Authenticator in the reply when the request had one (RFC 5176 3.3).
        let policy: MessageAuthenticatorPolicy = request.has(.messageAuthenticator) ? .first : .ifPresent
        guard let bytes = try? reply.encodeResponse(
            secret: secret, requestAuthenticator: request.authenticator, messageAuthenticator: policy)
        else { return .dropped("reply could not be encoded") }
        for session in ended { sessions[session.sessionID] = nil }
        replies[key] = CachedReply(authenticator: request.authenticator, bytes: bytes, expires: now + replayWindow)
        return .reply(bytes: bytes, code: code, errorCause: cause, ended: ended)
    }

    static func describe(_ error: RADIUSAuthenticationError) -> String {
        switch error {
        case .requestAuthenticatorMismatch: return "bad Request Authenticator"
        case .messageAuthenticatorMismatch: return "bad Message-Authenticator"
        case .messageAuthenticatorMissing: return "Message-Authenticator missing"
        case .wrongDirection(let code): return "\(code.name) is not a request"
        case .authenticatorWrongLength, .responseAuthenticatorMismatch: return "\(error)"
        }
    }
}
