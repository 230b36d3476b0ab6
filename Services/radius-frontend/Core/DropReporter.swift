import Logging
import NIOConcurrencyHelpers

/// Counts and logs silently discarded datagrams for one port, one log line per source and reason
/// per interval (a misconfigured AP retransmitting must not flood the log).
final class DropReporter: Sendable {
    private let metrics: FrontendMetrics
    private let logger: Logger
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let limiter = NIOLockedValueBox(DropLogLimiter())

    init(metrics: FrontendMetrics, logger: Logger, clock: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    /// Always nil: the datagram is not answered.
    func drop(_ reason: DropReason, from client: ClientEndpoint) -> [UInt8]? {
        metrics.drop(reason)
        if reason == .duplicateInProgress {
            logger.debug("Retransmission from \(client) dropped: first copy still in progress")
            return nil
        }
        let now = clock()
        guard let suppressed = limiter.withLockedValue({ $0.admit(client.address, reason: reason, now: now) }) else {
            return nil
        }
        var metadata: Logger.Metadata = ["client": "\(client)", "reason": "\(reason.rawValue)"]
        if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        switch reason {
        case .badMessageAuthenticator:
            logger.warning("Message-Authenticator validation failed from \(client.ipText)", metadata: metadata)
        case .badAuthenticator:
            logger.warning("Accounting-Request authenticator validation failed from \(client.ipText) (shared secret mismatch?)",
                           metadata: metadata)
        case .missingMessageAuthenticator:
            logger.warning("Message-Authenticator missing from \(client.ipText): request dropped", metadata: metadata)
        case .sourceNotAllowed:
            logger.warning("RADIUS request from \(client.ipText) dropped: source not in allowed_source_subnets", metadata: metadata)
        case .malformed, .unknownCode, .overloaded, .duplicateInProgress, .missingStatusType:
            logger.notice("RADIUS request from \(client.ipText) dropped: \(reason.rawValue)", metadata: metadata)
        }
        return nil
    }
}
