import Metrics
import Prometheus

/// The process's metrics registry: swift-metrics calls anywhere in the process (Counter(label:...))
/// land in one Prometheus registry that `MetricsEndpoint` serves.
public enum ServiceMetrics {
    /// Bootstraps swift-metrics once per process and returns the registry to serve.
    public static func bootstrap(service: String) -> PrometheusCollectorRegistry {
        let registry = makeRegistry(service: service)
        MetricsSystem.bootstrap(HelpfulMetricsFactory(registry: registry))
        return registry
    }

    /// A registry with the service's info gauge, without touching the process-wide metrics system
    /// (tests, which share one process, use this with an explicit factory).
    public static func makeRegistry(service: String) -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "twag_service_info", unitName: "", helpText: "The OpenTWAG service this process runs."),
            labels: [("service", service)]
        ).set(Double(1))
        return registry
    }
}
