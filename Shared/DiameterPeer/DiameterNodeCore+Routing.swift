import Diameter
import Logging
import NIOCore

/// The request router: pending table by (connection, Hop-by-Hop), per-peer in-flight cap and queue,
/// timeouts, and the single retransmission with the T flag (RFC 6733 5.5.4), preferably to another peer.
extension DiameterNodeCore {
    func submit(_ request: DiameterMessage,
                _ continuation: CheckedContinuation<Result<DiameterMessage, DiameterRequestError>, Never>) {
        guard !shuttingDown else {
            continuation.resume(returning: .failure(.shuttingDown))
            return
        }
        var r = request
        r.flags.insert(.request)
        // T stays when the caller set it: it is re-sending a request that may have reached a server
        // before (a Gy CCR after a crash or a Tx expiry), so the server can detect the duplicate.
        r.flags.remove(.error)
        if r.endToEndID == 0 { r.endToEndID = endToEnd.next() }
        guard let key = selectPeer(for: r, excluding: []) else {
            continuation.resume(returning: .failure(.noPeerAvailable))
            return
        }
        let id = nextRequestID
        nextRequestID &+= 1
        outstanding[id] = DiameterOutstandingRequest(request: r, continuation: continuation, deadline: .now())
        dispatch(id, to: key, now: .now())
    }

    func selectPeer(for request: DiameterMessage, excluding: Set<String>) -> String? {
        let candidates = peers.values.map {
            DiameterPeerSelector.Candidate(key: $0.key, priority: $0.settings.priority, available: $0.machine.isAvailable,
                                           applications: $0.machine.peerCapabilities?.applications ?? [])
        }
        return selector.select(for: request, among: candidates, excluding: excluding)
    }

    /// Sends now if the peer has a free slot, else queues; the peer's request timeout starts either way.
    private func dispatch(_ id: UInt64, to key: String, now: NIODeadline) {
        guard var o = outstanding[id], let entry = peers[key] else { return }
        o.peerKey = key
        o.tried.insert(key)
        o.deadline = now + TimeAmount(entry.settings.requestTimeout)
        if entry.inFlight < max(1, entry.settings.maxInFlight) {
            outstanding[id] = o
            transmit(id, entry: entry)
        } else {
            o.queued = true
            outstanding[id] = o
            entry.queue.append(id)
        }
    }

    private func transmit(_ id: UInt64, entry: DiameterPeerEntry) {
        guard var o = outstanding[id], let connection = entry.connectionID else { return }
        let hbh = hopByHop.next()
        o.request.hopByHopID = hbh
        o.connectionID = connection
        o.queued = false
        o.sent = true
        outstanding[id] = o
        byHop[DiameterHopKey(connection: connection, hopByHop: hbh)] = id
        entry.inFlight += 1
        write(o.request, connection: connection)
    }

    func drainQueue(_ entry: DiameterPeerEntry) {
        while entry.machine.isAvailable, entry.inFlight < max(1, entry.settings.maxInFlight),
              let id = entry.queue.popFirst() {
            guard let o = outstanding[id], o.queued, o.peerKey == entry.key else { continue }
            transmit(id, entry: entry)
        }
    }

    func answerReceived(_ answer: DiameterMessage, connection: UInt64) {
        guard let id = byHop[DiameterHopKey(connection: connection, hopByHop: answer.hopByHopID)],
              let o = outstanding[id]
        else {
            logger.warning("Diameter answer with unknown Hop-by-Hop Identifier dropped", metadata: [
                "hbh": "\(answer.hopByHopID)", "e2e": "\(answer.endToEndID)",
                "command": "\(DiameterDictionary.standard.label(for: answer))",
            ])
            return
        }
        if answer.commandCode != o.request.commandCode || answer.endToEndID != o.request.endToEndID {
            finish(id, .failure(.invalidAnswer(
                "answer \(answer.commandCode)/e2e \(answer.endToEndID) to request \(o.request.commandCode)/e2e \(o.request.endToEndID)")))
        } else {
            if let key = o.peerKey {
                metrics.requestDuration(peers[key]?.settings.host ?? key, command: o.request,
                                        duration: ContinuousClock.now - o.submitted)
            }
            finish(id, .success(answer))
        }
    }

    /// Removes the request from every table and resumes its caller.
    func finish(_ id: UInt64, _ result: Result<DiameterMessage, DiameterRequestError>) {
        guard let o = outstanding.removeValue(forKey: id) else { return }
        let entry = release(id, o)
        o.continuation.resume(returning: result)
        if let entry { drainQueue(entry) }
    }

    /// Frees the request's slot (or queue place) on its peer.
    @discardableResult
    private func release(_ id: UInt64, _ o: DiameterOutstandingRequest) -> DiameterPeerEntry? {
        guard let key = o.peerKey, let entry = peers[key] else { return nil }
        if o.queued {
            if let i = entry.queue.firstIndex(of: id) { entry.queue.remove(at: i) }
        } else if let connection = o.connectionID {
            if byHop.removeValue(forKey: DiameterHopKey(connection: connection, hopByHop: o.request.hopByHopID)) != nil {
                entry.inFlight = max(0, entry.inFlight - 1)
            }
        }
        return entry
    }

    /// Timeout or lost connection: one more try (T flag if it was sent) on another open peer or, after a
    /// timeout with no other peer open, on the same peer (RFC 6733 5.5.4: same End-to-End, new
    /// Hop-by-Hop); else fail. Some HSSs silently drop a request now and then, so one more try on the
    /// only peer often gets the answer.
    private func retryElsewhereOrFail(_ id: UInt64, reason: DiameterRequestError, now: NIODeadline) {
        guard var o = outstanding[id] else { return }
        let previous = o.peerKey
        o.connectionID = nil
        o.queued = false
        if !o.retransmitted, let key = selectPeer(for: o.request, excluding: o.tried) ?? samePeerRetry(o, reason) {
            if o.sent {
                o.retransmitted = true
                o.request.flags.insert(.retransmitted)
                logger.info("Diameter request retransmitted with the T flag", metadata: [
                    "from_peer": "\(previous ?? "?")", "to_peer": "\(key)", "e2e": "\(o.request.endToEndID)",
                    "reason": "\(reason)",
                ])
            }
            outstanding[id] = o
            dispatch(id, to: key, now: now)
        } else {
            outstanding.removeValue(forKey: id)
            if o.sent, let previous {
                metrics.unansweredRequest(peers[previous]?.settings.host ?? previous)
            }
            o.continuation.resume(returning: .failure(reason))
        }
    }

    /// The peer that just timed out, when it is still open: the retry's only candidate.
    private func samePeerRetry(_ o: DiameterOutstandingRequest, _ reason: DiameterRequestError) -> String? {
        guard case .timeout = reason, o.sent, let key = o.peerKey, let entry = peers[key],
              entry.machine.isAvailable, entry.connectionID != nil
        else { return nil }
        return key
    }

    /// The peer went suspect or down: its sent and queued requests move to another peer or fail.
    func failOver(peer entry: DiameterPeerEntry, reason: String) {
        let ids = outstanding.filter { $0.value.peerKey == entry.key }.map(\.key).sorted()
        guard !ids.isEmpty else { return }
        for id in ids {
            guard let o = outstanding[id], let c = o.connectionID else { continue }
            byHop.removeValue(forKey: DiameterHopKey(connection: c, hopByHop: o.request.hopByHopID))
        }
        entry.inFlight = 0
        entry.queue.removeAll()
        logger.info("Diameter peer \(entry.settings.host) unavailable: failing over \(ids.count) request(s)",
                    metadata: ["reason": "\(reason)"])
        let now = NIODeadline.now()
        for id in ids { retryElsewhereOrFail(id, reason: .connectionLost, now: now) }
    }

    func expireRequests(now: NIODeadline) {
        let expired = outstanding.filter { $0.value.deadline <= now }.map(\.key).sorted()
        for id in expired {
            guard let o = outstanding[id] else { continue }
            let entry = release(id, o)
            let peer = entry?.settings.host ?? o.peerKey ?? "?"
            metrics.requestTimeout(peer)
            logger.warning("Diameter request timed out", metadata: [
                "peer": "\(peer)", "command": "\(DiameterDictionary.standard.label(for: o.request))",
                "e2e": "\(o.request.endToEndID)",
            ])
            retryElsewhereOrFail(id, reason: .timeout, now: now)
            if let entry { drainQueue(entry) }
        }
    }

    func failAllRequests(_ reason: DiameterRequestError) {
        let all = outstanding
        outstanding.removeAll()
        byHop.removeAll()
        for entry in peers.values {
            entry.inFlight = 0
            entry.queue.removeAll()
        }
        for (_, o) in all.sorted(by: { $0.key < $1.key }) { o.continuation.resume(returning: .failure(reason)) }
    }
}
