import Foundation
import EAP
import EAPAKA
import IPC
import Logging
import OperatorStatus
import NAI
import WireFormat

/// Runs EAP-AKA/AKA' conversations for the RADIUS frontends: one call per Access-Request.
///
/// Holds no mutable state of its own: conversations live in the `ConversationTable` actor, the
/// HSS is behind a `VectorSource`. Safe to call concurrently from every IPC connection; the
/// key derivations (tens of microseconds) run on the caller's task, never on an event loop.
///
/// SWx registration (SAR, TS 29.273 8.1.2.2) happens here, after the conversation's `.accept` and
/// before the Accept leaves, rather than as a conversation action: the EAP-AKA state machine ends
/// where RFC 4187 ends (keys agreed, EAP-Success built), while registering at the HSS and checking
/// the non-3GPP profile is an AAA authorisation step that only needs the IMSI and the serving HSS.
/// The engine already owns the I/O (the vector fetch), so the conversation stays pure and
/// unaware of Diameter. A refused registration turns the EAP-Success into an EAP-Failure with the
/// same identifier. Limitation: with protected result indications (AT_RESULT_IND) the peer has
/// already seen the success notification when the SAR runs; the final EAP-Failure still denies access.
public final class AuthenticationEngine: Sendable {
    public let settings: AAACoreSettings
    public let table: ConversationTable
    private let vectorSource: any VectorSource
    /// nil: `diameter.registration.enabled` is false (or every HSS peer speaks Cx); no SAR is sent.
    private let registrar: (any SubscriberRegistrar)?
    /// nil: `charging.mode` is off; no CCR-I before the Accept.
    private let charging: (any ChargingAuthorizer)?
    /// Latest outcome per subscriber for the operator surface.
    public let journal: AuthenticationJournal
    private let logger: Logger
    private let metrics: AAACoreMetrics
    private let now: @Sendable () -> ContinuousClock.Instant
    private let randomBytes: @Sendable (Int) -> [UInt8]

    public init(settings: AAACoreSettings, vectorSource: any VectorSource, registrar: (any SubscriberRegistrar)? = nil,
                charging: (any ChargingAuthorizer)? = nil, table: ConversationTable, journal: AuthenticationJournal = AuthenticationJournal(),
                logger: Logger, metrics: AAACoreMetrics = AAACoreMetrics(),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
                randomBytes: @escaping @Sendable (Int) -> [UInt8] = ConversationTable.systemRandomBytes) {
        self.settings = settings
        self.vectorSource = vectorSource
        self.registrar = registrar
        self.charging = charging
        self.table = table
        self.journal = journal
        self.logger = logger
        self.metrics = metrics
        self.now = now
        self.randomBytes = randomBytes
    }

    /// Serves one IPC frame: `.authRequest` gets its decision; anything else an `.error` reply.
    public func handle(_ frame: IPCFrame) async -> IPCFrame {
        guard frame.type == .authRequest else {
            return IPCFrame.error(.unsupportedMessage, "aaa-core does not serve \(frame.type)",
                                  correlationID: frame.correlationID)
        }
        let request: AuthRequest
        do {
            request = try AuthRequest(frame: frame)
        } catch {
            return IPCFrame.error(.malformedMessage, error.description, correlationID: frame.correlationID)
        }
        return await authenticate(request).frame(correlationID: frame.correlationID)
    }

    /// Decides one Access-Request.
    public func authenticate(_ request: AuthRequest) async -> AuthDecision {
        let started = now()
        var log = RequestLog(logger, callingStation: request.callingStationID, accessPoint: request.clientAddress)

        let token: ConversationStateToken
        var conversation: EAPAKAServerConversation
        let isNew: Bool
        // A fresh EAP-Response/Identity starts a new conversation even when the AP echoes a State we
        // no longer hold (a peer restarting after our timeout), instead of being rejected.
        let restartsWithIdentity = Self.isIdentityResponse(request.eapMessage)
        var existing: (ConversationStateToken, EAPAKAServerConversation)?
        if let state = request.radiusState {
            switch await table.checkOut(state: state, now: now()) {
            case .found(let found):
                guard let parsed = ConversationStateToken(bytes: state) else {
                    return reject(.unknownConversation, request: request, log: log)
                }
                existing = (parsed, found)
            case .busy:
                log.debug("Access-Request discarded: its conversation is being processed")
                return .discard(reason: "conversation busy")
            case .foreign(let instance):
                log.warning("Access-Request discarded: State issued by instance \(String(instance, radix: 16))")
                return .discard(reason: "State issued by another instance")
            case .unknown:
                if let reply = await table.finishedReply(state: state, response: request.eapMessage, now: now()) {
                    metrics.finalAnswerReplayed.increment()
                    log.info("Final answer replayed to a retransmitted Access-Request", metadata: ["decision": "\(reply.kind)"])
                    return reply.decision
                }
                guard restartsWithIdentity else { return reject(.unknownConversation, request: request, log: log) }
            case .malformed:
                guard restartsWithIdentity else { return reject(.unknownConversation, request: request, log: log) }
            }
        }
        if let existing {
            (token, conversation) = existing
            isNew = false
        } else {
            guard let created = await table.create(now: now()) else {
                return reject(.overloaded, request: request, log: log)
            }
            token = created
            conversation = EAPAKAServerConversation(settings: settings.conversation,
                                                    initialIdentifier: randomBytes(1).first ?? 0)
            isNew = true
        }

        var step = conversation.handle(.response(request.eapMessage))
        // At most two rounds: a response may lead to one HSS fetch, whose result never asks for another.
        while true {
            if log.imsi == nil, let imsi = conversation.subscriberIMSI { log.imsi = imsi.digits }
            record(step.notes, log: log)
            switch step.action {
            case .fetchVectors(let vectorRequest):
                do {
                    let fetchStarted = now()
                    let vectors = try await vectorSource.fetch(vectorRequest)
                    metrics.phase(.vectorFetch, duration: now() - fetchStarted)
                    step = conversation.handle(.vectors(vectors))
                } catch {
                    log.warning("Vector fetch failed: \(error)")
                    step = conversation.handle(.vectorFetchFailed(error))
                }
            case .sendRequest(let bytes):
                metrics.phase(.identity, duration: now() - started)
                if let imsi = conversation.subscriberIMSI {
                    journal.record(event(request, imsi: imsi.digits, state: .authenticating))
                }
                await table.checkIn(state: token, conversation: conversation, now: now())
                return .challenge(eapMessage: bytes, radiusState: token.bytes)
            case .accept(let acceptance):
                // The conversation stays checked out during the CCR-I and the SAR: AP retransmissions
                // are discarded as busy. Charging goes first: a charging session whose Accept never
                // happens is closed by charging-agent, while an HSS registration would be left behind.
                let sessionClass = "twag:" + randomBytes(8).hexString
                let gate = await authorizeCharging(acceptance, sessionClass: sessionClass, request: request, log: log)
                let registration: RegistrationStep
                if case .refused(let refusal) = gate {
                    registration = .refused(refusal)
                } else {
                    registration = await register(acceptance, log: log)
                }
                let reply: FinishedConversation.Reply
                if case .refused(let refusal) = registration {
                    let identifier = (try? EAPPacket(decoding: acceptance.eapSuccess))?.identifier ?? 0
                    reply = rejected(ConversationRejection(
                        eapFailure: EAPPacket.failure(identifier: identifier).encode(), reason: refusal), log: log)
                } else {
                    var charged: IPCChargingResult?
                    if case .admitted(let result) = gate { charged = result }
                    reply = .accept(accept(acceptance, sessionClass: sessionClass, registered: registration.isRegistered,
                                           charging: charged, log: log))
                }
                await finish(token, isNew: isNew, request: request, reply: reply, imsi: acceptance.imsi.digits,
                             started: started)
                return reply.decision
            case .reject(let rejection):
                let reply = rejected(rejection, log: log)
                await finish(token, isNew: isNew, request: request, reply: reply,
                             imsi: conversation.subscriberIMSI?.digits, started: started)
                return reply.decision
            case .discard(let reason):
                if isNew {
                    await table.remove(state: token)
                } else {
                    await table.checkIn(state: token, conversation: conversation, now: now())
                }
                // Notice, not debug: a bad AT_MAC or a malformed packet from an AP is worth seeing.
                log.notice("EAP message discarded: \(reason)")
                return .discard(reason: reason)
            }
        }
    }

    /// Turns notes into the operator's log lines and counters.
    private func record(_ notes: [ConversationNote], log: RequestLog) {
        for note in notes {
            switch note {
            case .identityResponse(let identity):
                metrics.identity.increment()
                log.info("Phase 1: Identity response", metadata: ["identity": "\(identity)"])
            case .identityRequested(let kind, let method):
                log.info("Identity not usable, requesting another with AKA-Identity",
                         metadata: ["request": "\(kind)", "method": "\(method.displayName)"])
            case .challengeSent(let method, _, let afterResync):
                metrics.challenge.increment()
                log.info("Phase 2: AKA Challenge",
                         metadata: ["method": "\(method.displayName)", "resynchronised": "\(afterResync)"])
            case .synchronizationFailure:
                metrics.syncFailure.increment()
                log.info("Sequence number synchronization required")
            case .resVerificationFailed(let expected, let received):
                log.debug("RES verification failed: expected \(expected), got \(received)")
            }
        }
    }

    /// What the registration step decided for an Accept.
    private enum RegistrationStep {
        /// Registered at the HSS: the session must be deregistered when it ends.
        case registered
        /// Nothing registered (no registrar, or a Cx HSS): accept.
        case notRegistered
        case refused(ConversationRejectReason)

        var isRegistered: Bool {
            if case .registered = self { return true }
            return false
        }
    }

    /// Registers the subscriber at the HSS when a registrar is configured.
    private func register(_ acceptance: ConversationAcceptance, log: RequestLog) async -> RegistrationStep {
        guard let registrar else { return .notRegistered }
        do {
            let outcome = try await registrar.register(imsi: acceptance.imsi, servingHSS: acceptance.servingHSS)
            metrics.serverAssignment(result: outcome.metricLabel)
            switch outcome {
            case .registered:
                log.debug("SWx registration done", metadata: ["hss": "\(acceptance.servingHSS ?? "-")"])
                return .registered
            case .skipped:
                log.debug("SWx registration skipped: the serving HSS is a Cx peer")
                return .notRegistered
            case .barred:
                return .refused(.non3GPPAccessBarred)
            }
        } catch {
            metrics.serverAssignment(result: error.metricLabel)
            log.warning("SWx registration failed: \(error)", metadata: ["hss": "\(acceptance.servingHSS ?? "-")"])
            return .refused(error.rejectReason)
        }
    }

    /// Ends the conversation, keeping its answer for retransmissions of this request. A conversation
    /// that ends on its first request keeps nothing: its State never reached the AP.
    private func finish(_ token: ConversationStateToken, isNew: Bool, request: AuthRequest,
                        reply: FinishedConversation.Reply, imsi: String?, started: ContinuousClock.Instant) async {
        let accepted = reply.isAccept
        switch reply {
        case .accept(let acceptance):
            journal.record(event(request, imsi: imsi, state: .accepted, sessionClass: acceptance.sessionClass))
        case .reject(_, let reason):
            journal.record(event(request, imsi: imsi, state: .rejected, reason: reason))
        }
        metrics.phase(.challenge, duration: now() - started)
        guard !isNew else {
            metrics.authentication(accepted: accepted, duration: now() - started)
            return await table.remove(state: token)
        }
        let age = await table.finish(state: token, record: FinishedConversation(lastResponse: request.eapMessage, reply: reply),
                                     now: now())
        if let age { metrics.authentication(accepted: accepted, duration: age) }
    }

    private func rejected(_ rejection: ConversationRejection, log: RequestLog) -> FinishedConversation.Reply {
        metrics.rejected(rejection.reason)
        log.info("Authentication REJECTED: \(rejection.reason.text)")
        return .reject(eapMessage: rejection.eapFailure, reason: rejection.reason.text)
    }

    private func accept(_ acceptance: ConversationAcceptance, sessionClass: String, registered: Bool,
                        charging: IPCChargingResult?, log: RequestLog) -> AuthAcceptance {
        metrics.authSuccess.increment()
        log.info("Authentication ACCEPTED", metadata: [
            "imsi": "\(acceptance.imsi.digits)", "identity": "\(acceptance.identity)",
            "method": "\(acceptance.method.displayName)", "class": "\(sessionClass)",
        ])
        // Charging's limits tighten the configured ones: the grant's lifetime bounds the session, and
        // interim updates must come often enough for the quota threshold to be seen in time.
        return AuthAcceptance(
            eapMessage: acceptance.eapSuccess, msk: acceptance.msk, sessionClass: sessionClass,
            acceptedUserName: acceptance.identity, imsi: acceptance.imsi.digits,
            sessionTimeout: Self.tighter(settings.sessionTimeoutSeconds, charging?.sessionTimeout),
            acctInterimInterval: Self.tighter(settings.acctInterimIntervalSeconds, charging?.acctInterimInterval),
            hssRegistered: registered, servingHSS: acceptance.servingHSS)
    }

    static func tighter(_ a: UInt32?, _ b: UInt32?) -> UInt32? {
        switch (a, b) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b): return b
        }
    }

    /// The CCR-I through charging-agent, when charging is on.
    private func authorizeCharging(_ acceptance: ConversationAcceptance, sessionClass: String, request: AuthRequest,
                                   log: RequestLog) async -> ChargingGate {
        guard let charging else { return .admitted(IPCChargingResult(resultCode: IPCChargingResult.admitted)) }
        let gate = await charging.authorize(IPCChargingAuthorize(
            sessionClass: sessionClass, imsi: acceptance.imsi.digits, userName: acceptance.identity,
            callingStationID: request.callingStationID, calledStationID: request.calledStationID, nasIP: request.nasIP))
        if case .admitted(let result) = gate, result.degraded {
            log.warning("Charging unavailable: subscriber admitted without credit control (failure handling continue)")
        }
        return gate
    }

    static func isIdentityResponse(_ eap: [UInt8]) -> Bool {
        (try? EAPPacket(decoding: eap))?.responseIdentityBytes != nil
    }

    /// A reject decided before any conversation ran (no State, table full).
    private func reject(_ reason: ConversationRejectReason, request: AuthRequest, log: RequestLog)
        -> AuthDecision
    {
        metrics.rejected(reason)
        log.info("Authentication REJECTED: \(reason.text)")
        journal.record(event(request, imsi: nil, state: .rejected, reason: reason.text))
        let identifier = (try? EAPPacket(decoding: request.eapMessage))?.identifier ?? 0
        return .reject(eapMessage: EAPPacket.failure(identifier: identifier).encode(), reason: reason.text)
    }

    private func event(_ request: AuthRequest, imsi: String?, state: AuthenticationEvent.State, reason: String? = nil,
                       sessionClass: String? = nil) -> AuthenticationEvent {
        AuthenticationEvent(identity: request.userName ?? imsi ?? "-", imsi: imsi, state: state, reason: reason,
                            accessPoint: request.clientAddress.map(AuthenticationEvent.host(ofEndpoint:)),
                            callingStationID: request.callingStationID,
                            sessionClass: sessionClass, at: Date())
    }
}
