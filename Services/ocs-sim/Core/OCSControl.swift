import Foundation

/// The control API's routes (Services/ocs-sim/README.md), apart from HTTP: a method, a path and its
/// query in; a status and a JSON body out.
public struct OCSControl: Sendable {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var body: Data
    }

    let service: OCSService

    public init(service: OCSService) {
        self.service = service
    }

    public func handle(method: String, uri: String) async -> Response {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? uri
        let query = Self.query(parts.count > 1 ? String(parts[1]) : "")
        switch (method, path) {
        case ("GET", "/ledger"):
            return Response(status: 200, body: await service.ledgerJSON())
        case ("POST", "/topup"), ("POST", "/balance"):
            guard let imsi = query["imsi"], let octets = query["octets"].flatMap(UInt64.init) else {
                return Self.error(400, "imsi and octets (a non-negative integer) are required")
            }
            if path == "/topup" {
                guard let balance = await service.topUp(imsi: imsi, octets: octets) else {
                    return Self.error(404, "unknown subscriber \(imsi)")
                }
                return Self.json(200, ["imsi": imsi, "balance_octets": balance])
            }
            guard await service.setBalance(imsi: imsi, octets: octets) else { return Self.error(404, "unknown subscriber \(imsi)") }
            return Self.json(200, ["imsi": imsi, "balance_octets": octets])
        case ("POST", "/rar"), ("POST", "/asr"):
            guard let imsi = query["imsi"] else { return Self.error(400, "imsi is required") }
            guard let results = await service.serverRequest(path == "/rar" ? "RAR" : "ASR", imsi: imsi) else {
                return Self.error(404, "unknown subscriber \(imsi)")
            }
            return Self.json(200, ["imsi": imsi, "sessions": results.map { ["session": $0.session, "result": $0.result] }])
        case ("POST", "/faults"):
            var faults = await service.faults
            if let v = query["answer_delay_ms"] {
                guard let ms = Int(v), ms >= 0 else { return Self.error(400, "answer_delay_ms must be >= 0") }
                faults.answerDelayMilliseconds = ms
            }
            for (key, apply) in [("silent", { (f: inout OCSFaults, b: Bool) in f.silent = b }),
                                 ("drop_updates", { (f: inout OCSFaults, b: Bool) in f.dropUpdates = b })] {
                if let v = query[key] {
                    guard v == "0" || v == "1" else { return Self.error(400, "\(key) must be 0 or 1") }
                    apply(&faults, v == "1")
                }
            }
            await service.setFaults(faults)
            return Self.json(200, ["answer_delay_ms": faults.answerDelayMilliseconds, "silent": faults.silent,
                                   "drop_updates": faults.dropUpdates])
        default:
            return Self.error(404, "no such resource: \(method) \(path)")
        }
    }

    static func query(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard let key = kv.first?.removingPercentEncoding else { continue }
            out[key] = kv.count > 1 ? kv[1].removingPercentEncoding ?? "" : ""
        }
        return out
    }

    static func json(_ status: Int, _ object: [String: Any]) -> Response {
        Response(status: status, body: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    static func error(_ status: Int, _ message: String) -> Response { json(status, ["error": message]) }
}
