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

    /// Applies events to their sessions and runs the actions. A request is sent only once the state
    /// that names it is stored (group commit with every other change pending); the other actions run at
    /// once and their states are written with the next commit. That is enough for exactness: a state
    /// lost in a crash is rebuilt by re-sending its stored request, which the OCS answers identically.
    /// A request whose state cannot be stored is not sent; the tick retries it.
    func apply(_ events: [(String, Event)]) async {
        var work: [(String, [ChargingAction])] = []
        for (sessionClass, event) in events {
            guard var entry = entries[sessionClass] else { continue }
            let before = entry.session
            let actions = event(&entry.session)
            entries[sessionClass] = entry
            if before.phase == .blocked, entry.session.phase == .active {
                logger.notice("Credit granted again: service restored", metadata: metadata(sessionClass))
            }
            if entry.session != before { dirty.insert(sessionClass) }
            if !actions.isEmpty { work.append((sessionClass, actions)) }
        }
        let immediate = work.map { ($0.0, $0.1.filter { !$0.isSend }) }
        for (sessionClass, actions) in immediate where !actions.isEmpty { perform(actions, for: sessionClass) }
        let sends = work.map { ($0.0, $0.1.filter(\.isSend)) }.filter { !$0.1.isEmpty }
        guard !sends.isEmpty else { return }
        guard await persist() else {
            for (sessionClass, _) in sends { unsentClasses.insert(sessionClass) }
            return
        }
        // A session another node took over meanwhile was dropped by the write: its requests are not ours.
        for (sessionClass, actions) in sends where entries[sessionClass] != nil { perform(actions, for: sessionClass) }
    }

    /// Another node's agent owns the session now (this node was cut off from the store for longer than
    /// `node_failover_s`): forget it here, send nothing more for it.
    func drop(takenOver sessionClass: String) {
        guard let entry = entries.removeValue(forKey: sessionClass) else { return }
        classByGySession.removeValue(forKey: entry.record.gySessionID)
        unsentClasses.remove(sessionClass)
        for waiter in entry.waiters { waiter.resume(returning: .denied(ChargingDenial(resultCode: 0, reason: "taken_over"))) }
        metrics.openSessions(entries.count)
        logger.warning("Gy session taken over by another node: dropped here", metadata: metadata(sessionClass))
    }

    /// Stores the session's state (changed in memory already), then runs `actions`.
    func persistAndPerform(_ actions: [ChargingAction], for sessionClass: String) async {
        dirty.insert(sessionClass)
        await apply([(sessionClass, { _ in actions })])
    }

    /// Writes every new row and every changed state in one transaction; callers arriving while one is
    /// being written share the next. - Returns: whether the caller's changes are stored.
    func persist() async -> Bool {
        await withCheckedContinuation { continuation in
            persistWaiters.append(continuation)
            guard !persisting else { return }
            persisting = true
            Task { await self.persistLoop() }
        }
    }

    private func persistLoop() async {
        while !persistWaiters.isEmpty {
            let waiters = persistWaiters
            persistWaiters = []
            let inserts = Array(pendingInserts.values)
            pendingInserts = [:]
            let classes = dirty
            dirty = []
            var updates: [(sessionClass: String, phase: String, state: Data)] = []
            for sessionClass in classes {
                if let entry = entries[sessionClass] {
                    updates.append((sessionClass, entry.session.phase.rawValue, Self.encode(entry.session)))
                } else if let final = closedStates.removeValue(forKey: sessionClass) {
                    updates.append((sessionClass, final.phase.rawValue, Self.encode(final)))
                }
            }
            var stored = true
            do {
                let lost = try await store.writeCharging(inserts: inserts, updates: updates, at: now())
                for sessionClass in lost { drop(takenOver: sessionClass) }
            } catch {
                stored = false
                metrics.storeFailure()
                logger.error("Charging state not stored, requests held back: \(error)")
                for record in inserts where pendingInserts[record.sessionClass] == nil {
                    pendingInserts[record.sessionClass] = record
                }
                dirty.formUnion(classes)
            }
            for waiter in waiters { waiter.resume(returning: stored) }
        }
        persisting = false
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
                    // Written with the next commit; a crash before it replays the CCR-T, answered alike.
                    closedStates[sessionClass] = entry.session
                    dirty.insert(sessionClass)
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
