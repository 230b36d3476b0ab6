import NIOCore
import RADIUS

/// `--accounting` and friends, validated.
public struct AccountingSettings: Sendable {
    /// Retransmissions of one Accounting-Request after the first transmission (the same datagram).
    public static let retransmissions = 3

    /// The accounting server (radius-frontend, by default the auth port + 1).
    public var server: SocketAddress
    /// Timeout as for Access-Requests, 1 + ``retransmissions`` transmissions.
    public var retransmission: RetransmissionPolicy
    /// How long each session stays up after Accounting-Start.
    public var sessionHold: TimeAmount
    /// Interim-Update period during the hold; nil sends none.
    public var interimInterval: TimeAmount?
    /// Each session's first Interim-Update after a random part of the period instead of a whole one,
    /// as sessions started at independent times would send theirs: without it, phones that started
    /// together send every update in one burst.
    public var spreadInterims: Bool
    /// Each session's hold drawn between half and one and a half times ``sessionHold`` (the same
    /// mean), as a population's sessions end at independent times: without it, phones that started
    /// together stop and re-authenticate together at every hold, a burst no steady load has.
    public var spreadSessions: Bool
    public var traffic: TrafficModel
    /// Where the RFC 5176 listener binds; nil runs none.
    public var dynamicAuthorization: (host: String, port: Int)?

    public init(server: SocketAddress, timeout: TimeAmount = .seconds(1), sessionHold: TimeAmount = .zero,
                interimInterval: TimeAmount? = nil, spreadInterims: Bool = false, spreadSessions: Bool = false,
                traffic: TrafficModel = TrafficModel(), dynamicAuthorization: (host: String, port: Int)? = nil) {
        self.spreadInterims = spreadInterims
        self.spreadSessions = spreadSessions
        self.server = server
        self.retransmission = RetransmissionPolicy(timeout: timeout, attempts: 1 + Self.retransmissions)
        self.sessionHold = sessionHold
        self.interimInterval = interimInterval
        self.traffic = traffic
        self.dynamicAuthorization = dynamicAuthorization
    }

    /// One session's hold; `random` picks in a closed range (injected by tests).
    func hold(random: (ClosedRange<Int64>) -> Int64 = { Int64.random(in: $0) }) -> TimeAmount {
        guard spreadSessions, sessionHold.nanoseconds > 1 else { return sessionHold }
        let half = sessionHold.nanoseconds / 2
        return .nanoseconds(random(half...(sessionHold.nanoseconds + half)))
    }
}

/// Why an Accounting-Request was not acknowledged. Raw values label the report's failures.
public enum AccountingFailure: String, Sendable, Hashable, CaseIterable, Codable {
    /// No verified Accounting-Response after every transmission.
    case timeout
    /// A verified reply that is not an Accounting-Response.
    case unexpectedReply = "unexpected_reply"
    /// The request could not be built (an attribute too long: User-Name, Class) or the socket failed.
    case encodingError = "encoding_error"
    case transportError = "transport_error"

    init(_ error: APClientError) {
        switch error {
        case .timeout: self = .timeout
        case .encoding: self = .encodingError
        case .identifiersExhausted, .notStarted, .shutDown: self = .transportError
        }
    }

    /// The words of the `not acknowledged` line.
    public var reason: String {
        switch self {
        case .timeout: return "no Accounting-Response (timeout)"
        case .unexpectedReply: return "unexpected reply"
        case .encodingError: return "request could not be encoded"
        case .transportError: return "socket error"
        }
    }
}

/// The single run's output lines (integration tests grep these prefixes).
public enum AccountingLine {
    public static func acknowledged(_ status: AcctStatusType, sessionID: String, cause: String? = nil) -> String {
        if let cause { return "Accounting-\(status.description) acknowledged (Acct-Session-Id \(sessionID), cause \(cause))" }
        return "Accounting-\(status.description) acknowledged (Acct-Session-Id \(sessionID))"
    }

    public static func notAcknowledged(_ status: AcctStatusType, sessionID: String, failure: AccountingFailure) -> String {
        "Accounting-\(status.description) not acknowledged (Acct-Session-Id \(sessionID)): \(failure.reason)"
    }

    public static func disconnected(_ session: HeldSession) -> String {
        "Disconnect-Request received: session \(session.sessionID) of \(session.userName) ended (Admin-Reset)"
    }
}
