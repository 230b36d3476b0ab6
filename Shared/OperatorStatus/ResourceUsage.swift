import Foundation

/// Memory, CPU and descriptors of one process, read from /proc (Linux), for the dashboard's
/// "Resources" view and the process_* metrics.
public struct ResourceUsage: Codable, Sendable, Equatable {
    public var pid: Int32
    public var residentBytes: Int64
    public var virtualBytes: Int64
    /// User + system CPU since the process started.
    public var cpuSeconds: Double
    public var threads: Int
    public var openFileDescriptors: Int
    /// Seconds since the Unix epoch the process started, when /proc tells.
    public var startTime: Double?

    public init(pid: Int32, residentBytes: Int64, virtualBytes: Int64, cpuSeconds: Double, threads: Int,
                openFileDescriptors: Int, startTime: Double?) {
        self.pid = pid
        self.residentBytes = residentBytes
        self.virtualBytes = virtualBytes
        self.cpuSeconds = cpuSeconds
        self.threads = threads
        self.openFileDescriptors = openFileDescriptors
        self.startTime = startTime
    }

    /// This process now; zeros where /proc is not readable.
    public static func current() -> ResourceUsage {
        var usage = ResourceUsage(pid: getpid(), residentBytes: 0, virtualBytes: 0, cpuSeconds: 0, threads: 0,
                                  openFileDescriptors: 0, startTime: nil)
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let vm = Int64(fields[0]), let rss = Int64(fields[1]) {
                usage.virtualBytes = vm * page
                usage.residentBytes = rss * page
            }
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") {
            // Fields after "(comm)": utime is field 14, stime 15, num_threads 20, starttime 22 (proc(5)).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 19, let utime = Double(fields[11]), let stime = Double(fields[12]),
                let threads = Int(fields[17]), let start = Double(fields[19]), ticks > 0
            {
                usage.cpuSeconds = (utime + stime) / ticks
                usage.threads = threads
                if let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
                    let up = Double(uptime.split(separator: " ").first ?? "")
                {
                    usage.startTime = Date().timeIntervalSince1970 - up + start / ticks
                }
            }
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            usage.openFileDescriptors = fds.count
        }
        return usage
    }
}
