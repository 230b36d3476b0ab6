import Foundation
import NIOConcurrencyHelpers
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

    /// Refreshes the values; silently keeps the old ones where /proc is not readable.
    func update() {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let f = statm.split(separator: " ")
            if f.count > 1, let vm = Double(f[0]), let rss = Double(f[1]) {
                virtualMemory.set(vm * page)
                residentMemory.set(rss * page)
            }
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            // Fields after "(comm)": state is field 3; utime 14, stime 15, num_threads 20, starttime 22.
            let f = stat[stat.index(after: close)...].split(separator: " ")
            if f.count > 20, let utime = Double(f[11]), let stime = Double(f[12]), let n = Double(f[17]),
                let start = Double(f[19]), ticks > 0
            {
                threads.set(n)
                let cpu = (utime + stime) / ticks
                let delta = lastCPU.withLockedValue { last in
                    defer { last = cpu }
                    return last
                }
                if cpu > delta { cpuSeconds.increment(by: cpu - delta) }
                if let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
                    let up = Double(uptime.split(separator: " ").first ?? "")
                {
                    let bootTime = Date().timeIntervalSince1970 - up
                    startTime.set(bootTime + start / ticks)
                }
            }
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFDs.set(Double(fds.count))
        }
    }
}
