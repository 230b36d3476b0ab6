import Foundation
import Logging
import NIOConcurrencyHelpers
import RADIUS
import SessionStore

/// Everything between a datagram on the accounting port and the Accounting-Response: source
/// policy, request authenticator (RFC 2866 3), duplicate detection (RFC 5080), the durable write,
/// metrics. The Accounting-Response leaves only after the record is committed, so an acknowledged
/// record is never lost; when the store fails nothing is answered and the AP retransmits.
public final class AccountingPipeline: RADIUSDatagramResponder {
    private let policy: SourcePolicy
    private let settings: PipelineSettings
    private let writer: SessionWriter
    private let metrics: FrontendMetrics
    private let logger: Logger
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let storeLog = NIOLockedValueBox(DropLogLimiter())
    private let admission: RequestAdmission
    private let drops: DropReporter
    /// charging-agent, when charging is on.
    private let usage: (any UsageNotifier)?

    public init(policy: SourcePolicy, settings: PipelineSettings, writer: SessionWriter, metrics: FrontendMetrics,
                logger: Logger, usage: (any UsageNotifier)? = nil,
                clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.usage = usage
        self.policy = policy
        self.settings = settings
        self.writer = writer
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.drops = DropReporter(metrics: metrics, logger: logger, clock: clock)
        self.admission = RequestAdmission(settings: settings)
    }

    /// Number of requests being processed (tests, shutdown drain).
    public var inFlight: Int { admission.inFlight }

    /// Serves `datagram` without a task: validation and the duplicate cache run on the caller's
    /// thread (the event loop), the record goes to the session writer, and the Accounting-Response
    /// is built in the writer's completion, delivered on the event loop after the commit. A task
    /// per request cost its allocation, its continuation and two executor hops (issue #10).
    public func handle(_ datagram: [UInt8], from client: ClientEndpoint, answer: @escaping @Sendable ([UInt8]?) -> Void) {
        guard case .allowed(let secret) = policy.evaluate(client) else {
            return answer(drops.drop(.sourceNotAllowed, from: client))
        }
        let request: RADIUSPacket
        switch RequestValidator.accounting.validate(datagram, secret: secret) {
        case .failure(let reason): return answer(drops.drop(reason, from: client))
        case .success(let validated): request = validated.packet
        }
        if request.code == .statusServer {
            // RFC 5997 3.2: Status-Server on the accounting port gets an Accounting-Response.
            let reply = try? RADIUSPacket.reply(to: request, code: .accountingResponse)
                .encodeResponse(secret: secret, requestAuthenticator: request.authenticator, messageAuthenticator: .first)
            if reply != nil { metrics.statusServerAnswers.increment() }
            return answer(reply)
        }
        guard let statusType = request.uint32Value(of: .acctStatusType) else {
            return answer(drops.drop(.missingStatusType, from: client))
        }
        metrics.accountingRequest(statusType: statusType)
        switch admission.admit(request, from: client, now: clock()) {
        case .overloaded:
            answer(drops.drop(.overloaded, from: client))
        case .inProgress:
            answer(drops.drop(.duplicateInProgress, from: client))
        case .answered(let bytes):
            metrics.duplicatesAnswered.increment()
            answer(bytes)
        case .new(let key):
            commit(request, statusType: statusType, from: client, secret: secret) { [admission, clock] reply in
                admission.finish(key, answer: reply, now: clock())
                answer(reply)
            }
        }
    }

    private func commit(_ request: RADIUSPacket, statusType: UInt32, from client: ClientEndpoint,
                        secret: [UInt8], answer: @escaping @Sendable ([UInt8]?) -> Void) {
        let entry = AccountingEntry(packet: request, statusType: statusType, client: client,
                                    frontendID: settings.frontendID, receivedAt: Date())
        let started = ContinuousClock.now
        writer.submit(.accounting(entry)) { [self] result in
            switch result {
            case .success(.accounting(let outcome)):
                metrics.accountingCommit.record(duration: ContinuousClock.now - started)
                answer(respond(to: request, outcome: outcome, entry: entry, client: client, secret: secret))
            case .success:
                answer(nil)
            case .failure(let error):
                metrics.accountingStoreFailures.increment()
                let now = clock()
                if let suppressed = storeLog.withLockedValue({ $0.admit(now: now) }) {
                    logger.error("Accounting record from \(client) not stored: \(error); not answering (the AP retransmits)",
                                 metadata: suppressed > 0 ? ["suppressed": "\(suppressed)"] : [:])
                }
                answer(nil)
            }
        }
    }

    /// The Accounting-Response for a committed record.
    private func respond(to request: RADIUSPacket, outcome: AccountingOutcome, entry: AccountingEntry,
                         client: ClientEndpoint, secret: [UInt8]) -> [UInt8]? {
        log(outcome, entry: entry, client: client)
        switch outcome {
        case .stored(let recordID, _), .nasRestart(let recordID, _): usage?.committed(recordID: recordID)
        case .duplicate: break
        }
        do {
            let reply = try RADIUSPacket.reply(to: request, code: .accountingResponse)
                .encodeResponse(secret: secret, requestAuthenticator: request.authenticator,
                                messageAuthenticator: request.has(.messageAuthenticator) ? .first : .ifPresent)
            metrics.accountingResponses.increment()
            return reply
        } catch {
            logger.error("Cannot build the Accounting-Response for \(client): \(error)")
            return nil
        }
    }

    /// Metrics always; the log line (and its metadata, built only then) when the level lets it out:
    /// most records are Interim-Updates logged at debug, and building the metadata for nothing
    /// cost every request a dictionary and three interpolations.
    private func log(_ outcome: AccountingOutcome, entry: AccountingEntry, client: ClientEndpoint) {
        let level: Logger.Level
        switch outcome {
        case .duplicate:
            metrics.accountingDuplicates.increment()
            level = .debug
        case .nasRestart:
            level = .notice
        case .stored(_, let sessionID):
            if sessionID == nil { metrics.accountingUnmatched.increment() }
            level = sessionID == nil || entry.status == .stop ? .info : .debug
        }
        guard logger.logLevel <= level else { return }
        let status = AcctStatusType(rawValue: entry.statusType)?.description ?? "Acct-Status-Type \(entry.statusType)"
        var metadata: Logger.Metadata = ["client": "\(client)", "acct_session_id": "\(entry.acctSessionID ?? "-")"]
        if let user = entry.userName { metadata["user"] = "\(user)" }
        switch outcome {
        case .duplicate:
            logger.debug("Accounting \(status) already stored: acknowledged again", metadata: metadata)
        case .nasRestart(_, let ended):
            logger.notice("Accounting \(status) from \(client.ipText): \(ended) session(s) of that NAS ended", metadata: metadata)
        case .stored(_, let sessionID):
            if sessionID == nil {
                logger.info("Accounting \(status) matches no session: stored unmatched", metadata: metadata)
            } else if entry.status == .stop {
                metadata["cause"] = "\(entry.terminateCauseName ?? "-")"
                logger.info("Accounting Stop: session ended", metadata: metadata)
            } else {
                logger.debug("Accounting \(status) stored", metadata: metadata)
            }
        }
    }
}
