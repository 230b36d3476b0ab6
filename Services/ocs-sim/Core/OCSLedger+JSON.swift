import Foundation

/// The ledger as JSON (Services/ocs-sim/README.md): the file tests and operators read.
extension OCSLedger {
    public func json() -> Data {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var subscribers: [String: Any] = [:]
        for (imsi, a) in accounts {
            subscribers[imsi] = ["balance_octets": a.balance, "reserved_octets": a.reserved, "used_octets": a.used]
        }
        var sessionObjects: [String: Any] = [:]
        for (id, s) in sessions {
            sessionObjects[id] = [
                "imsi": s.imsi, "open": s.open, "used_input_octets": s.usedInput, "used_output_octets": s.usedOutput,
                "used_octets": s.used, "granted_octets": s.granted, "requests": s.requests,
            ] as [String: Any]
        }
        let eventObjects: [[String: Any]] = events.map { e in
            var o: [String: Any] = ["session": e.session, "imsi": e.imsi, "type": e.type, "result": e.result,
                                    "duplicate": e.duplicate, "at": formatter.string(from: e.at)]
            if let n = e.number { o["number"] = n }
            if let g = e.grantedOctets { o["granted_octets"] = g }
            if let u = e.usedOctets { o["used_octets"] = u }
            if let r = e.reportingReason { o["reporting_reason"] = r }
            return o
        }
        let root: [String: Any] = ["subscribers": subscribers, "sessions": sessionObjects, "events": eventObjects,
                                   "duplicates": duplicates, "events_dropped": eventsDropped]
        return (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
