import Diameter
import DiameterPeer
import Foundation
import IPC
import IPCTransport
import Logging
import SessionStore

/// Events in, state stored, actions out.
extension ChargingCoordinator {
    typealias Event = (inout ChargingSession) -> [ChargingAction]

    /// Applies events to their sessions, stores every changed state (every touched one with
    /// `forceStore`) in one transaction, then runs the actions. A state that cannot be stored sends
    /// nothing: the request is sent by a later tick, once the store takes it.
    func apply(_ events: [(String, Event)], forceStore: Bool = false) async {
        var changed: [(sessionClass: String, phase: String, state: Data)] = []
        var work: [(String, [ChargingAction])] = []
        for (sessionClass, event) in events {
            guard var entry = entries[sessionClass] else { continue }
            let before = entry.session
            let actions = event(&entry.session)
            entries[sessionClass] = entry
            if before.phase == .blocked, entry.session.phase == .active {
                logger.notice("Credit granted again: service restored", metadata: metadata(sessionClass))
            }
            if forceStore || entry.session != before {
                changed.append((sessionClass, entry.session.phase.rawValue, Self.encode(entry.session)))
            }
            if !actions.isEmpty { work.append((sessionClass, actions)) }
        }
        do {
            try await store.updateCharging(changed, at: now())
        } catch {
            metrics.storeFailure()
            logger.error("Charging state not stored, requests held back: \(error)")
            for (sessionClass, actions) in work where actions.contains(where: \.isSend) { unsentClasses.insert(sessionClass) }
            work = work.map { ($0.0, $0.1.filter { !$0.isSend }) }
        }
        for (sessionClass, actions) in work { perform(actions, for: sessionClass) }
    }

    /// Stores the session's state (changed in memory already), then runs `actions`.
    func persistAndPerform(_ actions: [ChargingAction], for sessionClass: String) async {
        await apply([(sessionClass, { _ in actions })], forceStore: true)
    }

    func perform(_ actions: [ChargingAction], for sessionClass: String) {
        for action in actions {
            switch action {
            case .send(let request, let retransmission):
                start(request, retransmission: retransmission, for: sessionClass)
            case .authorize(let authorization):
                metrics.authorization(result: authorization.degraded ? "degraded" : "accept")
                if authorization.degraded {
                    logger.warning("OCS unreachable: subscriber admitted without credit control (failure handling CONTINUE)",
                                   metadata: metadata(sessionClass))
                }
                resume(sessionClass, with: .authorized(authorization))
            case .deny(let denial):
                metrics.authorization(result: "reject", reason: denial.reason)
                logger.notice("Charging refused the subscriber: \(denial.reason) (\(denial.resultCode))",
                              metadata: metadata(sessionClass))
                resume(sessionClass, with: .denied(denial))
            case .disconnect(let cause):
                logger.notice("Charging ends the session: \(cause.rawValue)", metadata: metadata(sessionClass))
                track { await self.disconnect(sessionClass, cause: cause) }
            case .changeSessionTimeout(let seconds):
                track { await self.changeSessionTimeout(sessionClass, seconds: seconds) }
            case .close:
                if let entry = entries.removeValue(forKey: sessionClass) {
                    classByGySession.removeValue(forKey: entry.record.gySessionID)
                    for waiter in entry.waiters {
                        waiter.resume(returning: entry.session.decision ?? .denied(ChargingDenial(resultCode: 0, reason: "closed")))
                    }
                }
                metrics.openSessions(entries.count)
            }
        }
    }

    private func resume(_ sessionClass: String, with decision: ChargingDecision) {
        guard let waiters = entries[sessionClass]?.waiters, !waiters.isEmpty else { return }
        entries[sessionClass]?.waiters = []
        for waiter in waiters { waiter.resume(returning: decision) }
    }

    func metadata(_ sessionClass: String) -> Logger.Metadata {
        ["class": "\(sessionClass)", "imsi": "\(entries[sessionClass]?.record.imsi ?? "-")"]
    }

    func track(_ body: @escaping @Sendable () async -> Void) {
        nextTaskID &+= 1
        let id = nextTaskID
        inFlight[id] = Task {
            await body()
            self.finished(id)
        }
    }

    private func finished(_ id: UInt64) { inFlight.removeValue(forKey: id) }

    // MARK: - Gy

    /// Sends a CCR and feeds its outcome back.
    func start(_ request: ChargingRequest, retransmission: Bool, for sessionClass: String) {
        guard let entry = entries[sessionClass] else { return }
        let ccr = creditControlRequest(request, record: entry.record)
        var built = ccr.message()
        if retransmission { built.flags.insert(.retransmitted) }
        let message = built
        logger.debug("\(request.label) #\(request.number) sent\(retransmission ? " again (T flag)" : "")",
                     metadata: metadata(sessionClass))
        let transport = self.transport
        let metrics = self.metrics
        let clock = ContinuousClock()
        track {
            let started = clock.now
            let answer: DiameterMessage
            do throws(DiameterRequestError) {
                answer = try await transport.send(message)
                metrics.latency.recordNanoseconds(Int64((clock.now - started).nanoseconds))
            } catch {
                metrics.request(type: request.label, result: error.metricLabel)
                await self.requestFailed(request, sessionClass: sessionClass, why: "\(error)")
                return
            }
            await self.received(answer, for: ccr, request: request, sessionClass: sessionClass)
        }
    }

    private func received(_ message: DiameterMessage, for ccr: CreditControlRequest, request: ChargingRequest,
                          sessionClass: String) async {
        let cca: CreditControlAnswer
        do {
            cca = try CreditControlAnswer(decoding: message, answering: ccr)
        } catch {
            metrics.request(type: request.label, result: "invalid_answer")
            metrics.answerError(error.label)
            logger.error("Unusable \(request.label) answer: \(error)", metadata: metadata(sessionClass))
            await requestFailed(request, sessionClass: sessionClass, why: "\(error)")
            return
        }
        metrics.request(type: request.label, result: String(cca.resultCode))
        if let service = cca.service(ratingGroup: identity.ratingGroup), service.hasGrant {
            metrics.granted(octets: service.grantedOctets)
        }
        let policy = self.policy
        let date = now()
        let ratingGroup = identity.ratingGroup
        await apply([(sessionClass, { session in
            guard session.pending?.number == request.number, session.pending?.kind == request.kind else { return [] }
            return session.answer(cca, ratingGroup: ratingGroup, policy: policy, now: date)
        })])
    }

    private func requestFailed(_ request: ChargingRequest, sessionClass: String, why: String) async {
        logger.warning("\(request.label) #\(request.number) got no usable answer: \(why)", metadata: metadata(sessionClass))
        let policy = self.policy
        let date = now()
        await apply([(sessionClass, { session in
            guard session.pending?.number == request.number, session.pending?.kind == request.kind else { return [] }
            return session.failed(policy: policy, now: date)
        })])
    }

    func creditControlRequest(_ request: ChargingRequest, record: ChargingRecord) -> CreditControlRequest {
        CreditControlRequest(
            sessionID: record.gySessionID, originHost: identity.originHost, originRealm: identity.originRealm,
            destinationRealm: identity.destinationRealm, destinationHost: identity.destinationHost,
            serviceContextID: identity.serviceContextID, requestType: request.kind.requestType, requestNumber: request.number,
            imsi: record.imsi, userName: record.userName, eventTimestamp: Int64(now().timeIntervalSince1970),
            ratingGroup: identity.ratingGroup, serviceIdentifier: identity.serviceIdentifier,
            requested: request.requested.requested,
            used: request.used.map {
                CreditControlRequest.UsedUnits(inputOctets: $0.inputOctets, outputOctets: $0.outputOctets,
                                               seconds: UInt32(clamping: $0.seconds),
                                               reason: request.reportingReason.flatMap(CreditControlRequest.ReportingReason.init))
            },
            terminationCause: request.terminationCause.flatMap(CreditControlRequest.TerminationCause.init),
            access: .init(calledStationID: record.calledStationID, callingStationID: record.callingStationID,
                          nasIPAddress: record.nasIP.flatMap(Self.addressOctets)))
    }

    static func addressOctets(_ text: String) -> [UInt8]? {
        if let v4 = DiameterAddress(ipv4: text) { return v4.bytes }
        return nil
    }

    // MARK: - Disconnect

    func disconnect(_ sessionClass: String, cause: ChargingDisconnectCause) async {
        let row: SessionRow?
        do {
            row = try await store.session(class: sessionClass)
        } catch {
            metrics.disconnect(cause: cause, result: "error")
            logger.error("Cannot read the session to disconnect: \(error)", metadata: metadata(sessionClass))
            return
        }
        guard let row, row.isLive else {
            metrics.disconnect(cause: cause, result: "no_session")
            return
        }
        let request = Self.identification(row, cause: "charging: \(cause.rawValue)")
        do {
            switch try await disconnects.disconnect(request, preferredFrontend: row.frontendID) {
            case .acknowledged:
                metrics.disconnect(cause: cause, result: "ack")
                logger.info("Session disconnected by charging (Disconnect-ACK)", metadata: metadata(sessionClass))
            case .refused(let errorCause):
                metrics.disconnect(cause: cause, result: "nak")
                logger.warning("AP refused the Disconnect-Request (Error-Cause \(errorCause.map(String.init) ?? "-"))",
                               metadata: metadata(sessionClass))
                if errorCause == 503 {
                    // Session-Context-Not-Found: the AP has no such session, it is over.
                    try? await store.endSession(id: row.id, cause: "Disconnect-NAK Session-Context-Not-Found", at: now())
                    await feedUsage([sessionClass])
                }
            case .noAnswer:
                metrics.disconnect(cause: cause, result: "timeout")
                logger.warning("AP did not answer the Disconnect-Request; the session runs until its Session-Timeout or Stop",
                               metadata: metadata(sessionClass))
            case .failed(let why):
                metrics.disconnect(cause: cause, result: "error")
                logger.error("Disconnect-Request not sent: \(why)", metadata: metadata(sessionClass))
            }
        } catch {
            metrics.disconnect(cause: cause, result: "error")
            logger.error("Cannot ask a frontend to disconnect the session: \(error)", metadata: metadata(sessionClass))
        }
    }
}

extension ChargingCoordinator {
    /// How the frontend names the session to the AP (RFC 5176 section 3).
    static func identification(_ row: SessionRow, cause: String) -> IPCDisconnectRequest {
        IPCDisconnectRequest(sessionClass: row.sessionClass, clientIP: row.clientIP, userName: row.userName,
                             acctSessionID: row.acctSessionID, callingStationID: row.callingStationID, nasIP: row.nasIP,
                             nasIdentifier: row.nasIdentifier, cause: cause)
    }

    /// A new grant's lifetime as the session's Session-Timeout, by CoA-Request through the frontend.
    func changeSessionTimeout(_ sessionClass: String, seconds: UInt32) async {
        guard let row = try? await store.session(class: sessionClass), row.isLive else {
            metrics.changeOfAuthorization(result: "no_session")
            return
        }
        let change = IPCChangeOfAuthorization(session: Self.identification(row, cause: "charging: new grant"),
                                              sessionTimeout: seconds)
        do {
            switch try await disconnects.changeSessionTimeout(change, preferredFrontend: row.frontendID) {
            case .acknowledged:
                metrics.changeOfAuthorization(result: "ack")
                logger.info("Session-Timeout set to \(seconds) s by CoA-Request (CoA-ACK)", metadata: metadata(sessionClass))
            case .refused(let cause):
                metrics.changeOfAuthorization(result: "nak")
                logger.notice("AP refused the CoA-Request (Error-Cause \(cause.map(String.init) ?? "-")): the session keeps its Session-Timeout until the next interim update",
                              metadata: metadata(sessionClass))
            case .noAnswer:
                metrics.changeOfAuthorization(result: "timeout")
                logger.notice("AP did not answer the CoA-Request", metadata: metadata(sessionClass))
            case .failed(let why):
                metrics.changeOfAuthorization(result: "error")
                logger.warning("CoA-Request not sent: \(why)", metadata: metadata(sessionClass))
            }
        } catch {
            metrics.changeOfAuthorization(result: "error")
            logger.warning("Cannot ask a frontend for a CoA-Request: \(error)", metadata: metadata(sessionClass))
        }
    }
}

extension ChargingAction {
    var isSend: Bool {
        if case .send = self { return true }
        return false
    }
}

extension DiameterRequestError {
    /// `charging_ccr_total{result}` label.
    var metricLabel: String {
        switch self {
        case .noPeerAvailable: return "no_peer"
        case .timeout: return "timeout"
        case .connectionLost: return "connection_lost"
        case .shuttingDown: return "shutting_down"
        case .invalidAnswer: return "invalid_answer"
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
