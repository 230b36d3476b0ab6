import Foundation
import Logging
import PostgresStore
import SessionStore
import TestSupport
import XCTest

/// Two complete TWAG nodes on this machine (own runtime directories, ports and Diameter identities)
/// sharing one PostgreSQL database (issue #11), every service a real process.
extension StackIntegrationTests {
    struct TwoNodes {
        let a: LabStack
        let b: LabStack
        let url: String
        let frontendA: (process: ServiceProcess, port: Int, metricsPort: Int)
        let frontendB: (process: ServiceProcess, port: Int, metricsPort: Int)
        let coreA: ServiceProcess
        let coreB: ServiceProcess
        let hss: LabStack.HSS
    }

    /// Node A runs the HSS simulator; node B's aaa-core uses it too, under its own Origin-Host.
    func startTwoNodes(url: String, registration: Bool = false, hssExtra: [String] = []) throws -> TwoNodes {
        let a = try makeStack()
        a.serviceEnvironment = ["TWAG_DATABASE_URL": url, "TWAG_NODE_ID": "node-a"]
        try a.writeConfig(registration: registration)
        let b = try LabStack()
        b.hssPorts = a.hssPorts
        try b.writeSubscribers([Self.alice, Self.bob])
        try b.writeConfig(registration: registration)
        b.serviceEnvironment = ["TWAG_DATABASE_URL": url, "TWAG_NODE_ID": "node-b", "TWAG_DIAMETER__HOST": "aaa-b.lab.twag"]
        let hss = try startHSS(a, extra: hssExtra)
        let coreA = try startCore(a)
        let coreB = try startCore(b)
        let frontendA = try startFrontend(a)
        let frontendB = try startFrontend(b)
        return TwoNodes(a: a, b: b, url: url, frontendA: frontendA, frontendB: frontendB, coreA: coreA, coreB: coreB, hss: hss)
    }

    func postgresStore(_ url: String) async throws -> PostgresSessionStore {
        let store = PostgresSessionStore(location: try PostgresLocation(url: url), nodeID: "test", maximumConnections: 2,
                                         logger: Logger(label: "multi-node-test"))
        let ready = await store.waitUntilReady(timeout: .seconds(30))
        XCTAssertTrue(ready)
        return store
    }

    func testTwoNodesShareOnePostgreSQLStore() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let nodes = try startTwoNodes(url: url)
        // Alice through node A, Bob through node B, each with its own node's accounting.
        let alice = nodes.a.directory.appendingPathComponent("alice.yaml").path
        let bob = nodes.a.directory.appendingPathComponent("bob.yaml").path
        try nodes.a.writeSubscribers([Self.alice], to: alice)
        try nodes.a.writeSubscribers([Self.bob], to: bob)
        let runs = [(nodes.frontendA.port, nodes.a.acctPorts[0]!, alice), (nodes.frontendB.port, nodes.b.acctPorts[0]!, bob)]
        for (port, acctPort, subscribers) in runs {
            let (report, log) = try runUESim(nodes.a, port: port, subscribers: subscribers, extra: [
                "--count", "1", "--accounting", "--acct-port", String(acctPort), "--session-hold-ms", "300",
                "--interim-ms", "100",
            ])
            XCTAssertEqual(successes(report), 1, log + nodes.coreB.log)
            XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log)
        }
        // AP failover: Alice authenticates at node A, her AP's accounting goes to node B.
        let (report, log) = try runUESim(nodes.a, port: nodes.frontendA.port, subscribers: alice, extra: [
            "--count", "1", "--accounting", "--acct-port", String(nodes.b.acctPorts[0]!),
            "--session-hold-ms", "300", "--interim-ms", "100",
        ])
        XCTAssertEqual(successes(report), 1, log)
        XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log + nodes.frontendB.process.log)

        let store = try await postgresStore(url)
        let rows = try await store.recentSessions(limit: 10)
        XCTAssertEqual(rows.count, 3, "\(rows)")
        XCTAssertEqual(rows.filter { $0.nodeID == "node-a" }.count, 2)
        XCTAssertEqual(rows.filter { $0.nodeID == "node-b" }.count, 1)
        for row in rows {
            XCTAssertNotNil(row.acctSessionID, "Start matched \(row.sessionClass) on node \(row.nodeID)")
            XCTAssertEqual(row.endCause, "User-Request", "\(row)")
            XCTAssertFalse(row.isLive)
        }
        let records = try await store.accountingRecordCount()
        XCTAssertGreaterThanOrEqual(records, 9, "Start, interims and Stop of three sessions")
        // Both nodes' frontends registered the one AP (ue-sim's) in the shared table.
        let points = try await store.accessPoints(limit: 10)
        XCTAssertEqual(points.count, 1, "\(points)")

        // The operator's view from either node lists both nodes' sessions.
        let cli = try ServiceProcess("twag", arguments: ["sessions", "--database", url, "--json"], directory: nodes.b.directory,
                                     label: "twag-sessions")
        XCTAssertEqual(cli.waitForExit(timeout: 30), 0, cli.log)
        XCTAssertTrue(cli.log.contains("\"node\":\"node-a\"") && cli.log.contains("\"node\":\"node-b\""), cli.log)
        for port in [nodes.frontendA.metricsPort, nodes.frontendB.metricsPort] {
            // Sampled every second.
            var text = metrics(port: port)
            for _ in 0..<30 where metricValue(text, "twag_store_available") != 1 {
                try await Task.sleep(for: .milliseconds(100))
                text = metrics(port: port)
            }
            XCTAssertEqual(metricValue(text, "twag_store_available"), 1, text)
        }
        await store.close()
    }
}

extension StackIntegrationTests {
    /// The database goes away under accounting load and comes back: nothing the frontend
    /// acknowledged is missing, requests made during the outage stay unanswered (the AP
    /// retransmits), and the services reconnect on their own.
    func testPostgreSQLRestartUnderAccountingLoadLosesNoAcknowledgedRecord() async throws {
        let cluster = try PostgresTestCluster.start()
        defer { cluster.stop() }
        let url = cluster.url()
        let stack = try makeStack()
        stack.serviceEnvironment = ["TWAG_DATABASE_URL": url, "TWAG_NODE_ID": "node-a",
                                    "TWAG_DATABASE_REQUEST_TIMEOUT_MS": "1000"]
        try stack.writeConfig()
        _ = try startHSS(stack)
        let core = try startCore(stack)
        let fe = try startFrontend(stack)
        let acctPort = try XCTUnwrap(stack.acctPorts[0])
        let phones = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(fe.port)", "--secret", stack.secret, "--subscribers", stack.subscribersPath, "--json",
                "--allow-failures", "--count", "2", "--concurrency", "2", "--accounting", "--acct-port", String(acctPort),
                "--session-hold-ms", "6000", "--interim-ms", "100",
            ],
            directory: stack.directory, label: "ue-sim-load")
        stack.others.append(phones)
        // Under load: the interim updates are flowing when the server goes.
        XCTAssertTrue(fe.process.waitForLog("Accounting Interim-Update stored", timeout: 20), fe.process.log)
        try cluster.stopServer()
        try await Task.sleep(for: .seconds(2))  // the outage's length, not a wait for something
        try cluster.startServer()
        XCTAssertNotNil(phones.waitForExit(timeout: 60), "ue-sim did not finish")
        let report = try XCTUnwrap(Self.report(inLog: phones.log), phones.log)
        let accounting = try XCTUnwrap(report["accounting"] as? [String: Any], "\(report)")
        let acknowledged = try XCTUnwrap(accounting["acknowledged"] as? Int)
        XCTAssertGreaterThan(acknowledged, 20, phones.log)
        // The outage fell among the requests: some waited it out.
        let latency = try XCTUnwrap(accounting["latency_ms"] as? [String: Any])
        XCTAssertGreaterThan(latency["max"] as? Double ?? 0, 1_000, "no request met the outage: \(accounting)")

        let store = try await postgresStore(url)
        let stored = try await store.accountingRecordCount()
        print("PostgreSQL restart under load: ue-sim accounting \(accounting); records stored \(stored)")
        // Every acknowledged request is a distinct record (interims carry new counters); the store
        // may hold more: committed, but the answer was lost with the connection.
        XCTAssertGreaterThanOrEqual(stored, acknowledged, "acknowledged records missing from the store")
        XCTAssertTrue(fe.process.log.contains("Store unreachable"), fe.process.log)
        XCTAssertTrue(fe.process.waitForLog("Store reachable", timeout: 10), fe.process.log)

        // Reconnected without a restart: a new phone goes through completely.
        let (after, log) = try runUESim(stack, port: fe.port, extra: [
            "--count", "1", "--accounting", "--acct-port", String(acctPort), "--session-hold-ms", "100",
        ])
        XCTAssertEqual(successes(after), 1, log + core.log)
        XCTAssertTrue(log.contains("Accounting-Stop acknowledged"), log + fe.process.log)
        await store.close()
    }
}

extension StackIntegrationTests {
    /// Node A is killed (SIGKILL, every process) while its phones are mid-session; their APs'
    /// accounting goes to node B. Node B then carries the charging on, deregisters the subscribers
    /// when their sessions end, and nothing acknowledged or charged is lost or counted twice.
    func testANodeKilledMidLoadIsTakenOverByTheOther() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let lab = ChargingLab()
        var labB = lab
        labB.agentMetricsPort = FreePort.tcp()
        let phones = Self.randomSubscribers(8)
        let failover = ["TWAG_DATABASE_URL": url, "TWAG_NODE_FAILOVER_S": "3"]

        let a = try makeStack(subscribers: phones)
        a.extraYAML = lab.yaml
        a.serviceEnvironment = failover.merging(["TWAG_NODE_ID": "node-a"]) { $1 }
        try a.writeConfig(registration: true)
        let ocs = try startOCS(a, lab, balances: Dictionary(uniqueKeysWithValues: phones.map { ($0.imsi, 1_000_000_000) }))
        let hss = try startHSS(a)
        let agentA = try startChargingAgent(a, lab)
        let coreA = try startCore(a)
        let frontendA = try startFrontend(a)

        let b = try LabStack()
        b.hssPorts = a.hssPorts
        try b.writeSubscribers(phones)
        b.extraYAML = lab.yaml
        b.serviceEnvironment = failover.merging(["TWAG_NODE_ID": "node-b", "TWAG_DIAMETER__HOST": "aaa-b.lab.twag"]) { $1 }
        try b.writeConfig(registration: true)
        let agentB = try startChargingAgent(b, labB)
        _ = try startCore(b)
        _ = try startFrontend(b)

        // Eight phones authenticate at node A; their APs send accounting to node B (the secondary).
        let ue = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(frontendA.port)", "--secret", a.secret, "--subscribers", a.subscribersPath, "--json",
                "--allow-failures", "--timeout", "0.5", "--count", "8", "--concurrency", "8", "--accounting",
                "--acct-port", String(try XCTUnwrap(b.acctPorts[0])), "--session-hold-ms", "5000", "--interim-ms", "100",
                "--output-octets-per-s", "3000000",
            ],
            directory: a.directory, label: "ue-sim-node-loss")
        a.others.append(ue)
        // Killed while CCR-Us are flowing.
        XCTAssertTrue(agentA.waitForLog("CCR-U", timeout: 20), agentA.log)
        for process in [frontendA.process, coreA, agentA] { process.crash() }

        XCTAssertNotNil(ue.waitForExit(timeout: 90), "ue-sim did not finish")
        let report = try XCTUnwrap(Self.report(inLog: ue.log), ue.log)
        XCTAssertEqual(successes(report), 8, ue.log)
        let accounting = try XCTUnwrap(report["accounting"] as? [String: Any])
        let acknowledged = try XCTUnwrap(accounting["acknowledged"] as? Int)

        // Charging: node B took node A's Gy sessions over and closed each with the exact usage.
        let ledger = try closedLedger(a, sessions: 8, timeout: 60)
        XCTAssertTrue(agentB.log.contains("Took over"), agentB.log)
        XCTAssertTrue(ledger.sessions.values.allSatisfy { !$0.open }, "\(ledger.sessions)")
        let store = try await postgresStore(url)
        let rows = try await store.recentSessions(limit: 100)
        XCTAssertEqual(rows.count, 8)
        XCTAssertTrue(rows.allSatisfy { $0.nodeID == "node-a" && !$0.isLive }, "\(rows)")
        let reported = rows.map { Int($0.inputOctets + $0.outputOctets) }.reduce(0, +)
        XCTAssertEqual(ledger.usedOctets, reported, "byte for byte after the node loss\n\(agentB.log)")
        let stored = try await store.accountingRecordCount()
        XCTAssertGreaterThanOrEqual(stored, acknowledged)

        // Registration: node B sent the deregistrations node A owed.
        for phone in phones {
            XCTAssertTrue(hss.process.waitForLog("SAR USER_DEREGISTRATION for \(phone.imsi) from aaa-b.lab.twag", timeout: 30),
                          hss.process.log)
        }
        _ = ocs
        await store.close()
    }
}

extension StackIntegrationTests {
    /// The HSS withdraws a subscriber's registration through node B, which serves one of its
    /// sessions while node A serves another: node B's frontend sends the Disconnect-Request to both
    /// APs itself, from the shared rows (an AP accepts Dynamic Authorization from each of its
    /// RADIUS servers), and both sessions end.
    func testARegistrationTerminationAtOneNodeDisconnectsTheOtherNodesSession() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let daePort = FreePort.udp()
        let a = try makeStack()
        a.serviceEnvironment = ["TWAG_DATABASE_URL": url, "TWAG_NODE_ID": "node-a"]
        try a.writeConfig(registration: false)
        let hss = try startHSS(a, extra: ["--rtr-after-registration-ms", "2500"])
        _ = try startCore(a)
        let frontendA = try startFrontend(a)
        let b = try LabStack()
        b.hssPorts = a.hssPorts
        try b.writeSubscribers([Self.alice, Self.bob])
        try b.writeConfig(registration: true)
        b.serviceEnvironment = ["TWAG_DATABASE_URL": url, "TWAG_NODE_ID": "node-b", "TWAG_DIAMETER__HOST": "aaa-b.lab.twag",
                                "TWAG_RADIUS__COA_PORT": String(daePort)]
        let coreB = try startCore(b)
        let frontendB = try startFrontend(b)
        let alice = a.directory.appendingPathComponent("alice.yaml").path
        try a.writeSubscribers([Self.alice], to: alice)

        func phone(_ server: Int, acctPort: Int, address: String, label: String) throws -> ServiceProcess {
            let process = try ServiceProcess(
                "ue-sim",
                arguments: [
                    "--server", "127.0.0.1:\(server)", "--secret", a.secret, "--subscribers", alice, "--json", "--count", "1",
                    "--timeout", "0.5", "--bind", address, "--accounting", "--acct-port", String(acctPort),
                    "--session-hold-ms", "30000", "--interim-ms", "1000", "--dae-port", String(daePort), "--dae-bind", address,
                ],
                directory: a.directory, label: label)
            a.others.append(process)
            return process
        }
        // Alice's phone on an AP at 127.0.0.2 served by node A (which does not register at the HSS)...
        let atA = try phone(frontendA.port, acctPort: a.acctPorts[0]!, address: "127.0.0.2", label: "ue-sim-node-a")
        XCTAssertTrue(atA.waitForLog("Accounting-Start acknowledged", timeout: 20), atA.log)
        // ...and her second device on an AP at 127.0.0.1 served by node B, which registers: the
        // HSS's RTR then goes to node B.
        let started = Date()
        let atB = try phone(frontendB.port, acctPort: b.acctPorts[0]!, address: "127.0.0.1", label: "ue-sim-node-b")
        XCTAssertTrue(hss.process.waitForLog("RTA from aaa-b.lab.twag for \(Self.alice.imsi): 2001", timeout: 20),
                      hss.process.log + coreB.log)
        for device in [atA, atB] {
            XCTAssertNotNil(device.waitForExit(timeout: 20), "the Disconnect ended the 30 s session early")
            XCTAssertTrue(device.log.contains("Disconnect-Request received"), device.log + frontendB.process.log)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 25)
        XCTAssertTrue(frontendB.process.waitForLog("Disconnect-ACK from 127.0.0.2", timeout: 5), frontendB.process.log)

        let store = try await postgresStore(url)
        let rows = try await store.recentSessions(limit: 10)
        XCTAssertEqual(Set(rows.map(\.nodeID)), ["node-a", "node-b"])
        for row in rows {
            XCTAssertFalse(row.isLive, "\(row)")
            XCTAssertEqual(row.endCause, "Admin-Reset", "\(row)")
        }
        await store.close()
    }
}

extension StackIntegrationTests {
    /// The documented move of a running node from SQLite to PostgreSQL: stop, `twag store-copy`,
    /// restart on the new store; what the node knew is there and accounting carries on.
    func testASQLiteNodeMovesToPostgreSQLWithTwagStoreCopy() async throws {
        let stack = try makeStack()
        _ = try startHSS(stack)
        var core = try startCore(stack)
        var fe = try startFrontend(stack)
        var (report, log) = try runUESim(stack, port: fe.port, extra: [
            "--count", "1", "--accounting", "--acct-port", String(stack.acctPorts[0]!), "--session-hold-ms", "100",
        ])
        XCTAssertEqual(successes(report), 1, log)
        // A graceful stop writes the AP registry's last batch.
        fe.process.stop()
        core.stop()

        let url = try PostgresTestCluster.freshDatabase()
        let copy = try ServiceProcess("twag", arguments: ["store-copy", "--from", stack.databasePath, "--to", url, "--node-id", "node-a"],
                                      directory: stack.directory, label: "twag-store-copy")
        XCTAssertEqual(copy.waitForExit(timeout: 60), 0, copy.log)
        XCTAssertTrue(copy.log.contains("twag store-copy: 1 sessions, 2 accounting records"), copy.log)
        XCTAssertTrue(copy.log.contains("1 access points"), copy.log)

        stack.serviceEnvironment = ["TWAG_DATABASE_URL": url, "TWAG_NODE_ID": "node-a"]
        stack.frontends.removeAll()
        core = try startCore(stack)
        fe = try startFrontend(stack)
        (report, log) = try runUESim(stack, port: fe.port, extra: [
            "--count", "1", "--accounting", "--acct-port", String(stack.acctPorts[0]!), "--session-hold-ms", "100",
        ])
        XCTAssertEqual(successes(report), 1, log)
        let store = try await postgresStore(url)
        let rows = try await store.recentSessions(limit: 10)
        XCTAssertEqual(rows.count, 2)
        XCTAssertTrue(rows.allSatisfy { $0.nodeID == "node-a" && $0.endCause == "User-Request" }, "\(rows)")
        let points = try await store.accessPoints(limit: 10)
        XCTAssertEqual(points.count, 1, "the AP known before the move")
        XCTAssertEqual(points.first?.clientCount, 1)
        await store.close()
    }
}

extension StackIntegrationTests {
    /// Alice is on line through both nodes: her session at node A ends first and her registration
    /// stays (the session at node B keeps it); when that one ends too, node B deregisters her.
    func testDeregistrationWaitsForTheLastSessionOnAnyNode() async throws {
        let url = try PostgresTestCluster.freshDatabase()
        let nodes = try startTwoNodes(url: url, registration: true)
        let alice = nodes.a.directory.appendingPathComponent("alice.yaml").path
        try nodes.a.writeSubscribers([Self.alice], to: alice)
        func phone(_ port: Int, acctPort: Int, holdMs: Int, address: String, label: String) throws -> ServiceProcess {
            let process = try ServiceProcess(
                "ue-sim",
                arguments: [
                    "--server", "127.0.0.1:\(port)", "--secret", nodes.a.secret, "--subscribers", alice, "--json", "--count", "1",
                    "--timeout", "0.5", "--bind", address, "--accounting", "--acct-port", String(acctPort),
                    "--session-hold-ms", String(holdMs),
                ],
                directory: nodes.a.directory, label: label)
            nodes.a.others.append(process)
            return process
        }
        let longer = try phone(nodes.frontendB.port, acctPort: nodes.b.acctPorts[0]!, holdMs: 5000, address: "127.0.0.1",
                               label: "ue-sim-b")
        XCTAssertTrue(longer.waitForLog("Accounting-Start acknowledged", timeout: 20), longer.log)
        let shorter = try phone(nodes.frontendA.port, acctPort: nodes.a.acctPorts[0]!, holdMs: 300, address: "127.0.0.2",
                                label: "ue-sim-a")
        XCTAssertNotNil(shorter.waitForExit(timeout: 20))
        XCTAssertTrue(shorter.log.contains("Accounting-Stop acknowledged"), shorter.log)
        // Two passes of each releaser (every second): node A's session ended, the registration stays.
        try await Task.sleep(for: .milliseconds(2500))
        XCTAssertFalse(nodes.hss.process.log.contains("SAR USER_DEREGISTRATION"), nodes.hss.process.log)
        XCTAssertTrue(nodes.coreA.waitForLog("another live session keeps the HSS registration", timeout: 5), nodes.coreA.log)
        XCTAssertNotNil(longer.waitForExit(timeout: 20))
        XCTAssertTrue(nodes.hss.process.waitForLog("SAR USER_DEREGISTRATION for \(Self.alice.imsi) from aaa-b.lab.twag", timeout: 10),
                      nodes.hss.process.log + nodes.coreB.log)
        let store = try await postgresStore(url)
        let rows = try await store.recentSessions(limit: 10)
        XCTAssertEqual(Set(rows.map(\.registration)), [.released, .deregistered], "\(rows)")
        await store.close()
    }

    /// `store_required_for_accept`: while the store is down, a frontend that requires the session
    /// row rejects; one that does not lets the subscriber in.
    func testStoreRequiredForAcceptRejectsWhileTheStoreIsDown() async throws {
        let cluster = try PostgresTestCluster.start()
        defer { cluster.stop() }
        let stack = try makeStack()
        stack.serviceEnvironment = ["TWAG_DATABASE_URL": cluster.url(), "TWAG_NODE_ID": "node-a",
                                    "TWAG_DATABASE_REQUEST_TIMEOUT_MS": "500"]
        try stack.writeConfig()
        _ = try startHSS(stack)
        _ = try startCore(stack)
        let strict = try startFrontend(stack, environment: ["TWAG_STORE_REQUIRED_FOR_ACCEPT": "true"])
        let lenient = try startFrontend(stack, instance: 1)
        try cluster.stopServer()

        let (refused, refusedLog) = try runUESim(stack, port: strict.port, extra: ["--count", "1"])
        XCTAssertEqual(successes(refused), 0, refusedLog)
        XCTAssertEqual(failures(refused)["reject"], 1, refusedLog)
        XCTAssertTrue(strict.process.waitForLog("Access-Accept withheld", timeout: 5), strict.process.log)
        XCTAssertEqual(metricValue(metrics(port: strict.metricsPort), "radius_store_withheld_accepts_total"), 1)

        let (admitted, admittedLog) = try runUESim(stack, port: lenient.port, extra: ["--count", "1"])
        XCTAssertEqual(successes(admitted), 1, admittedLog)
        XCTAssertTrue(lenient.process.waitForLog("not recorded", timeout: 5), lenient.process.log)
    }
}
