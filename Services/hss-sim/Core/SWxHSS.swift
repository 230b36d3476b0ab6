import Diameter
import Milenage

/// The lab HSS's SWx logic (TS 29.273 clause 8) as a value: a decoded request in, the answer out,
/// with SQN_HE state advanced in place. No I/O: the service persists `sequenceState` whenever an
/// outcome says it changed, and randomness (RAND) is injected so tests are deterministic.
public struct SWxHSS: Sendable {
    /// At most this many vectors per MAA, whatever SIP-Number-Auth-Items asks for.
    public static let maximumVectors: UInt32 = 5
    public static let schemeAKA = "EAP-AKA"
    public static let schemeAKAPrime = "EAP-AKA'"

    public let identity: HSSIdentity
    public let subscribers: [String: Subscriber]
    /// SWx (default) or Cx; only `respond(to:random:)` looks at it.
    public let dialect: HSSDialect
    /// SQN_HE per IMSI (persisted by the caller after every change).
    public private(set) var sequenceState: SequenceState
    /// Which AAA server each subscriber is registered with (SWx only; in memory).
    public internal(set) var registrations = SWxRegistrationTable()
    /// `--rtr-after-registration-ms`: each SAR REGISTRATION arms one RTR this long after it; nil: never.
    public let terminationDelay: Duration?

    /// `subscribers` must have unique IMSIs (`SubscriberFile` guarantees it; a later duplicate wins).
    public init(identity: HSSIdentity, subscribers: [Subscriber], sequenceState: SequenceState = SequenceState(),
                dialect: HSSDialect = .swx, terminationDelay: Duration? = nil) {
        self.identity = identity
        self.dialect = dialect
        self.terminationDelay = terminationDelay
        var map: [String: Subscriber] = [:]
        for s in subscribers { map[s.imsi] = s }
        self.subscribers = map
        self.sequenceState = sequenceState
    }

    /// Answers `request` with RANDs from the system's secure generator.
    public mutating func handle(_ request: DiameterMessage) -> DiameterMessage {
        var rng = SystemRandomNumberGenerator()
        return process(request, random: &rng).answer
    }

    /// Answers `request`; `random` supplies RAND (use a seeded generator in tests only), `now` dates
    /// registrations (the RTR timer).
    public mutating func process(_ request: DiameterMessage, random: inout some RandomNumberGenerator,
                                 now: ContinuousClock.Instant = .now) -> HSSOutcome {
        let peer = request.originHost ?? "?"
        let label = DiameterDictionary.standard.label(commandCode: request.commandCode, isRequest: false)
        guard request.applicationID == DiameterApplication.swx.rawValue else {
            return protocolError(request, code: DiameterResultCode.applicationUnsupported.rawValue, label: label, peer: peer,
                                 detail: "application \(request.applicationID) is not SWx")
        }
        switch request.command {
        case .multimediaAuth:
            return multimediaAuth(request, peer: peer, random: &random)
        case .serverAssignment:
            return serverAssignment(request, peer: peer, now: now)
        default:
            return protocolError(request, code: DiameterResultCode.commandUnsupported.rawValue, label: label, peer: peer,
                                 detail: "command \(request.commandCode) is not served")
        }
    }

    /// Next SQN for `subscriber` after `current` (SEQ + 1, IND cycling); nil when SEQ is exhausted.
    static func nextSQN(after current: SequenceNumber, for subscriber: Subscriber) -> SequenceNumber? {
        subscriber.scheme.next(after: current)
    }

    mutating func setSQN(_ sqn: SequenceNumber, for imsi: String) {
        sequenceState[imsi] = sqn
    }

    /// 3xxx answers (E bit): Session-Id, Result-Code, Origin-Host/Realm (RFC 6733 7.2 answer-message).
    func protocolError(_ request: DiameterMessage, code: UInt32, label: String, peer: String, detail: String)
        -> HSSOutcome
    {
        let answer = request.answer(resultCode: code, avps: [.originHost(identity.originHost), .originRealm(identity.originRealm)])
        return HSSOutcome(answer: answer, sequenceStateChanged: false,
                          summary: HSSAnswerSummary(command: label, peer: peer, imsi: request.userName, code: code, detail: detail))
    }
}
