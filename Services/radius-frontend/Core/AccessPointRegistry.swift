import Foundation
import Logging
import NIOConcurrencyHelpers

/// The AP registry: request handlers record sightings in memory (a lock and a dictionary update,
/// nothing else), and ``run()`` writes them to the store in batches off the event loops.
public final class AccessPointRegistry: Sendable {
    private let tracker: NIOLockedValueBox<AccessPointTracker>
    private let store: any AccessPointStore
    private let logger: Logger
    private let metrics: FrontendMetrics
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let wallClock: @Sendable () -> Date

    public init(store: any AccessPointStore, logger: Logger, metrics: FrontendMetrics,
                tracker: AccessPointTracker = AccessPointTracker(),
                clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
                wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.tracker = NIOLockedValueBox(tracker)
        self.store = store
        self.logger = logger
        self.metrics = metrics
        self.clock = clock
        self.wallClock = wallClock
    }

    /// Records an authenticated request from an AP.
    public func observe(_ observation: AccessPointObservation) {
        let date = wallClock()
        let now = clock()
        tracker.withLockedValue { $0.observe(observation, date: date, now: now) }
    }

    /// Records an Access-Accept sent for `station` through the AP.
    public func recordAccept(station: String, on observation: AccessPointObservation) {
        let date = wallClock()
        let now = clock()
        tracker.withLockedValue { $0.recordAccept(station: station, on: observation, date: date, now: now) }
    }

    /// Writes what is due (everything when `force`). On a store error the writes are kept for
    /// the next attempt.
    public func flush(force: Bool = false) async {
        let now = clock()
        let due = tracker.withLockedValue { $0.takeDue(now: now, force: force) }
        guard !due.isEmpty else { return }
        do {
            let created = try await store.apply(due)
            for key in created {
                logger.info("AP Registered: \(key.nasIP)", metadata: [
                    "ap_mac": "\(key.apMAC)",
                    "ssid": "\(due.first { $0.observation.key == key }?.observation.ssid ?? "")",
                ])
            }
        } catch {
            logger.error("Access point registry write failed: \(error)")
            tracker.withLockedValue { $0.restore(due) }
        }
    }

    /// Refreshes `radius_access_points_count` from the store (all instances' APs).
    public func refreshCount() async {
        do {
            metrics.accessPoints.record(try await store.count())
        } catch {
            logger.warning("Access point count failed: \(error)")
        }
    }

    /// Flushes every `flushInterval` and polls the count every `countInterval` (the guide's
    /// 5 seconds) until the task is cancelled, then writes whatever is left.
    public func run(flushInterval: Duration = .milliseconds(250), countInterval: Duration = .seconds(5)) async {
        await refreshCount()
        var sinceCount = Duration.zero
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: flushInterval)
            } catch {
                break
            }
            await flush()
            sinceCount += flushInterval
            if sinceCount >= countInterval {
                sinceCount = .zero
                await refreshCount()
            }
        }
        // GRDB's async writes honour cancellation: the last flush runs in a task of its own.
        await Task { await self.flush(force: true) }.value
    }
}
