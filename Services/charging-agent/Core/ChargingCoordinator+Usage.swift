import Foundation
import SessionStore

/// Usage and time: how the sessions learn that the AP reported more, that a session ended, and that
/// a timer is due.
extension ChargingCoordinator {
    /// New accounting was committed (`usage-committed` from a frontend): reads the sessions that got
    /// records since the last look. Calls arriving during a scan (or its short coalescing wait) are
    /// folded into one more scan.
    public func usageCommitted() async {
        if scanning {
            rescanOwed = true
            return
        }
        scanning = true
        defer { scanning = false }
        // Let the commits of the next moment join this scan: under load one scan serves many
        // accounting records, and usage a few milliseconds older changes nothing for quota.
        if scanCoalescing > .zero { try? await Task.sleep(for: scanCoalescing) }
        repeat {
            rescanOwed = false
            guard let found = try? await store.sessionsWithAccounting(after: accountingCursor) else { return }
            accountingCursor = found.cursor
            let relevant = found.classes.filter { entries[$0] != nil }
            if !relevant.isEmpty { await feedUsage(relevant) }
        } while rescanOwed
    }

    /// Every open session against its row: catches what no accounting record announces (Accounting-On/Off,
    /// the stale-session sweep, a Disconnect-NAK 503) and sessions whose Accept never reached the store.
    public func reconcile() async {
        let classes = entries.filter { $0.value.session.phase != .authorizing }.map(\.key)
        await feedUsage(classes, orphansBefore: now().addingTimeInterval(-orphanGrace))
    }

    func feedUsage(_ classes: [String], orphansBefore: Date? = nil) async {
        guard !classes.isEmpty else { return }
        let rows: [SessionUsageRow]
        do {
            rows = try await store.sessionUsage(classes: classes)
        } catch {
            logger.warning("Cannot read session usage: \(error)")
            return
        }
        let policy = self.policy
        let date = now()
        var events: [(String, Event)] = rows.map { row in
            let snapshot = UsageSnapshot(inputOctets: UInt64(clamping: row.inputOctets),
                                         outputOctets: UInt64(clamping: row.outputOctets),
                                         seconds: UInt64(clamping: row.sessionTime))
            let ended = row.endedAt != nil
            return (row.sessionClass, { $0.usage(snapshot, ended: ended, policy: policy, now: date) })
        }
        if let orphansBefore {
            let present = Set(rows.map(\.sessionClass))
            for sessionClass in classes where !present.contains(sessionClass) {
                guard let entry = entries[sessionClass], entry.record.createdAt < orphansBefore else { continue }
                logger.notice("Charged session never reached the store (Accept lost): closing its Gy session",
                              metadata: metadata(sessionClass))
                events.append((sessionClass, { $0.usage(.zero, ended: true, policy: policy, now: date) }))
            }
        }
        await apply(events)
    }

    /// Runs due timers (retries, Validity-Time) and resends requests the store refused earlier.
    public func tick() async {
        let date = now()
        let policy = self.policy
        var events: [(String, Event)] = []
        for (sessionClass, entry) in entries {
            if let deadline = entry.session.nextDeadline, deadline <= date {
                events.append((sessionClass, { $0.tick(policy: policy, now: date) }))
            }
        }
        await apply(events)
        let unsent = unsentClasses
        unsentClasses = []
        for sessionClass in unsent {
            guard let pending = entries[sessionClass]?.session.pending else { continue }
            await persistAndPerform([.send(pending, retransmission: true)], for: sessionClass)
        }
        // States changed without a request (answers, usage) are written here at the latest.
        if !dirty.isEmpty || !pendingInserts.isEmpty { _ = await persist() }
    }

    /// The agent's clock: timers every `tick`, a full reconcile every `reconcileEvery`, a heartbeat
    /// and takeover check three times per `takeOverAfter` (other nodes see this one alive), until cancelled.
    public func run(tick interval: Duration = .milliseconds(200), reconcileEvery: Duration = .seconds(5)) async {
        let clock = ContinuousClock()
        var nextReconcile = clock.now.advanced(by: reconcileEvery)
        var nextBeat = clock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await tick()
            if clock.now >= nextReconcile {
                nextReconcile = clock.now.advanced(by: reconcileEvery)
                await usageCommitted()
                await reconcile()
            }
            if clock.now >= nextBeat {
                nextBeat = clock.now.advanced(by: takeOverAfter / 3)
                await takeOverSilentNodes()
            }
        }
    }
}
