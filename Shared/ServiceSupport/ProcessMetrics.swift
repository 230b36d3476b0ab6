import Foundation
import NIOConcurrencyHelpers
import OperatorStatus
import Prometheus

/// process_* metrics read from /proc at scrape time (the counterparts of the Erlang VM gauges the
/// product's guide lists: memory, threads, file descriptors, CPU).
final class ProcessMetrics: Sendable {
    private let residentMemory: Gauge
    private let virtualMemory: Gauge
    private let openFDs: Gauge
    private let threads: Gauge
    private let startTime: Gauge
    private let cpuSeconds: Counter
    private let lastCPU = NIOLockedValueBox(0.0)

    init(registry: PrometheusCollectorRegistry) {
        residentMemory = registry.makeGauge(descriptor: MetricNameDescriptor(metricName: "process_resident_memory_bytes", unitName: "", helpText: "Resident memory size in bytes."), labels: [])
        virtualMemory = registry.makeGauge(descriptor: MetricNameDescriptor(metricName: "process_virtual_memory_bytes", unitName: "", helpText: "Virtual memory size in bytes."), labels: [])
        openFDs = registry.makeGauge(descriptor: MetricNameDescriptor(metricName: "process_open_fds", unitName: "", helpText: "Number of open file descriptors."), labels: [])
        threads = registry.makeGauge(descriptor: MetricNameDescriptor(metricName: "process_threads", unitName: "", helpText: "Number of OS threads."), labels: [])
        startTime = registry.makeGauge(descriptor: MetricNameDescriptor(metricName: "process_start_time_seconds", unitName: "", helpText: "Start time of the process since the Unix epoch in seconds."), labels: [])
        cpuSeconds = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "process_cpu_seconds_total", unitName: "", helpText: "Total user and system CPU time spent in seconds."), labels: [])
    }

    /// Refreshes the values; keeps the old ones where /proc is not readable.
    func update() {
        let usage = ResourceUsage.current()
        guard usage.residentBytes > 0 else { return }
        virtualMemory.set(Double(usage.virtualBytes))
        residentMemory.set(Double(usage.residentBytes))
        threads.set(Double(usage.threads))
        openFDs.set(Double(usage.openFileDescriptors))
        if let start = usage.startTime { startTime.set(start) }
        let previous = lastCPU.withLockedValue { last in
            defer { last = usage.cpuSeconds }
            return last
        }
        if usage.cpuSeconds > previous { cpuSeconds.increment(by: usage.cpuSeconds - previous) }
    }
}
