import Metrics

/// `twag_store_available`: 1 while the shared store answers, 0 while it is unreachable (an
/// alert's input; the outage itself is logged once by the store). Sampled every second from the
/// store's own state, no query.
public enum StoreAvailabilityGauge {
    /// Records the gauge until the returned task is cancelled.
    public static func start(_ store: any SessionStore, factory: (any MetricsFactory)? = nil) -> Task<Void, Never> {
        let gauge = factory.map { Gauge(label: "twag_store_available", dimensions: [], factory: $0) }
            ?? Gauge(label: "twag_store_available")
        return Task {
            while !Task.isCancelled {
                gauge.record(store.availability.isAvailable ? 1 : 0)
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
