import Foundation
import TestSupport
import XCTest

/// A whole stack on loopback for one test: a temp directory with its own configuration, HSS
/// simulators, aaa-core and radius-frontends as real processes on ephemeral ports.
final class LabStack: @unchecked Sendable {
    struct HSS {
        let port: Int
        let host: String
        let process: ServiceProcess
    }

    let directory: URL
    let secret = "integration-secret-0123"
    let realm = "lab.twag"
    var hss: [HSS] = []
    var core: ServiceProcess?
    var frontends: [(process: ServiceProcess, port: Int, metricsPort: Int)] = []
    let coreMetricsPort = FreePort.tcp()
    let coreDiameterPort = FreePort.tcp()
    var hssPorts: [Int] = []
    /// Accounting port of each frontend instance.
    var acctPorts: [Int: Int] = [:]
    var databasePath: String { directory.appendingPathComponent("twag.sqlite").path }
    var requestTimeoutMs = 1500
    var ipcTimeoutMs = 3000
    /// `swx` or `cx` for every HSS peer.
    var dialect = "swx"
    /// Explicit `max_in_flight` per HSS peer (nil: the dialect's default).
    var maxInFlight: Int?
    /// Further top-level sections of the configuration (e.g. `charging`).
    var extraYAML = ""
    /// TWAG_* overrides given to every service of this stack (the store URL and node of a
    /// PostgreSQL node, for instance).
    var serviceEnvironment: [String: String] = [:]
    /// Other processes of the stack (ocs-sim, charging-agent), stopped with it.
    var others: [ServiceProcess] = []

    init(name: String = #function) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("twag-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("run"), withIntermediateDirectories: true)
    }

    var runtimeDirectory: String { directory.appendingPathComponent("run").path }
    var configPath: String { directory.appendingPathComponent("twag.yaml").path }
    var subscribersPath: String { directory.appendingPathComponent("subscribers.yaml").path }

    /// Subscribers for both the HSS simulator and the UE simulator (the same file format).
    func writeSubscribers(_ entries: [LabSubscriber], to path: String? = nil) throws {
        var yaml = "subscribers:\n"
        for s in entries {
            yaml += "  - imsi: \"\(s.imsi)\"\n    k: \"\(s.k)\"\n    opc: \"\(s.opc)\"\n    amf: \"\(s.amf)\"\n    sqn: \(s.sqn)\n"
            if s.barred { yaml += "    non3gpp_barred: true\n" }
        }
        try yaml.write(toFile: path ?? subscribersPath, atomically: true, encoding: .utf8)
    }

    /// The shared configuration file, pointing aaa-core at `hssPorts` in priority order.
    func writeConfig(allowedSubnets: [String] = ["127.0.0.0/8"], registration: Bool = false) throws {
        var peers = ""
        for (i, port) in hssPorts.enumerated() {
            peers += """
                  - host: hss\(i + 1).lab.twag
                    realm: lab.twag
                    ip: 127.0.0.1
                    port: \(port)
                    transport: tcp
                    initiate_connection: true
                    priority: \(i + 1)
                    vector_dialect: \(dialect)
                    aka_prime_keys: \(dialect == "cx" ? "derive" : "hss")
            \(maxInFlight.map { "        max_in_flight: \($0)\n" } ?? "")
            """
        }
        let subnets = allowedSubnets.map { "\"\($0)\"" }.joined(separator: ", ")
        let yaml = """
            diameter:
              listen_ip: 127.0.0.1
              listen_port: \(coreDiameterPort)
              host: aaa.lab.twag
              realm: lab.twag
              request_timeout_ms: \(requestTimeoutMs)
              watchdog_interval_s: 6
              reconnect_backoff_ms:
                initial: 100
                max: 1000
              peers:
            \(peers)
              registration:
                enabled: \(registration)
            radius:
              bind_addresses: ["127.0.0.1"]
              auth_port: 1812
              acct_port: 1813
              secret: \(secret)
              allowed_source_subnets: [\(subnets)]
            eap:
              methods: [aka, aka_prime]
              prefer: aka_prime
              network_name: WLAN
            runtime_dir: \(runtimeDirectory)
            database_path: \(directory.appendingPathComponent("twag.sqlite").path)
            ipc:
              request_timeout_ms: \(ipcTimeoutMs)
            prometheus:
              port: \(coreMetricsPort)
              bind: 127.0.0.1
            logging:
              level: debug
              format: text

            """ + extraYAML
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        for f in frontends { f.process.stop(grace: 2) }
        core?.stop(grace: 2)
        for h in hss { h.process.stop(grace: 2) }
        for p in others { p.stop(grace: 2) }
        try? FileManager.default.removeItem(at: directory)
    }
}

struct LabSubscriber {
    var imsi: String
    var k: String
    var opc: String
    var amf = "8000"
    var sqn = 32
    var barred = false
}
