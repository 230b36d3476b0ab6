import Foundation
import SessionStore

/// The operator guide's "Client Usage & Accounting" view as text: one line per session with its
/// user, client MAC, AP, status, duration and data (↓ to the phone = Acct-Output-Octets, ↑ from it =
/// Acct-Input-Octets, the NAS's point of view), under a summary line.
public enum SessionUsageTable {
    public static func render(_ rows: [SessionRow], now: Date) -> String {
        let live = rows.filter(\.isLive).count
        let down = rows.reduce(Int64(0)) { $0 + $1.outputOctets }
        let up = rows.reduce(Int64(0)) { $0 + $1.inputOctets }
        var lines = ["\(rows.count) Sessions  \(live) Active  ↓ \(bytes(down)) / ↑ \(bytes(up))"]
        let header = ["SESSION ID", "USER", "CLIENT MAC", "AP / SSID", "STATUS", "DURATION", "DATA USAGE"]
        var table: [[String]] = []
        for row in rows {
            let status = row.isLive ? "active" : "ended (\(row.endCause ?? "-"))"
            let started = row.startedAt ?? row.acceptedAt
            let duration = row.sessionTime > 0 ? TimeInterval(row.sessionTime)
                : (row.endedAt ?? now).timeIntervalSince(started)
            table.append([
                row.acctSessionID ?? row.sessionClass, row.userName, row.callingStationID ?? "-",
                row.calledStationID ?? row.nasIP ?? row.clientIP, status, Self.duration(duration),
                "↓ \(bytes(row.outputOctets)) / ↑ \(bytes(row.inputOctets))",
            ])
        }
        lines.append(TextTable.render(header: header, rows: table))
        return lines.joined(separator: "\n")
    }

    /// `5m 14s`, `8h 27m`, `2d 3h` (the guide's style).
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    /// Decimal units, two decimals: `193.32 MB`.
    public static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(max(0, count))
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) B" : String(format: "%.2f %@", value, units[unit])
    }
}
