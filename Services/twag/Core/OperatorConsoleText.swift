import Foundation
import OperatorQueries
import OperatorStatus

/// The operator's console views as text (`twag status`, `aps`, `peers`, `usage`, `disconnect`,
/// `diameter-test`): the seed's remote console (CryptoState / APState / ClientUsage) on the same data
/// as the dashboard.
public enum OperatorConsoleText {
    public static func status(_ view: StatusView, now: Date) -> String {
        var lines = ["\(view.liveSessions.map(String.init) ?? "?") live sessions  \(view.accessPoints.map(String.init) ?? "?") access points"
            + (view.conversations.map { "  \($0) EAP conversations" } ?? "")]
        let rows = view.services.map { service -> [String] in
            let resources = service.resources
            return [service.service, service.instance, service.state,
                    service.startedAt.map { SessionUsageTable.duration(now.timeIntervalSince($0)) } ?? "-",
                    resources.map { SessionUsageTable.bytes($0.residentBytes) } ?? "-",
                    resources.map { String(format: "%.2f", $0.cpuSeconds) } ?? "-",
                    resources.map { String($0.openFileDescriptors) } ?? "-",
                    service.error ?? details(service.details)]
        }
        lines.append(TextTable.render(header: ["SERVICE", "INSTANCE", "STATE", "UP", "RSS", "CPU S", "FILES", "DETAILS"], rows: rows))
        return lines.joined(separator: "\n")
    }

    public static func accessPoints(_ views: [AccessPointView]) -> String {
        var lines = ["\(views.count) access points  \(views.reduce(0) { $0 + $1.liveSessions }) live sessions"]
        lines.append(TextTable.render(
            header: ["NAS IP", "AP MAC", "SSID", "CLIENTS", "LIVE", "FIRST SEEN", "LAST SEEN", "MTU", "PORT TYPE"],
            rows: views.map { ap in
                [ap.nasIp, ap.apMac.isEmpty ? "-" : ap.apMac, ap.ssid ?? "-", String(ap.clients), String(ap.liveSessions),
                 Timestamp.text(ap.firstSeen), Timestamp.text(ap.lastSeen), ap.framedMtu.map(String.init) ?? "-",
                 ap.nasPortType.map(String.init) ?? "-"]
            }))
        return lines.joined(separator: "\n")
    }

    public static func peers(_ view: PeerListView) -> String {
        let open = view.peers.filter { $0.peer.state == "open" }.count
        var lines = ["\(open) of \(view.peers.count) Diameter peers open"]
        for (service, why) in view.unavailable.sorted(by: { $0.key < $1.key }) { lines.append("\(service): \(why)") }
        lines.append(TextTable.render(
            header: ["SERVICE", "PEER", "REALM", "ADDRESS", "TRANSPORT", "STATE", "PRODUCT", "APPLICATIONS", "LAST WATCHDOG"],
            rows: view.peers.map { entry in
                let peer = entry.peer
                return [entry.service, peer.host, peer.realm, peer.address, peer.transport, peer.state, peer.productName ?? "-",
                        peer.applications.joined(separator: ", "), peer.lastWatchdog.map(Timestamp.text) ?? "-"]
            }))
        return lines.joined(separator: "\n")
    }

    public static func usage(_ totals: UsageTotalsView) -> String {
        "\(totals.sessions) Sessions · \(totals.active) Active · ↓ \(SessionUsageTable.bytes(totals.downloadOctets)) / "
            + "↑ \(SessionUsageTable.bytes(totals.uploadOctets)) · \(SessionUsageTable.duration(TimeInterval(totals.sessionSeconds)))"
    }

    public static func disconnect(_ report: DisconnectReport) -> String {
        TextTable.render(header: ["SESSION", "IMSI", "AP", "ANSWER", "DETAIL"], rows: report.entries.map { entry in
            [entry.sessionClass, entry.imsi, entry.accessPoint, answer(entry.outcome), entry.detail ?? "-"]
        })
    }

    public static func diameterTest(_ report: DiameterTestReport) -> String {
        var lines = ["MAR for \(report.imsi) (\(report.scheme)): \(report.outcome)",
                     "Result-Code: \(report.resultCode.map(String.init) ?? "-")",
                     "Vectors: \(report.vectorCount)",
                     String(format: "Latency: %.1f ms", report.latencyMilliseconds)]
        if let detail = report.detail { lines.append("Detail: \(detail)") }
        return lines.joined(separator: "\n")
    }

    static func answer(_ outcome: String) -> String {
        switch outcome {
        case "ack": return "Disconnect-ACK"
        case "nak": return "Disconnect-NAK"
        case "timeout": return "no answer"
        default: return outcome
        }
    }

    static func details(_ details: [String: String]) -> String {
        details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
