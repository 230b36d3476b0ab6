/// Requests an OCS sends to the charging client on a Gy session: Re-Auth-Request (RFC 4006 5.5, the
/// OCS wants a CCR-U now, e.g. after a top-up) and Abort-Session-Request (RFC 6733 8.5, end the service).
public enum GyServerRequest: Sendable, Hashable {
    case reAuth(sessionID: String)
    case abortSession(sessionID: String)

    public var sessionID: String {
        switch self {
        case .reAuth(let id), .abortSession(let id): return id
        }
    }

    /// The Diameter command name, for logs and metric labels.
    public var name: String {
        switch self {
        case .reAuth: return "RAR"
        case .abortSession: return "ASR"
        }
    }

    /// nil for any other request (the caller answers it 3001 or per its application); a RAR/ASR
    /// without Session-Id is a typed error (answered 5005).
    public init?(decoding message: DiameterMessage) throws(DiameterError) {
        guard message.flags.contains(.request) else { return nil }
        let command = message.commandCode
        guard command == DiameterCommand.reAuth.rawValue || command == DiameterCommand.abortSession.rawValue else {
            return nil
        }
        let session = try message.require(code: DiameterAVPCode.sessionID).utf8String()
        self = command == DiameterCommand.reAuth.rawValue ? .reAuth(sessionID: session) : .abortSession(sessionID: session)
    }

    /// The request as an OCS sends it (Re-Auth-Request-Type AUTHORIZE_ONLY for RAR).
    public func message(originHost: String, originRealm: String, destinationHost: String, destinationRealm: String)
        -> DiameterMessage
    {
        var avps: [DiameterAVP] = [
            .sessionId(sessionID), .originHost(originHost), .originRealm(originRealm),
            .destinationRealm(destinationRealm), .destinationHost(destinationHost),
            .authApplicationId(.creditControl),
        ]
        let command: DiameterCommand
        switch self {
        case .reAuth:
            command = .reAuth
            avps.append(.reAuthRequestType(0))
        case .abortSession:
            command = .abortSession
        }
        return .request(command: command, application: .creditControl, hopByHop: 0, endToEnd: 0, avps: avps)
    }
}
