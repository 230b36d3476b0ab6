import Foundation
import TestSupport
import XCTest

/// The charging part of a lab stack: ocs-sim with its balances and ledger, charging-agent, and the
/// `charging` section of the shared configuration.
struct ChargingLab {
    var mode = "online"
    var ocsPort = FreePort.tcp()
    var controlPort = FreePort.tcp()
    var agentMetricsPort = FreePort.tcp()
    var quotaTiers = [1_000_000, 2_000_000, 4_000_000]
    var thresholdPercent = 80
    var failureHandling = "terminate"
    var requestedUnits = "tiers"
    var interimIntervalSeconds = 10
    var requestTimeoutMs = 1000
    var retryIntervalSeconds = 1

    var yaml: String {
        """
        charging:
          mode: \(mode)
          peers:
            - host: ocs.lab.twag
              realm: lab.twag
              ip: 127.0.0.1
              port: \(ocsPort)
          quota_tiers_bytes: [\(quotaTiers.map(String.init).joined(separator: ", "))]
          threshold_percent: \(thresholdPercent)
          failure_handling: \(failureHandling)
          requested_units: \(requestedUnits)
          interim_interval_s: \(interimIntervalSeconds)
          request_timeout_ms: \(requestTimeoutMs)
          retry_interval_s: \(retryIntervalSeconds)
          watchdog_interval_s: 6

        """
    }
}

/// ocs-sim's ledger file (Services/ocs-sim/README.md), the parts the tests check.
struct OCSLedger {
    struct Session {
        var imsi: String
        var open: Bool
        var usedOctets: Int
        var requests: Int
    }

    var sessions: [String: Session] = [:]
    var eventTypes: [String] = []
    var duplicates = 0
    var balances: [String: Int] = [:]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        for (id, value) in object["sessions"] as? [String: [String: Any]] ?? [:] {
            sessions[id] = Session(imsi: value["imsi"] as? String ?? "", open: value["open"] as? Bool ?? false,
                                   usedOctets: value["used_octets"] as? Int ?? -1, requests: value["requests"] as? Int ?? 0)
        }
        eventTypes = (object["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        duplicates = object["duplicates"] as? Int ?? 0
        for (imsi, value) in object["subscribers"] as? [String: [String: Any]] ?? [:] {
            balances[imsi] = value["balance_octets"] as? Int
        }
    }

    var usedOctets: Int { sessions.values.map(\.usedOctets).reduce(0, +) }
}

extension StackIntegrationTests {
    /// hss-sim + ocs-sim + charging-agent + aaa-core + one frontend, charging as `charging` says.
    func makeChargedStack(_ charging: ChargingLab, balances: [String: Int], ocsExtra: [String] = [],
                          frontendEnvironment: [String: String] = [:], subscribers: [LabSubscriber] = [alice, bob])
        throws -> (stack: LabStack, ocs: ServiceProcess, agent: ServiceProcess?, frontend: (process: ServiceProcess, port: Int, metricsPort: Int))
    {
        let stack = try makeStack(subscribers: subscribers)
        stack.extraYAML = charging.yaml
        try stack.writeConfig()
        let ocs = try startOCS(stack, charging, balances: balances, extra: ocsExtra)
        _ = try startHSS(stack)
        let agent = charging.mode == "off" ? nil : try startChargingAgent(stack, charging)
        _ = try startCore(stack)
        let fe = try startFrontend(stack, environment: frontendEnvironment)
        return (stack, ocs, agent, fe)
    }

    func startOCS(_ stack: LabStack, _ charging: ChargingLab, balances: [String: Int], extra: [String] = [])
        throws -> ServiceProcess
    {
        var yaml = "subscribers:\n"
        for (imsi, octets) in balances.sorted(by: { $0.key < $1.key }) {
            yaml += "  - imsi: \"\(imsi)\"\n    balance_octets: \(octets)\n"
        }
        let path = stack.directory.appendingPathComponent("balances.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let ocs = try ServiceProcess(
            "ocs-sim",
            arguments: [
                "--balances", path, "--listen", "127.0.0.1:\(charging.ocsPort)", "--origin-host", "ocs.lab.twag",
                "--origin-realm", "lab.twag", "--ledger", ledgerPath(stack), "--control", "127.0.0.1:\(charging.controlPort)",
            ] + extra,
            directory: stack.directory, label: "ocs-sim")
        stack.others.append(ocs)
        XCTAssertTrue(ocs.waitForLog("ready", timeout: 30), ocs.log)
        return ocs
    }

    func startChargingAgent(_ stack: LabStack, _ charging: ChargingLab) throws -> ServiceProcess {
        let agent = try ServiceProcess(
            "charging-agent", arguments: ["--config", stack.configPath],
            environment: stack.serviceEnvironment.merging(["TWAG_PROMETHEUS__PORT": String(charging.agentMetricsPort)]) { $1 },
            directory: stack.directory,
            label: "charging-agent-\(UUID().uuidString.prefix(4))")
        stack.others.append(agent)
        XCTAssertTrue(waitForFile(stack.runtimeDirectory + "/charging-agent.sock", process: agent), agent.log)
        XCTAssertTrue(agent.waitForLog("-> open", timeout: 30), agent.log)
        return agent
    }

    /// ue-sim in the background, as an AP doing accounting towards `fe`, with `extra` arguments.
    func startAccountingUESim(_ stack: LabStack, _ fe: (process: ServiceProcess, port: Int, metricsPort: Int),
                              label: String, _ extra: [String]) throws -> ServiceProcess {
        try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath,
                "--json", "--allow-failures", "--timeout", "0.5", "--accounting",
                "--acct-port", String(try XCTUnwrap(stack.acctPorts[0])),
            ] + extra,
            directory: stack.directory, label: label)
    }

    /// `count` subscribers with random keys (a SIM is in one session at a time, so load needs many).
    static func randomSubscribers(_ count: Int) -> [LabSubscriber] {
        (0..<count).map { i in
            func hex() -> String { (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined() }
            return LabSubscriber(imsi: String(format: "0010190000%05d", i), k: hex(), opc: hex())
        }
    }

    func ledgerPath(_ stack: LabStack) -> String { stack.directory.appendingPathComponent("ledger.json").path }

    func ledger(_ stack: LabStack) throws -> OCSLedger { try OCSLedger(path: ledgerPath(stack)) }

    /// Waits until every Gy session in the ledger is closed (CCR-T answered); returns the ledger.
    func closedLedger(_ stack: LabStack, sessions count: Int, timeout: TimeInterval = 30) throws -> OCSLedger {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let l = try? ledger(stack), l.sessions.count >= count, l.sessions.values.allSatisfy({ !$0.open }) { return l }
            usleep(100_000)
        }
        return try ledger(stack)
    }

    /// What the APs reported, as the store kept it: the oracle for the OCS ledger.
    func reportedOctets(_ stack: LabStack) async throws -> Int {
        try await sessions(stack).map { Int($0.inputOctets + $0.outputOctets) }.reduce(0, +)
    }
}
