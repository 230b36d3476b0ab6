import Foundation

/// Runs tshark (Wireshark's decoder) on a capture: the independent oracle for our encoders.
public enum TShark {
    public static let path: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    public static var isAvailable: Bool { path != nil }

    /// Preferences that make tshark check RADIUS response authenticators with `secret`
    /// (it then marks a wrong one "[incorrect]") and decrypt hidden attributes.
    public static func radiusOptions(secret: String) -> [String] {
        ["-o", "radius.shared_secret:\(secret)", "-o", "radius.validate_authenticator:TRUE"]
    }

    public struct Result: Sendable {
        /// `tshark -V` text (every field, with expert annotations inline).
        public let verbose: String
        /// `tshark -z expert` summary lines.
        public let expert: String

        /// Lines that say the decoder found a fault: malformed packets or expert entries of
        /// severity Error or Warning. Notes and Chats (e.g. "Response to request") are fine.
        public var problems: [String] {
            var out = verbose.split(separator: "\n").map(String.init).filter {
                $0.contains("Malformed") || $0.contains("[Expert Info (Error") || $0.contains("[Expert Info (Warning")
                    || $0.contains("[incorrect]") || $0.contains("Invalid Authenticator: True")
                    || $0.contains("Undecoded")
            }
            out += expert.split(separator: "\n").map(String.init).filter {
                $0.hasPrefix("Error") || $0.hasPrefix("Warning")
            }
            return out
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case exited(Int32, String)

        public var description: String {
            switch self {
            case .notInstalled: return "tshark is not installed (apt-get install tshark); .ci/run installs it"
            case .exited(let code, let err): return "tshark exited \(code): \(err)"
            }
        }
    }

    /// Decodes `pcap` with the given preferences (e.g. `["-o", "radius.shared_secret:testing123"]`).
    public static func decode(_ pcap: [UInt8], options: [String] = []) throws -> Result {
        guard let path else { throw Failure.notInstalled }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("twag-\(UUID().uuidString).pcap")
        try Data(pcap).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let verbose = try run(path, ["-n", "-r", file.path, "-V"] + options)
        let expert = try run(path, ["-n", "-q", "-r", file.path, "-z", "expert"] + options)
        return Result(verbose: verbose, expert: expert)
    }

    /// `tshark -T fields` for the named fields: one row per packet, one column per field,
    /// repeated occurrences joined with ",".
    public static func fields(_ pcap: [UInt8], _ names: [String], options: [String] = []) throws -> [[String]] {
        guard let path else { throw Failure.notInstalled }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("twag-\(UUID().uuidString).pcap")
        try Data(pcap).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var args = ["-n", "-r", file.path, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
        for n in names { args += ["-e", n] }
        let out = try run(path, args + options)
        return out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    private static func run(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        // tshark wants a writable HOME for its profile; keep it out of the user's.
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = FileManager.default.temporaryDirectory.path
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure.exited(p.terminationStatus, String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
