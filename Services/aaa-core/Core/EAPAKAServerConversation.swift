import EAP
import EAPAKA
import NAI

/// One EAP-AKA / EAP-AKA' authentication seen from the server (RFC 4187, RFC 5448, RFC 9048),
/// as a value: it takes an event (a received EAP-Response, the HSS's answer, a timeout) and
/// returns the one thing to do next. It does no I/O, keeps no clock and never logs; its owner
/// runs the actions and turns the notes into log lines and metrics.
///
/// Flow: EAP-Response/Identity with a usable permanent identity → fetch vectors → Challenge →
/// Success; otherwise up to three AKA-Identity rounds first (covered by AT_CHECKCODE).
public struct EAPAKAServerConversation: Sendable {
    enum Phase: Sendable {
        /// Nothing received yet.
        case start
        /// EAP-Request/Identity sent after an EAP-Start.
        case identityRequested
        /// AKA-Identity request sent with this identity attribute.
        case akaIdentityRequested(AKAIdentityRequestKind)
        /// Waiting for the HSS.
        case fetchingVectors
        /// Challenge sent; keys held for the response.
        case challengeSent(ChallengeContext)
        /// Success notification sent (result indications); waiting for its acknowledgement.
        case notificationSent(ChallengeContext)
        /// Accepted, rejected or timed out.
        case finished
    }

    /// What the Challenge response is checked against. Holds keys: never printed.
    struct ChallengeContext: Sendable {
        var rand: [UInt8]
        var xres: [UInt8]
        var kAut: [UInt8]
        var msk: [UInt8]
        var emsk: [UInt8]
        /// Origin-Host of the HSS that issued the vector, for the SWx registration.
        var servingHSS: String?
    }

    public let settings: EAPAKAServerSettings
    var phase: Phase = .start
    /// The method of every AKA message of this conversation; fixed by the first one sent.
    var method: AKAMethod?
    /// The identity octets the keys are derived from (the last identity the peer sent).
    var identityBytes: [UInt8] = []
    var imsi: IMSI?
    /// Every AKA-Identity request and response, for AT_CHECKCODE.
    var identityPackets: [[UInt8]] = []
    var identityRounds = 0
    var resynchronisations = 0
    /// Identifier of the request whose response is awaited.
    var outstandingIdentifier: UInt8
    /// Identifier of the last accepted response (Success/Failure reuse it).
    var lastResponseIdentifier: UInt8
    /// The last request sent and the response that caused it, to answer a retransmitted
    /// response with the same request instead of dropping it.
    var lastRequest: [UInt8]?
    var lastResponse: [UInt8]?
    /// The response being processed (becomes `lastResponse` when a request is sent for it).
    var triggeringResponse: [UInt8]?

    /// `initialIdentifier` is used only when the conversation starts with an EAP-Start.
    public init(settings: EAPAKAServerSettings, initialIdentifier: UInt8 = 0) {
        self.settings = settings
        self.outstandingIdentifier = initialIdentifier
        self.lastResponseIdentifier = initialIdentifier &- 1
    }

    /// True once accepted, rejected or timed out.
    public var isFinished: Bool {
        if case .finished = phase { return true }
        return false
    }

    /// The subscriber, once a permanent identity is known.
    public var subscriberIMSI: IMSI? { imsi }

    /// The realm of the identity the keys are derived from (nil without `@`).
    var identityRealm: String? { (try? NAI(bytes: identityBytes))?.realm }

    /// Feeds one event.
    public mutating func handle(_ event: ConversationEvent) -> ConversationStep {
        switch event {
        case .response(let bytes):
            return receive(bytes)
        case .vectors(let vectors):
            guard case .fetchingVectors = phase else { return ConversationStep(.discard(reason: "unexpected vectors")) }
            return challenge(with: vectors)
        case .vectorFetchFailed(let error):
            guard case .fetchingVectors = phase else {
                return ConversationStep(.discard(reason: "unexpected vector failure"))
            }
            return reject(Self.reason(for: error))
        case .timeout:
            guard !isFinished else { return ConversationStep(.discard(reason: "conversation already finished")) }
            return reject(.timeout)
        }
    }

    static func reason(for error: VectorFetchError) -> ConversationRejectReason {
        switch error {
        case .userUnknown: return .userUnknown
        case .timeout: return .hssUnavailable("no answer in time")
        case .unavailable(let why): return .hssUnavailable(why)
        case .rejected(let code): return .hssRejected(resultCode: code)
        case .invalidAnswer(let why): return .hssUnavailable("invalid answer: \(why)")
        }
    }

    // MARK: Receiving

    private mutating func receive(_ bytes: [UInt8]) -> ConversationStep {
        switch phase {
        case .finished:
            return ConversationStep(.discard(reason: "conversation already finished"))
        case .fetchingVectors:
            return ConversationStep(.discard(reason: "waiting for the HSS"))
        case .start:
            if bytes.isEmpty { return startWithIdentityRequest() }
        case .identityRequested, .akaIdentityRequested, .challengeSent, .notificationSent:
            // A response we already answered (the AP or frontend retransmitted): same request again.
            if let lastRequest, let lastResponse, lastResponse == bytes {
                return ConversationStep(.sendRequest(lastRequest))
            }
        }
        let packet: EAPPacket
        do {
            packet = try EAPPacket(decoding: bytes)
        } catch {
            return ConversationStep(.discard(reason: "EAP message decode failure: \(error)"))
        }
        guard packet.code == .response else {
            return ConversationStep(.discard(reason: "EAP code \(packet.code) is not a Response"))
        }
        if case .start = phase {
            // The AP ran the EAP-Request/Identity itself; any identifier is acceptable.
        } else if packet.identifier != outstandingIdentifier {
            return ConversationStep(
                .discard(reason: "EAP identifier \(packet.identifier) does not match the request's \(outstandingIdentifier)"))
        }
        lastResponseIdentifier = packet.identifier
        triggeringResponse = bytes
        if let desired = packet.nakDesiredTypes {
            return reject(.methodRefused(desired: desired.map(\.rawValue)))
        }
        switch phase {
        case .start, .identityRequested:
            guard let identity = packet.responseIdentityBytes else {
                return reject(.protocolViolation("conversation must begin with EAP-Response/Identity"))
            }
            return receiveIdentity(identity)
        case .akaIdentityRequested(let requested):
            return receiveAKAIdentity(packet, raw: bytes, requested: requested)
        case .challengeSent(let context):
            return receiveChallengeResponse(packet, raw: bytes, context: context)
        case .notificationSent(let context):
            return receiveNotificationResponse(packet, raw: bytes, context: context)
        case .fetchingVectors, .finished:
            return ConversationStep(.discard(reason: "no response expected"))
        }
    }

    private mutating func startWithIdentityRequest() -> ConversationStep {
        do {
            let request = try EAPPacket.identityRequest(identifier: outstandingIdentifier).encode()
            phase = .identityRequested
            lastRequest = request
            return ConversationStep(.sendRequest(request))
        } catch {
            return reject(.internalError("EAP-Request/Identity: \(error)"))
        }
    }

    // MARK: Outcomes

    /// Records `request` as the outstanding one.
    mutating func send(_ request: [UInt8], identifier: UInt8, notes: [ConversationNote] = []) -> ConversationStep {
        outstandingIdentifier = identifier
        lastRequest = request
        lastResponse = triggeringResponse
        return ConversationStep(.sendRequest(request), notes: notes)
    }

    /// The identifier of the next request.
    var nextIdentifier: UInt8 { lastResponseIdentifier &+ 1 }

    mutating func reject(_ reason: ConversationRejectReason, notes: [ConversationNote] = []) -> ConversationStep {
        phase = .finished
        let failure = EAPPacket.failure(identifier: lastResponseIdentifier).encode()
        return ConversationStep(.reject(ConversationRejection(eapFailure: failure, reason: reason)), notes: notes)
    }

    mutating func accept(_ context: ChallengeContext) -> ConversationStep {
        guard let imsi, let method else { return reject(.internalError("accepting without a subscriber")) }
        phase = .finished
        let identity = String(decoding: identityBytes, as: UTF8.self)
        return ConversationStep(.accept(ConversationAcceptance(
            eapSuccess: EAPPacket.success(identifier: lastResponseIdentifier).encode(),
            msk: context.msk, emsk: context.emsk, identity: identity, imsi: imsi, method: method,
            servingHSS: context.servingHSS)))
    }
}

extension EAPAKAServerConversation: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Phase and subscriber only: the conversation holds K_aut, MSK and XRES.
    public var description: String {
        let phaseName: String
        switch phase {
        case .start: phaseName = "start"
        case .identityRequested: phaseName = "identity-requested"
        case .akaIdentityRequested: phaseName = "aka-identity-requested"
        case .fetchingVectors: phaseName = "fetching-vectors"
        case .challengeSent: phaseName = "challenge-sent"
        case .notificationSent: phaseName = "notification-sent"
        case .finished: phaseName = "finished"
        }
        return "EAPAKAServerConversation(phase: \(phaseName), imsi: \(imsi?.digits ?? "-"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
