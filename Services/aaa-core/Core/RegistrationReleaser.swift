import Foundation
import Logging
import NAI
import SessionStore

/// Ends the HSS registration when a subscriber's last registered session ends (TS 29.273 8.1.2.2:
/// SAR USER_DEREGISTRATION), reading ended sessions from the shared store: accounting Stop and
/// Accounting-On/Off are written there by the frontends, so a restarted aaa-core catches up from the
/// store, never from messages it missed.
///
/// A subscriber with another live registered session keeps its registration (the ended sessions are
/// marked `released`). Transient failures are retried with exponential backoff, then given up on
/// (`abandoned`, logged): the HSS keeps the registration until it purges it itself.
public actor RegistrationReleaser {
    public struct RetryPolicy: Sendable {
        public var initialDelay: Duration
        public var maximumDelay: Duration
        public var maximumAttempts: Int

        public init(initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(60), maximumAttempts: Int = 10) {
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.maximumAttempts = max(1, maximumAttempts)
        }

        /// Delay before attempt `attempt + 1` after `attempt` failures.
        func delay(afterFailures attempt: Int) -> Duration {
            var delay = initialDelay
            for _ in 1..<max(1, attempt) where delay < maximumDelay { delay *= 2 }
            return min(delay, maximumDelay)
        }
    }

    private let store: any SessionStore
    private let deregistrar: any SubscriberDeregistrar
    private let retry: RetryPolicy
    private let logger: Logger
    private let metrics: AAACoreMetrics
    private let stale: StaleSessionPolicy?
    private var notBefore: [String: ContinuousClock.Instant] = [:]
    private var lastStaleSweep: ContinuousClock.Instant?

    /// `stale`: when set, sessions the APs stopped reporting are ended first (every 30 s), so their
    /// subscribers get deregistered too.
    public init(store: any SessionStore, deregistrar: any SubscriberDeregistrar, retry: RetryPolicy = RetryPolicy(),
                stale: StaleSessionPolicy? = nil, logger: Logger, metrics: AAACoreMetrics = AAACoreMetrics()) {
        self.store = store
        self.stale = stale
        self.deregistrar = deregistrar
        self.retry = retry
        self.logger = logger
        self.metrics = metrics
    }

    /// One pass over the ended registered sessions. - Returns: subscribers deregistered or released.
    @discardableResult
    public func runOnce(now: ContinuousClock.Instant = .now) async -> Int {
        // Other nodes take over this node's deregistrations once this stops (several nodes, one store).
        do {
            try await store.heartbeat(service: "aaa-core")
        } catch {
            logger.debug("Heartbeat not recorded: \(error)")
        }
        await sweepStaleSessions(now: now)
        let candidates: [DeregistrationCandidate]
        do {
            candidates = try await store.deregistrationCandidates()
        } catch {
            logger.warning("Cannot read ended sessions for deregistration: \(error)")
            return 0
        }
        var settled = 0
        for candidate in candidates {
            if let due = notBefore[candidate.imsi], due > now { continue }
            if await settle(candidate, now: now) { settled += 1 }
        }
        return settled
    }

    /// Polls every `interval` until cancelled.
    public func run(interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            await runOnce()
            try? await Task.sleep(for: interval)
        }
    }

    private func sweepStaleSessions(now: ContinuousClock.Instant) async {
        guard let stale else { return }
        if let last = lastStaleSweep, now - last < .seconds(30) { return }
        lastStaleSweep = now
        let cutoffs = stale.cutoffs(now: Date())
        do {
            let ended = try await store.expireStaleSessions(activeBefore: cutoffs.activeBefore,
                                                            unstartedBefore: cutoffs.unstartedBefore)
            if ended > 0 { logger.notice("Ended \(ended) stale session(s): no accounting from their AP") }
        } catch {
            logger.warning("Stale session sweep failed: \(error)")
        }
    }

    private func settle(_ candidate: DeregistrationCandidate, now: ContinuousClock.Instant) async -> Bool {
        var log = logger
        log[metadataKey: "imsi"] = "\(candidate.imsi)"
        if candidate.liveRegistrationRemains {
            await mark(.released, candidate, log: log)
            metrics.deregistration(result: "released")
            log.debug("Session ended; another live session keeps the HSS registration")
            return true
        }
        do {
            let imsi = try IMSI(candidate.imsi)
            try await deregistrar.deregister(imsi: imsi, servingHSS: candidate.servingHSS)
        } catch let error as RegistrationError {
            return await failed(candidate, reason: "\(error)", permanent: Self.isPermanent(error), now: now, log: log)
        } catch {
            return await failed(candidate, reason: "invalid IMSI: \(error)", permanent: true, now: now, log: log)
        }
        await mark(.deregistered, candidate, log: log)
        notBefore[candidate.imsi] = nil
        metrics.deregistration(result: "success")
        log.info("SAR USER_DEREGISTRATION sent: last session ended", metadata: ["hss": "\(candidate.servingHSS ?? "-")"])
        return true
    }

    private func failed(_ candidate: DeregistrationCandidate, reason: String, permanent: Bool,
                        now: ContinuousClock.Instant, log: Logger) async -> Bool {
        let attempts = candidate.attempts + 1
        if permanent || attempts >= retry.maximumAttempts {
            await mark(.abandoned, candidate, log: log)
            notBefore[candidate.imsi] = nil
            metrics.deregistration(result: "abandoned")
            log.error("SAR USER_DEREGISTRATION abandoned after \(attempts) attempt(s): \(reason)")
            return true
        }
        do {
            try await store.recordRegistrationAttempt(sessionIDs: candidate.sessionIDs)
        } catch {
            log.warning("Cannot record the deregistration attempt: \(error)")
        }
        let delay = retry.delay(afterFailures: attempts)
        notBefore[candidate.imsi] = now + delay
        metrics.deregistration(result: "retry")
        log.warning("SAR USER_DEREGISTRATION failed (attempt \(attempts)): \(reason); retrying in \(delay)")
        return false
    }

    private func mark(_ state: SessionRegistration, _ candidate: DeregistrationCandidate, log: Logger) async {
        do {
            try await store.setRegistration(state, sessionIDs: candidate.sessionIDs)
        } catch {
            log.warning("Cannot record the registration state \(state.rawValue): \(error)")
        }
    }

    /// A refusal with a permanent Result-Code (5xxx) will not change by retrying.
    static func isPermanent(_ error: RegistrationError) -> Bool {
        if case .refused(let code) = error { return code >= 5000 }
        return false
    }
}
