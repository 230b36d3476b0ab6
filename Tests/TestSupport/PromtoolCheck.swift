import Foundation

/// `promtool check metrics` on a real service's /metrics: the independent oracle for the
/// exposition format. Nil when promtool is not installed (CI installs it).
public enum PromtoolCheck {
    /// The `*_count` counters named after the product guide (operators' dashboards use them), and
    /// our earlier ones kept for the same reason: promtool's suffix remarks are accepted for these only.
    public static let countNames: Set<String> = [
        "radius_access_request_count", "radius_access_accept_count", "radius_access_reject_count",
        "radius_access_challenge_count", "radius_accounting_request_count", "radius_status_server_count",
        "eap_aka_identity_count", "eap_aka_challenge_count", "eap_aka_sync_failure_count", "eap_aka_auth_success_count",
        "eap_aka_auth_reject_count", "eap_aka_final_answer_replayed_count", "diameter_message_count", "swx_sar_count",
        "swx_rtr_count", "radius_access_points_count", "radius_active_clients_count",
    ]

    /// The remarks promtool makes that are not accepted (empty: clean), or nil without promtool.
    public static func problems(in exposition: String) throws -> [String]? {
        guard let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(where: FileManager.default.isExecutableFile)
        else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: promtool)
        p.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if p.terminationStatus == 1 || text.contains("error while linting") { return [text] }
        return text.split(separator: "\n").map(String.init).filter { line in
            let name = line.split(separator: " ").first.map(String.init) ?? ""
            let suffixRemark = line.contains("should have \"_total\" suffix") || line.contains("should not have \"_count\" suffix")
            return !(suffixRemark && countNames.contains(name))
        }
    }
}
