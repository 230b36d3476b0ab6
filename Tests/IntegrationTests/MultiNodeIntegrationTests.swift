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
