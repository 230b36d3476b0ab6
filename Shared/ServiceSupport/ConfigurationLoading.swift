import Foundation
import TWAGConfiguration

/// Start-up configuration for every executable: a bad file stops the process with one line that
/// names the key, and exit code 2 (so supervisors and compose show why it did not start).
public enum ServiceConfiguration {
    public static let invalidConfigurationExitCode: Int32 = 2

    /// The `TWAG_*` variables of the process environment (the configuration's overrides).
    public static func overrides(from environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String: String]
    {
        environment.filter { $0.key.hasPrefix("TWAG_") }
    }

    public static func loadOrExit(path: String, service: String) -> TWAGConfiguration {
        do {
            return try TWAGConfiguration.load(path: path, environment: overrides())
        } catch {
            FileHandle.standardError.write(Data("\(service): invalid configuration: \(error)\n".utf8))
            exit(invalidConfigurationExitCode)
        }
    }
}
