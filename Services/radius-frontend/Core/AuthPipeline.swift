import Foundation
import Logging
import NIOConcurrencyHelpers
import RADIUS
import SessionStore
import TWAGConfiguration

/// Settings of the request pipeline, from the `radius` section plus the instance id.
public struct PipelineSettings: Sendable {
    public var frontendID: String
    public var requireMessageAuthenticator: Bool
    public var reply: ReplySettings
    public var duplicateWindow: Duration
    /// Requests between validation and answer at once; beyond it new ones are dropped
    /// (`overloaded`) so a flood cannot pile up tasks and memory.
    public var maximumInFlight: Int
    /// Bound of the duplicate cache.
    public var maximumCachedRequests: Int
    /// `store_required_for_accept`: an Accept whose session row cannot be stored becomes a Reject.
    public var storeRequiredForAccept = false

    public init(frontendID: String, requireMessageAuthenticator: Bool = true, reply: ReplySettings = ReplySettings(),
                duplicateWindow: Duration = .seconds(30), maximumInFlight: Int = 10_000, maximumCachedRequests: Int = 200_000) {
        self.frontendID = frontendID
        self.requireMessageAuthenticator = requireMessageAuthenticator
        self.reply = reply
        self.duplicateWindow = duplicateWindow
        self.maximumInFlight = maximumInFlight
        self.maximumCachedRequests = maximumCachedRequests
    }

    public init(radius: RADIUSConfiguration, frontendID: String) {
        self.init(frontendID: frontendID, requireMessageAuthenticator: radius.requireMessageAuthenticator,
                  reply: ReplySettings(radius: radius), duplicateWindow: .seconds(radius.duplicateWindowSeconds))
    }
}

/// Everything between a received datagram and the bytes to send back, for the authentication
/// port: source policy, validation, duplicate detection, forwarding to aaa-core, reply building,
/// AP registry and metrics. NIO handlers call ``handle(_:from:answer:)`` and send what it
/// answers; nil means stay silent.
public final class AuthPipeline: RADIUSDatagramResponder {

    private let policy: SourcePolicy
    private let validator: RequestValidator
    private let settings: PipelineSettings
    private let forwarder: any AuthForwarder
    private let registry: AccessPointRegistry?
    private let metrics: FrontendMetrics
    private let logger: Logger
    private let clock: @Sendable () -> ContinuousClock.Instant
    /// Upstream failures share one log window whatever the AP.
    private let upstreamLog = NIOLockedValueBox(DropLogLimiter())
    private let admission: RequestAdmission
    private let drops: DropReporter
    private let sessions: SessionWriter?

    public init(policy: SourcePolicy, settings: PipelineSettings, forwarder: any AuthForwarder,
                registry: AccessPointRegistry?, sessions: SessionWriter? = nil, metrics: FrontendMetrics, logger: Logger,
                clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.sessions = sessions
        self.drops = DropReporter(metrics: metrics, logger: logger, clock: clock)
        self.policy = policy
        self.validator = RequestValidator(requireMessageAuthenticator: settings.requireMessageAuthenticator)
        self.settings = settings
        self.forwarder = forwarder
        self.registry = registry
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.admission = RequestAdmission(settings: settings)
    }

    /// Serves `datagram`. Validation and the duplicate cache run on the caller's thread; the
    /// answer comes back through `answer` once aaa-core (and, for an Accept, the session row) is
    /// done, on the IPC connection's or the session writer's event loop: no task per request.
    public func handle(_ datagram: [UInt8], from client: ClientEndpoint, answer: @escaping @Sendable ([UInt8]?) -> Void) {
        guard case .allowed(let secret) = policy.evaluate(client) else {
            return answer(drop(.sourceNotAllowed, from: client))
        }
        let request: RADIUSPacket
        switch validator.validate(datagram, secret: secret) {
        case .failure(let reason):
            return answer(drop(reason, from: client))
        case .success(let validated):
            request = validated.packet
        }
        if request.code == .statusServer {
            return answer(answerStatusServer(request, from: client, secret: secret))
        }
        metrics.accessRequests.increment()
        logger.debug("From \(client.ipText): Access-Request received",
                     metadata: ["client": "\(client)", "id": "\(request.identifier)"])
        switch admission.admit(request, from: client, now: clock()) {
        case .overloaded:
            answer(drop(.overloaded, from: client))
        case .inProgress:
            answer(drop(.duplicateInProgress, from: client))
        case .answered(let bytes):
            metrics.duplicatesAnswered.increment()
            logger.debug("Retransmission from \(client) answered from cache", metadata: ["id": "\(request.identifier)"])
            answer(bytes)
        case .new(let key):
            decide(request, from: client, secret: secret) { [admission, clock] reply in
                admission.finish(key, answer: reply, now: clock())
                answer(reply)
            }
        }
    }

    /// Number of requests being processed (tests, diagnostics).
    public var inFlight: Int { admission.inFlight }

    /// aaa-core's decision, the session row for an Accept, then the reply.
    private func decide(_ request: RADIUSPacket, from client: ClientEndpoint, secret: [UInt8],
                        reply: @escaping @Sendable ([UInt8]?) -> Void) {
        let observation = AccessPointObservation(packet: request, client: client)
        registry?.observe(observation)
        guard let forward = AuthForwardRequest(packet: request, client: client, frontendID: settings.frontendID) else {
            logger.notice("Access-Request without EAP-Message from \(client.ipText) rejected: only EAP is served")
            return reply(send(try ReplyBuilder.rejectWithoutEAP(to: request, secret: secret), to: client, observation: nil,
                              request: request))
        }
        forwarder.forward(forward) { [self] result in
            let decision: AuthDecision
            switch result {
            case .success(let decided):
                decision = decided
            case .failure(let error):
                metrics.upstreamFailures.increment()
                let now = clock()
                // One line per interval, not one per request, while aaa-core is down.
                if let suppressed = upstreamLog.withLockedValue({ $0.admit(now: now) }) {
                    logger.warning("No decision from aaa-core for \(client): \(error); not answering (the AP retransmits)",
                                   metadata: suppressed > 0 ? ["suppressed": "\(suppressed)"] : [:])
                }
                return reply(nil)
            }
            if case .discard(let reason) = decision {
                logger.debug("aaa-core discarded the request from \(client)", metadata: ["reason": "\(reason ?? "-")"])
                return reply(nil)
            }
            guard case .accept(let acceptance) = decision, sessions != nil else {
                return reply(build(decision, for: request, from: client, secret: secret, observation: observation))
            }
            if settings.storeRequiredForAccept {
                // store_required_for_accept: the row first, and without it no Accept.
                recordSession(acceptance, request: request, client: client) { [self] stored in
                    var decision = decision
                    if !stored {
                        metrics.storeWithheldAccepts.increment()
                        logger.warning("Access-Accept withheld from \(client.ipText): session not stored (store_required_for_accept)",
                                       metadata: ["user": "\(acceptance.userName ?? request.userName ?? "-")"])
                        decision = .reject(eap: EAPFailure.replacing(success: acceptance.eap), reason: "session store unavailable")
                    }
                    reply(build(decision, for: request, from: client, secret: secret, observation: observation))
                }
            } else {
                // The row is written before the Accept leaves; a store failure still lets the subscriber in.
                guard let bytes = build(decision, for: request, from: client, secret: secret, observation: observation) else {
                    return reply(nil)
                }
                recordSession(acceptance, request: request, client: client) { _ in reply(bytes) }
            }
        }
    }

    private func build(_ decision: AuthDecision, for request: RADIUSPacket, from client: ClientEndpoint, secret: [UInt8],
                       observation: AccessPointObservation) -> [UInt8]? {
        send(try ReplyBuilder.reply(to: request, decision: decision, secret: secret, settings: settings.reply),
             to: client, observation: observation, request: request)
    }

    /// Writes the accepted session before the Accept leaves, so accounting, deregistration and
    /// Disconnect find it. A store failure is logged and counted; unless `store_required_for_accept`
    /// the subscriber still gets in. `done` gets whether the row is stored.
    private func recordSession(_ acceptance: AuthAcceptance, request: RADIUSPacket, client: ClientEndpoint,
                               done: @escaping @Sendable (Bool) -> Void) {
        guard let sessions else { return done(false) }
        let session = AuthorizedSession(
            sessionClass: String(decoding: acceptance.sessionClass, as: UTF8.self), imsi: acceptance.imsi ?? "",
            userName: acceptance.userName ?? request.userName ?? "", callingStationID: request.callingStationId,
            calledStationID: request.calledStationId,
            nasIP: request.nasIPAddress?.description ?? request.nasIPv6Address?.description,
            nasIdentifier: request.nasIdentifier, clientIP: client.ipText, frontendID: settings.frontendID,
            servingHSS: acceptance.servingHSS, hssRegistered: acceptance.hssRegistered, acceptedAt: Date())
        sessions.submit(.authorized(session)) { [metrics, logger] result in
            switch result {
            case .success:
                done(true)
            case .failure(let error):
                metrics.sessionStoreFailures.increment()
                logger.error("Session of \(session.userName) not recorded: \(error)", metadata: ["class": "\(session.sessionClass)"])
                done(false)
            }
        }
    }

    /// Counts and returns an encoded reply; a build failure is logged and leaves the request unanswered.
    private func send(_ build: @autoclosure () throws(ReplyBuildError) -> EncodedReply?, to client: ClientEndpoint,
                      observation: AccessPointObservation?, request: RADIUSPacket) -> [UInt8]? {
        let reply: EncodedReply?
        do {
            reply = try build()
        } catch {
            metrics.upstreamFailures.increment()
            logger.error("Cannot build the reply for \(client): \(error)")
            return nil
        }
        guard let reply else { return nil }
        switch reply.code {
        case .accessAccept:
            metrics.accessAccepts.increment()
            if let observation, let station = AccessPointObservation.stationID(of: request) {
                registry?.recordAccept(station: station, on: observation)
            }
        case .accessReject:
            metrics.accessRejects.increment()
        case .accessChallenge:
            metrics.accessChallenges.increment()
        default:
            break
        }
        logger.debug("To \(client): \(reply.code)", metadata: ["id": "\(request.identifier)"])
        return reply.bytes
    }

    private func answerStatusServer(_ request: RADIUSPacket, from client: ClientEndpoint, secret: [UInt8]) -> [UInt8]? {
        do {
            let reply = try ReplyBuilder.statusServerReply(to: request, secret: secret)
            metrics.statusServerAnswers.increment()
            logger.debug("From \(client.ipText): Status-Server answered")
            return reply.bytes
        } catch {
            logger.error("Cannot build the Status-Server reply for \(client): \(error)")
            return nil
        }
    }

    private func drop(_ reason: DropReason, from client: ClientEndpoint) -> [UInt8]? {
        drops.drop(reason, from: client)
    }
}
