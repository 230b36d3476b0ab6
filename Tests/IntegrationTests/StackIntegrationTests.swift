import EAP
import Foundation
import RADIUS
import TestSupport
import XCTest

/// The auth path as operators run it: hss-sim, aaa-core and radius-frontend as separate
/// processes on loopback, driven by ue-sim over real RADIUS/UDP (issue #3's proof list).
final class StackIntegrationTests: XCTestCase {
    /// Lab subscribers (test PLMN 001/01), the same K/OPc as config/lab-subscribers.yaml.
    static let alice = LabSubscriber(
        imsi: "001010000000001", k: "6891f0dbb602ca4f12372b1ac32b38e8", opc: "e4eb73ce980314af1aa22750c474b97c")
    static let bob = LabSubscriber(
        imsi: "001010000000002", k: "ae8f080ed5e0bedcda7cb81320c21c42", opc: "f41d2e9e980dc24872ca20d378c0100c")
    static let carol = LabSubscriber(
        imsi: "001010000000004", k: "000102030405060708090a0b0c0d0e0f", opc: "0f0e0d0c0b0a09080706050403020100")

    // MARK: Stack control

    func startHSS(_ stack: LabStack, index: Int = 0, subscribers: String? = nil, extra: [String] = []) throws -> LabStack.HSS {
        let port = stack.hssPorts[index]
        let host = "hss\(index + 1).lab.twag"
        let p = try ServiceProcess(
            "hss-sim",
            arguments: [
                "--listen", "127.0.0.1:\(port)", "--origin-host", host, "--origin-realm", "lab.twag",
                "--subscribers", subscribers ?? stack.subscribersPath,
                "--state", stack.directory.appendingPathComponent("hss\(index + 1)-state.json").path,
            ] + extra,
            directory: stack.directory, label: "hss-sim-\(index + 1)")
        let hss = LabStack.HSS(port: port, host: host, process: p)
        stack.hss.append(hss)
        XCTAssertTrue(p.waitForLog("ready", timeout: 30), p.log)
        return hss
    }

    /// Starts aaa-core; with a running HSS, waits until its Diameter peer is open.
    func startCore(_ stack: LabStack) throws -> ServiceProcess {
        let core = try ServiceProcess(
            "aaa-core", arguments: ["--config", stack.configPath],
            environment: stack.serviceEnvironment.merging(["TWAG_PROMETHEUS__PORT": String(stack.coreMetricsPort)]) { $1 },
            directory: stack.directory,
            label: "aaa-core-\(UUID().uuidString.prefix(4))")
        stack.core = core
        XCTAssertTrue(waitForFile(stack.runtimeDirectory + "/aaa-core.sock", process: core), core.log)
        if stack.hss.contains(where: { $0.process.isRunning }) {
            XCTAssertTrue(core.waitForLog("-> open", timeout: 30), core.log)
        }
        return core
    }

    /// `environment`: extra TWAG_* overrides. The accounting port is recorded in `stack.acctPorts[instance]`.
    func startFrontend(_ stack: LabStack, instance: Int = 0, environment: [String: String] = [:]) throws
        -> (process: ServiceProcess, port: Int, metricsPort: Int)
    {
        let port = FreePort.udp()
        let metricsPort = FreePort.tcp()
        let acctPort = FreePort.udp()
        stack.acctPorts[instance] = acctPort
        let p = try ServiceProcess(
            "radius-frontend", arguments: ["--config", stack.configPath, "--instance-id", "frontend-\(instance + 1)"],
            environment: [
                "TWAG_RADIUS__AUTH_PORT": String(port), "TWAG_RADIUS__ACCT_PORT": String(acctPort),
                "TWAG_PROMETHEUS__PORT": String(metricsPort),
            ].merging(stack.serviceEnvironment) { $1 }.merging(environment) { $1 },
            directory: stack.directory, label: "radius-frontend-\(instance + 1)")
        XCTAssertTrue(p.waitForLog("listening", timeout: 30), p.log)
        let entry = (process: p, port: port, metricsPort: metricsPort)
        stack.frontends.append(entry)
        return entry
    }

    /// hss-sim + aaa-core + one frontend with `subscribers` known to the HSS.
    func makeStack(hssCount: Int = 1, subscribers: [LabSubscriber] = [alice, bob]) throws -> LabStack {
        let stack = try LabStack()
        stack.hssPorts = (0..<hssCount).map { _ in FreePort.tcp() }
        try stack.writeSubscribers(subscribers)
        try stack.writeConfig()
        return stack
    }

    /// Runs ue-sim to completion and returns its JSON report.
    func runUESim(
        _ stack: LabStack, port: Int, subscribers: String? = nil, secret: String? = nil, extra: [String]
    ) throws -> (report: [String: Any], log: String) {
        let out = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(port)", "--secret", secret ?? stack.secret,
                "--subscribers", subscribers ?? stack.subscribersPath, "--json", "--allow-failures", "--timeout", "0.5",
            ] + extra,
            directory: stack.directory, label: "ue-sim-\(UUID().uuidString.prefix(6))")
        XCTAssertNotNil(out.waitForExit(timeout: 120), "ue-sim did not finish")
        let log = out.log
        guard let object = Self.report(inLog: log) else {
            XCTFail("no JSON report from ue-sim:\n\(log)")
            return ([:], log)
        }
        return (object, log)
    }

    /// ue-sim's `--json` report inside a process log (other lines may surround it).
    static func report(inLog log: String) -> [String: Any]? {
        guard let start = log.firstIndex(of: "{"), let end = log.lastIndex(of: "}") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(log[start...end].utf8))) as? [String: Any]
    }

    func waitForFile(_ path: String, process: ServiceProcess, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            if !process.isRunning { return false }
            usleep(50_000)
        }
        return false
    }

    func metrics(port: Int) -> String {
        (try? HTTPProbe.get(port: port, path: "/metrics").body) ?? ""
    }

    /// Sum of a metric's samples whose line contains every `labels` fragment.
    func metricValue(_ text: String, _ name: String, labels: [String] = []) -> Double {
        text.split(separator: "\n").filter { line in
            (line.hasPrefix(name + " ") || line.hasPrefix(name + "{")) && labels.allSatisfy { line.contains($0) }
        }.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }

    func successes(_ report: [String: Any]) -> Int { report["successes"] as? Int ?? -1 }
    func failures(_ report: [String: Any]) -> [String: Int] { report["failures"] as? [String: Int] ?? [:] }

    // MARK: Tests

    func testAKAAndAKAPrimeAcceptedWithMatchingKeys() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        for method in ["aka", "aka-prime"] {
            let (report, log) = try runUESim(stack, port: fe.port, extra: ["--method", method, "--count", "4"])
            XCTAssertEqual(successes(report), 4, "\(method): \(log)\n\(stack.core?.log ?? "")")
            XCTAssertEqual(failures(report), [:], log)
        }
        XCTAssertTrue(stack.core?.log.contains("Authentication ACCEPTED") ?? false)
        XCTAssertTrue(stack.core?.log.contains("Phase 1: Identity response") ?? false)
        // ue-sim fails an authentication with mppe_mismatch unless MS-MPPE keys = its own MSK halves.
        let text = metrics(port: fe.metricsPort)
        XCTAssertEqual(metricValue(text, "radius_access_accept_count"), 8, text)
        XCTAssertGreaterThanOrEqual(metricValue(text, "radius_access_challenge_count"), 8, text)
    }

    func testResynchronisationWhenThePhoneIsAhead() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let (report, log) = try runUESim(stack, port: fe.port, extra: ["--count", "1", "--sqn-offset", "50"])
        XCTAssertEqual(successes(report), 1, log + (stack.core?.log ?? ""))
        XCTAssertTrue(metricValue(metrics(port: stack.coreMetricsPort), "eap_aka_sync_failure_count") >= 1
            || (stack.core?.log.contains("ynchron") ?? false), stack.core?.log ?? "")
    }

    func testWrongRESIsRejectedWithTheRESLogLine() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let (report, log) = try runUESim(stack, port: fe.port, extra: ["--count", "1", "--corrupt-res"])
        XCTAssertEqual(successes(report), 0, log)
        XCTAssertEqual(failures(report)["reject"], 1, log)
        XCTAssertTrue(stack.core?.waitForLog("RES verification failed", timeout: 5) ?? false, stack.core?.log ?? "")
        XCTAssertTrue(stack.core?.log.contains("Authentication REJECTED") ?? false)
    }

    func testWrongKIsRejected() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        // The phone with another K fails AUTN and sends Authentication-Reject: the server rejects.
        let (report, log) = try runUESim(stack, port: fe.port, extra: ["--count", "1", "--wrong-k"])
        XCTAssertEqual(successes(report), 0, log)
        XCTAssertTrue(stack.core?.waitForLog("Authentication REJECTED", timeout: 5) ?? false, stack.core?.log ?? "")
    }

    func testUnknownIMSIIsRejected() throws {
        let stack = try makeStack(subscribers: [Self.alice])
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let stranger = stack.directory.appendingPathComponent("stranger.yaml").path
        try stack.writeSubscribers([Self.carol], to: stranger)
        let (report, log) = try runUESim(stack, port: fe.port, subscribers: stranger, extra: ["--count", "1"])
        XCTAssertEqual(successes(report), 0, log)
        XCTAssertEqual(failures(report)["reject"], 1, log)
        XCTAssertTrue(stack.core?.waitForLog("Authentication REJECTED", timeout: 5) ?? false, stack.core?.log ?? "")
    }

    func testBadSecretAndForeignSourcesGetNoAnswerAndAreCounted() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let (report, log) = try runUESim(stack, port: fe.port, secret: "not-the-secret", extra: ["--count", "1", "--tries", "1"])
        XCTAssertEqual(failures(report)["timeout"], 1, log)
        let text = metrics(port: fe.metricsPort)
        XCTAssertGreaterThanOrEqual(metricValue(text, "radius_dropped_total", labels: ["message_authenticator"]), 1, text)

        // A second frontend that allows only 192.0.2.0/24 drops our loopback traffic as foreign.
        try stack.writeConfig(allowedSubnets: ["192.0.2.0/24"])
        let strict = try startFrontend(stack, instance: 1)
        let (foreign, flog) = try runUESim(stack, port: strict.port, extra: ["--count", "1", "--tries", "1"])
        XCTAssertEqual(failures(foreign)["timeout"], 1, flog)
        XCTAssertGreaterThanOrEqual(
            metricValue(metrics(port: strict.metricsPort), "radius_dropped_total", labels: ["source_not_allowed"]), 1)
    }

    func testSWxRegistrationRejectsABarredSubscriber() throws {
        var dave = Self.bob
        dave.imsi = "001010000000005"
        dave.barred = true
        let stack = try makeStack(subscribers: [Self.alice, dave])
        try stack.writeConfig(registration: true)
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let aliceFile = stack.directory.appendingPathComponent("alice.yaml").path
        let daveFile = stack.directory.appendingPathComponent("dave.yaml").path
        try stack.writeSubscribers([Self.alice], to: aliceFile)
        try stack.writeSubscribers([dave], to: daveFile)
        let (allowed, l1) = try runUESim(stack, port: fe.port, subscribers: aliceFile, extra: ["--count", "1"])
        XCTAssertEqual(successes(allowed), 1, l1 + (stack.core?.log ?? ""))
        let (barred, l2) = try runUESim(stack, port: fe.port, subscribers: daveFile, extra: ["--count", "1"])
        XCTAssertEqual(failures(barred)["reject"], 1, l2)
        XCTAssertTrue(stack.core?.waitForLog("non-3GPP access barred", timeout: 5) ?? false, stack.core?.log ?? "")
        XCTAssertGreaterThanOrEqual(
            metricValue(metrics(port: stack.coreMetricsPort), "swx_sar_count", labels: ["barred"]), 1)
    }

    func testHSSDownRejectsWithinTheRequestTimeout() throws {
        let stack = try makeStack()
        // The configured HSS never starts.
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let began = Date()
        let (report, log) = try runUESim(stack, port: fe.port, extra: ["--count", "1", "--timeout", "5", "--tries", "1"])
        XCTAssertEqual(successes(report), 0, log)
        XCTAssertEqual(failures(report)["reject"], 1, log + (stack.core?.log ?? ""))
        // Within the Diameter request timeout (1.5 s here, once retried) plus slack.
        XCTAssertLessThan(Date().timeIntervalSince(began), 5, log)
    }

    func testSecondHSSPeerServesWhenTheFirstIsDown() throws {
        let stack = try makeStack(hssCount: 2)
        _ = try startHSS(stack, index: 1)  // priority 2 only; priority 1 is down
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let (report, log) = try runUESim(stack, port: fe.port, extra: ["--count", "2"])
        XCTAssertEqual(successes(report), 2, log + (stack.core?.log ?? ""))
    }

    func testTwoFrontendsShareOneCore() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let a = try startFrontend(stack, instance: 0)
        let b = try startFrontend(stack, instance: 1)
        let aliceFile = stack.directory.appendingPathComponent("alice.yaml").path
        let bobFile = stack.directory.appendingPathComponent("bob.yaml").path
        try stack.writeSubscribers([Self.alice], to: aliceFile)
        try stack.writeSubscribers([Self.bob], to: bobFile)
        let (r1, l1) = try runUESim(stack, port: a.port, subscribers: aliceFile, extra: ["--count", "3"])
        let (r2, l2) = try runUESim(stack, port: b.port, subscribers: bobFile, extra: ["--count", "3"])
        XCTAssertEqual(successes(r1), 3, l1)
        XCTAssertEqual(successes(r2), 3, l2)
    }

    func testFrontendRestartDuringLoadIsSurvived() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let fe = try startFrontend(stack)
        let load = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath,
                "--json", "--allow-failures", "--duration", "6", "--concurrency", "2", "--timeout", "0.5", "--tries", "6",
            ],
            directory: stack.directory, label: "ue-sim-load")
        // Crash it once the load is under way.
        XCTAssertTrue(stack.core?.waitForLog("Authentication ACCEPTED", timeout: 20) ?? false, stack.core?.log ?? "")
        fe.process.crash()
        // The same port again, as a restarted container or unit would have.
        let again = try ServiceProcess(
            "radius-frontend", arguments: ["--config", stack.configPath, "--instance-id", "frontend-restarted"],
            environment: [
                "TWAG_RADIUS__AUTH_PORT": String(fe.port), "TWAG_RADIUS__ACCT_PORT": String(FreePort.udp()),
                "TWAG_PROMETHEUS__PORT": String(FreePort.tcp()),
            ],
            directory: stack.directory, label: "radius-frontend-restarted")
        defer { again.stop() }
        XCTAssertTrue(again.waitForLog("listening", timeout: 30), again.log)
        XCTAssertNotNil(load.waitForExit(timeout: 60))
        let log = load.log
        guard let report = Self.report(inLog: log) else { return XCTFail(log) }
        // The frontend holds no EAP state: retransmissions reach the new process and go on, and a
        // final response whose answer died with the old process gets aaa-core's replayed answer.
        // At most the two in flight may fail (their retries all fall in the gap with no listener).
        XCTAssertGreaterThan(successes(report), 0, log)
        XCTAssertLessThanOrEqual(failures(report).values.reduce(0, +), 2, log + again.log)
        XCTAssertNil(failures(report)["reject"], "a retransmitted final response must not be rejected: \(log)")
        XCTAssertTrue(again.waitForLog("IPC connected", timeout: 10), again.log)
    }

    func testCoreRestartDuringLoadIsSurvived() throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        let core = try startCore(stack)
        let fe = try startFrontend(stack)
        let load = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath,
                "--json", "--allow-failures", "--duration", "8", "--concurrency", "2", "--timeout", "0.5",
            ],
            directory: stack.directory, label: "ue-sim-load")
        XCTAssertTrue(core.waitForLog("Authentication ACCEPTED", timeout: 20), core.log)
        core.crash()
        let restarted = try startCore(stack)
        XCTAssertTrue(restarted.isRunning)
        XCTAssertNotNil(load.waitForExit(timeout: 60))
        let log = load.log
        guard let report = Self.report(inLog: log) else { return XCTFail(log) }
        let ok = successes(report)
        let total = report["authentications"] as? Int ?? 0
        // Some authentications in flight during the crash fail; the run goes on by itself.
        XCTAssertGreaterThan(ok, 0, log)
        XCTAssertGreaterThan(Double(ok) / Double(max(total, 1)), 0.5, log)
        XCTAssertTrue(restarted.log.contains("Authentication ACCEPTED"), "no authentication after the restart:\n\(restarted.log)")
    }
}

/// `twag up`, the README's main job: the lab stack, the demo authentications, and restarts.
final class TWAGUpTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testTwagUpRunsTheLabStackTheDemoAndRestartsACrashedService() throws {
        let lab = FileManager.default.temporaryDirectory.appendingPathComponent("twag-up-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: lab, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: lab) }
        let config = Self.repository.appendingPathComponent("config/twag.yaml").path
        let subscribers = Self.repository.appendingPathComponent("config/lab-subscribers.yaml").path
        let balances = Self.repository.appendingPathComponent("config/lab-balances.yaml").path
        let up = try ServiceProcess(
            "twag",
            arguments: ["up", "--config", config, "--subscribers", subscribers, "--balances", balances, "--lab-dir", lab.path,
                        "--bin-dir", try ServiceProcess.executable("aaa-core").deletingLastPathComponent().path],
            directory: lab)
        defer { up.stop(grace: 15) }
        XCTAssertTrue(up.waitForLog("[twag] demo authentications succeeded", timeout: 90), up.log)
        XCTAssertTrue(up.log.contains("MSK (derived by UE) matches MS-MPPE keys: yes"), up.log)
        XCTAssertTrue(up.log.contains("Authentication ACCEPTED"), up.log)
        XCTAssertTrue(up.log.contains("Accounting-Stop acknowledged"), up.log)
        // The demo sessions were charged online: grant, usage and CCR-T in the OCS ledger.
        XCTAssertTrue(up.waitForLog("[twag] charging (online), as the OCS simulator's ledger shows it:", timeout: 20), up.log)
        let gyLines = up.log.split(separator: "\n").filter { $0.contains("[twag]   Gy session") }
        XCTAssertEqual(gyLines.count, 2, up.log)
        XCTAssertTrue(gyLines.allSatisfy { $0.contains("CCR-I") && $0.contains("CCR-T") && $0.hasSuffix("closed") }, up.log)

        // Kill aaa-core: the supervisor restarts it and authentications work again.
        let pidLine = up.log.split(separator: "\n").first { $0.contains("[twag] started aaa-core (pid ") }
        let pid = pidLine.flatMap { Int32($0.split(separator: "pid ").last?.dropLast() ?? "") }
        let corePID = try XCTUnwrap(pid, up.log)
        kill(corePID, SIGKILL)
        XCTAssertTrue(up.waitForLog("[twag] aaa-core exited", timeout: 10), up.log)
        XCTAssertTrue(up.waitForLog("restarting", timeout: 10), up.log)
        let demo = try ServiceProcess(
            "ue-sim",
            arguments: ["--server", "127.0.0.1:1812", "--secret", "testing123", "--subscribers", subscribers,
                        "--count", "1", "--timeout", "1", "--tries", "10"],
            directory: lab, label: "ue-sim-after-restart")
        XCTAssertEqual(demo.waitForExit(timeout: 60), 0, demo.log + "\n" + up.log)
        up.stop(grace: 15)
        XCTAssertTrue(up.log.contains("[twag] stopping the stack"), up.log)
    }
}

/// RFC 5080: a retransmitted Access-Request gets the cached answer and never reaches aaa-core twice.
extension StackIntegrationTests {
    func testRetransmissionGetsTheCachedAnswer() throws {
        let harness = self
        let stack = try harness.makeStack()
        _ = try harness.startHSS(stack)
        _ = try harness.startCore(stack)
        let fe = try harness.startFrontend(stack)

        let identity = "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org"
        var request = RADIUSPacket(code: .accessRequest, identifier: 42, authenticator: RADIUSPacket.randomAuthenticator())
        request.userName = identity
        request.nasIPAddress = IPv4Address(127, 0, 0, 1)
        request.callingStationId = "02-00-00-00-00-09"
        request.eapMessage = try EAPPacket.identityResponse(identifier: 1, identity: identity).encode()
        let bytes = try request.encodeRequest(secret: Array(stack.secret.utf8))

        let socket = try UDPTestSocket()
        let first = try socket.exchange(bytes, port: fe.port)
        let second = try socket.exchange(bytes, port: fe.port)
        XCTAssertEqual(first, second, "the retransmission gets the identical cached answer")
        let reply = try RADIUSPacket.verifyResponse(
            first, secret: Array(stack.secret.utf8), requestAuthenticator: request.authenticator,
            requireMessageAuthenticator: true)
        XCTAssertEqual(reply.code, RADIUSCode.accessChallenge)
        let core = harness.metrics(port: stack.coreMetricsPort)
        XCTAssertEqual(harness.metricValue(core, "eap_aka_identity_count"), 1, core)
        let front = harness.metrics(port: fe.metricsPort)
        XCTAssertEqual(harness.metricValue(front, "radius_duplicate_answered_total"), 1, front)
    }
}

/// A blocking UDP socket on 127.0.0.1 for one request/reply at a time.
final class UDPTestSocket {
    private let fd: Int32

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func exchange(_ bytes: [UInt8], port: Int) throws -> [UInt8] {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let sent = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == bytes.count else { throw POSIXError(.EIO) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { throw POSIXError(.ETIMEDOUT) }
        return Array(buffer[0..<n])
    }
}
