import Diameter
import Foundation

/// The events of a charged session. Each returns the actions to run, in order; the caller stores the
/// new state before running them (a `send` must be durable before it leaves).
extension ChargingSession {
    /// Start: CCR-I (asking for the first tier in online mode).
    public mutating func start(policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        guard phase == .authorizing, pending == nil, nextNumber == 0 else { return [] }
        return [send(.initial, requested: policy.requestedUnits(tier: 0), reason: nil, cause: nil)]
    }

    /// New cumulative usage from the store; `ended` once the AP's Stop (or an Accounting-On/Off, or the
    /// stale-session sweep) closed the session row.
    public mutating func usage(_ snapshot: UsageSnapshot, ended: Bool, policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        latest = latest.merged(with: snapshot)
        if ended { sessionEnded = true }
        return evaluate(policy: policy, now: now)
    }

    /// The CCA for the pending request (already checked to answer it: same Session-Id, type, number).
    public mutating func answer(_ cca: CreditControlAnswer, ratingGroup: UInt32?, policy: ChargingPolicy, now: Date)
        -> [ChargingAction]
    {
        guard let request = pending else { return [] }
        let service = cca.service(ratingGroup: ratingGroup)
        let verdict = ChargingVerdict(resultCode: cca.resultCode, serviceResultCode: service?.resultCode)
        if case .transient = verdict { return failed(policy: policy, now: now) }
        if let handling = cca.failureHandling { failureHandling = ChargingFailureHandling(handling) }
        pending = nil
        retryAt = nil
        attempts = 0
        var actions: [ChargingAction] = []
        switch request.kind {
        case .initial:
            actions += answeredInitial(verdict, service: service, policy: policy, now: now)
        case .update:
            reported = request.snapshot
            actions += answeredUpdate(verdict, service: service, base: request.snapshot.totalOctets, policy: policy, now: now)
        case .termination:
            reported = request.snapshot
            phase = .closed
            return [.close]
        }
        return actions + evaluate(policy: policy, now: now)
    }

    /// The pending request got no usable answer: Tx expired, no OCS reachable, or the CCA was
    /// malformed. The request is kept and sent again later (the OCS recognises a duplicate by its
    /// number, so usage is never counted twice); the failure handling decides the service meanwhile.
    public mutating func failed(policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        guard let request = pending else { return [] }
        attempts += 1
        retryAt = now.addingTimeInterval(policy.retryDelay(afterAttempts: attempts).seconds)
        switch (request.kind, phase) {
        case (.initial, .authorizing):
            if failureHandling == .continue {
                // RFC 4006 5.7: the service goes on; the CCR-I keeps being retried, and the usage of
                // the meantime is reported once the OCS answers.
                let authorization = ChargingAuthorization(grantedOctets: nil, validityTime: nil, sessionTimeout: nil,
                                                          degraded: true)
                phase = .active
                decision = .authorized(authorization)
                return [.authorize(authorization)]
            }
            phase = .abandoned
            let denial = ChargingDenial(resultCode: 0, reason: "ocs_unreachable")
            decision = .denied(denial)
            return [.deny(denial)]
        case (.initial, .abandoned):
            if attempts >= policy.abandonedInitialAttempts {
                pending = nil
                retryAt = nil
                phase = .closed
                return [.close]
            }
            return []
        case (.update, _):
            if failureHandling == .continue { return [] }
            return disconnect(.ocsUnreachable)
        default:
            return []
        }
    }

    /// After a restart, a session still waiting for its CCA-I: aaa-core's request died with the agent.
    /// When the subscriber was accepted anyway (the answer had left just before the crash: the
    /// frontend wrote the session) the CCA-I's outcome applies to a running session; otherwise the
    /// authorization is abandoned and the OCS session, if the CCR-I opened one, is closed.
    public mutating func resumed(accepted: Bool) {
        guard phase == .authorizing else { return }
        if accepted {
            decision = .authorized(ChargingAuthorization(grantedOctets: nil, validityTime: nil, sessionTimeout: nil))
        } else {
            phase = .abandoned
            decision = .denied(ChargingDenial(resultCode: 0, reason: "agent_restarted"))
        }
    }

    /// Timers: a failed request's retry, the grant's Validity-Time.
    public mutating func tick(policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        if let request = pending, let due = retryAt {
            guard due <= now else { return [] }
            retryAt = nil
            return [.send(request, retransmission: true)]
        }
        return evaluate(policy: policy, now: now)
    }

    /// Re-Auth-Request from the OCS (RFC 4006 5.5): a CCR-U now, or right after the pending answer.
    /// - Returns: nil when the session is unknown to charging any more (answer 5002).
    public mutating func reAuthorize(policy: ChargingPolicy, now: Date) -> [ChargingAction]? {
        guard phase != .closed, phase != .terminating, phase != .abandoned, creditControlled else { return nil }
        guard mode == .online else { return [] }  // authorize-only sends no CCR-U (the RAA is still 2001)
        reauthorizationOwed = true
        return evaluate(policy: policy, now: now)
    }

    /// Abort-Session-Request: end the service now; the CCR-T follows the session's end with its final usage.
    /// - Returns: nil when the session is unknown to charging any more (answer 5002).
    public mutating func abort(policy: ChargingPolicy, now: Date) -> [ChargingAction]? {
        guard phase != .closed, phase != .terminating, phase != .abandoned else { return nil }
        return disconnect(.abortedByOCS) + evaluate(policy: policy, now: now)
    }

    // MARK: - Decisions

    private mutating func answeredInitial(_ verdict: ChargingVerdict, service: CreditControlAnswer.ServiceCredit?,
                                          policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        let wasDecided = decision != nil
        switch verdict {
        case .success:
            if phase == .abandoned {
                // Refused locally already: close the OCS session this CCR-I opened.
                phase = .active
                sessionEnded = true
                return []
            }
            if mode == .authorizeOnly {
                phase = .active
                return decide(.authorized(ChargingAuthorization(grantedOctets: nil, validityTime: nil, sessionTimeout: nil)),
                              wasDecided: wasDecided)
            }
            let newGrant = makeGrant(service, base: 0, policy: policy, now: now)
            if newGrant.octets == 0 {
                // CCA-I with no units (e.g. Final-Unit-Indication and nothing granted): refuse, close the OCS session.
                if wasDecided {
                    grant = newGrant
                    phase = .active
                    return disconnect(.creditLimitReached)
                }
                phase = .active
                sessionEnded = true
                return decide(.denied(ChargingDenial(resultCode: DiameterResultCode.creditLimitReached.rawValue,
                                                     reason: "no_quota")), wasDecided: false)
            }
            grant = newGrant
            phase = .active
            let timeout = Self.lifetime(service)
            return decide(.authorized(ChargingAuthorization(grantedOctets: newGrant.octets,
                                                            validityTime: service?.validityTime, sessionTimeout: timeout)),
                          wasDecided: wasDecided)
        case .notApplicable:
            creditControlled = false
            phase = .active
            return decide(.authorized(ChargingAuthorization(grantedOctets: nil, validityTime: nil, sessionTimeout: nil)),
                          wasDecided: wasDecided)
        case .refused(let code, let cause):
            phase = .closed
            if wasDecided { return disconnect(cause) + [.close] }
            let denial = ChargingDenial(resultCode: code, reason: Self.reason(code))
            decision = .denied(denial)
            return [.deny(denial), .close]
        case .unknownSession(let code):
            phase = .closed
            if wasDecided { return disconnect(.serviceDenied) + [.close] }
            let denial = ChargingDenial(resultCode: code, reason: Self.reason(code))
            decision = .denied(denial)
            return [.deny(denial), .close]
        case .transient:
            return []
        }
    }

    private mutating func answeredUpdate(_ verdict: ChargingVerdict, service: CreditControlAnswer.ServiceCredit?,
                                         base: UInt64, policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        switch verdict {
        case .success:
            let newGrant = makeGrant(service, base: base, policy: policy, now: now)
            grant = newGrant
            if newGrant.octets == 0 {
                return disconnect(newGrant.isFinal ? .finalUnitsUsed : .creditLimitReached)
            }
            if phase == .blocked, disconnectCause != .abortedByOCS {
                // Credit again (a top-up, then RAR): service restored; a later exhaustion disconnects anew.
                phase = .active
                disconnectCause = nil
            }
            return Self.lifetime(service).map { [.changeSessionTimeout(seconds: $0)] } ?? []
        case .notApplicable:
            creditControlled = false
            grant = nil
            return []
        case .refused(_, let cause):
            grant = Grant(base: base, octets: 0, reauthorizeAt: nil, validUntil: nil, isFinal: false)
            return disconnect(cause)
        case .unknownSession:
            // The OCS no longer knows the session: nothing can be charged, and no CCR-T is owed.
            creditControlled = false
            return disconnect(.serviceDenied)
        case .transient:
            return []
        }
    }

    /// What the current usage and time call for, when no request is pending.
    private mutating func evaluate(policy: ChargingPolicy, now: Date) -> [ChargingAction] {
        guard pending == nil else { return [] }
        switch phase {
        case .closed, .terminating, .authorizing: return []
        case .abandoned: return []
        case .active, .blocked: break
        }
        if sessionEnded {
            guard creditControlled else {
                phase = .closed
                return [.close]
            }
            phase = .terminating
            return [send(.termination, requested: .none, reason: CreditControlRequest.ReportingReason.final.rawValue,
                         cause: terminationCause.rawValue)]
        }
        guard mode == .online, creditControlled else { return [] }
        if reauthorizationOwed {
            reauthorizationOwed = false
            return [update(reason: .forcedReauthorisation, policy: policy)]
        }
        if let until = grant?.validUntil, until <= now {
            // Also in the final-unit state: the subscriber may have topped up meanwhile.
            return [update(reason: .validityTime, policy: policy)]
        }
        guard phase == .active, let grant, let limit = grant.limit else { return [] }
        let total = latest.totalOctets
        if total >= limit {
            if grant.isFinal { return disconnect(.finalUnitsUsed) }
            return [update(reason: .quotaExhausted, policy: policy)]
        }
        if !grant.isFinal, let at = grant.reauthorizeAt, total >= at {
            return [update(reason: .threshold, policy: policy)]
        }
        return []
    }

    // MARK: - Helpers

    private var terminationCause: CreditControlRequest.TerminationCause {
        switch disconnectCause {
        case nil: return .logout
        case .abortedByOCS: return .administrative
        case .finalUnitsUsed, .creditLimitReached, .serviceDenied: return .serviceNotProvided
        case .ocsUnreachable: return .linkBroken
        }
    }

    private mutating func update(reason: CreditControlRequest.ReportingReason, policy: ChargingPolicy) -> ChargingAction {
        tier = min(tier + 1, max(0, policy.quotaTiers.count - 1))
        return send(.update, requested: policy.requestedUnits(tier: tier), reason: reason.rawValue, cause: nil)
    }

    private mutating func send(_ kind: ChargingRequest.Kind, requested: ChargingRequest.Units, reason: Int32?,
                               cause: Int32?) -> ChargingAction {
        let snapshot = latest
        let request = ChargingRequest(kind: kind, number: nextNumber, requested: requested,
                                      used: kind == .initial ? nil : snapshot.since(reported), reportingReason: reason,
                                      terminationCause: cause, snapshot: snapshot)
        nextNumber &+= 1
        pending = request
        retryAt = nil
        attempts = 0
        return .send(request, retransmission: false)
    }

    private mutating func disconnect(_ cause: ChargingDisconnectCause) -> [ChargingAction] {
        guard !sessionEnded else { return [] }
        if phase == .active { phase = .blocked }
        guard disconnectCause == nil else { return [] }
        disconnectCause = cause
        return [.disconnect(cause: cause)]
    }

    private mutating func decide(_ d: ChargingDecision, wasDecided: Bool) -> [ChargingAction] {
        guard !wasDecided else { return [] }  // admitted before (CONTINUE): aaa-core has its answer
        decision = d
        switch d {
        case .authorized(let a): return [.authorize(a)]
        case .denied(let d): return [.deny(d)]
        }
    }

    private func makeGrant(_ service: CreditControlAnswer.ServiceCredit?, base: UInt64, policy: ChargingPolicy,
                           now: Date) -> Grant {
        let isFinal = service?.finalUnitAction != nil
        // No Granted-Service-Unit in a success answer grants nothing (only 4011 means "no limit"); a
        // grant of time alone puts no limit on volume.
        var octets: UInt64? = 0
        if let service, service.hasGrant {
            octets = service.grantedOctets ?? (service.grantedSeconds != nil ? nil : 0)
        }
        var reauthorizeAt: UInt64?
        if let octets, octets > 0 {
            let early: UInt64
            if let threshold = service?.volumeQuotaThreshold {
                early = min(octets, UInt64(threshold))
            } else {
                let percent = UInt64(policy.thresholdPercent)
                early = octets - (octets / 100 * percent + octets % 100 * percent / 100)
            }
            reauthorizeAt = base &+ (octets - early)
        }
        // Validity-Time 0 would mean "ask again at once" on every answer: taken as no time limit.
        let validUntil = service?.validityTime.flatMap { $0 == 0 ? nil : now.addingTimeInterval(TimeInterval($0)) }
        return Grant(base: base, octets: octets, reauthorizeAt: reauthorizeAt, validUntil: validUntil, isFinal: isFinal)
    }

    /// How long a grant may be used: its CC-Time, or its Validity-Time (0 meaning none), whichever ends first.
    static func lifetime(_ service: CreditControlAnswer.ServiceCredit?) -> UInt32? {
        [service?.grantedSeconds, service?.validityTime.flatMap { $0 == 0 ? nil : $0 }].compactMap { $0 }.min()
    }

    static func reason(_ code: UInt32) -> String {
        switch code {
        case DiameterResultCode.endUserServiceDenied.rawValue: return "service_denied"
        case DiameterResultCode.creditLimitReached.rawValue: return "credit_limit_reached"
        case DiameterResultCode.userUnknown.rawValue: return "user_unknown"
        case DiameterResultCode.unknownSessionID.rawValue: return "unknown_session"
        case DiameterResultCode.ratingFailed.rawValue: return "rating_failed"
        default: return "ocs_result_\(code)"
        }
    }
}

/// How a CCA's results (message level, then the service's) read for the client.
enum ChargingVerdict: Hashable {
    case success
    /// 4011: admit without credit control.
    case notApplicable
    /// 4010, 4012, 5xxx: no service.
    case refused(UInt32, ChargingDisconnectCause)
    /// 5002.
    case unknownSession(UInt32)
    /// 3xxx and other 4xxx: the request is retried.
    case transient(UInt32)

    init(resultCode: UInt32, serviceResultCode: UInt32?) {
        let code = (2000..<3000).contains(resultCode) ? (serviceResultCode ?? resultCode) : resultCode
        switch code {
        case 2000..<3000: self = .success
        case DiameterResultCode.creditControlNotApplicable.rawValue: self = .notApplicable
        case DiameterResultCode.creditLimitReached.rawValue: self = .refused(code, .creditLimitReached)
        case DiameterResultCode.endUserServiceDenied.rawValue: self = .refused(code, .serviceDenied)
        case DiameterResultCode.unknownSessionID.rawValue: self = .unknownSession(code)
        case 5000..<6000: self = .refused(code, .serviceDenied)
        default: self = .transient(code)
        }
    }
}

extension Duration {
    var seconds: TimeInterval {
        let (s, attoseconds) = components
        return TimeInterval(s) + TimeInterval(attoseconds) / 1e18
    }
}
