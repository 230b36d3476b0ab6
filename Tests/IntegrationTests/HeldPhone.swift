import Foundation
import SessionStore
import TestSupport
import XCTest

/// A stack whose frontend sends Disconnect/CoA-Requests to the port ue-sim's AP listens on, and one
/// phone authenticated with accounting and held on line: what the operator-surface tests show,
/// disconnect and check.
struct HeldPhoneStack {
    let stack: LabStack
    let core: ServiceProcess
    let frontend: (process: ServiceProcess, port: Int, metricsPort: Int)
    let daePort: Int
}

extension StackIntegrationTests {
    func makeDisconnectableStack(subscribers: [LabSubscriber] = [alice, bob]) throws -> HeldPhoneStack {
        let stack = try makeStack(subscribers: subscribers)
        _ = try startHSS(stack)
        let core = try startCore(stack)
        let daePort = FreePort.udp()
        let frontend = try startFrontend(stack, environment: ["TWAG_RADIUS__COA_PORT": String(daePort)])
        return HeldPhoneStack(stack: stack, core: core, frontend: frontend, daePort: daePort)
    }

    /// One phone (the first subscriber) with its Accounting-Start, held `holdMs`; not waited for.
    func startHeldPhone(_ lab: HeldPhoneStack, holdMs: Int, label: String) throws -> ServiceProcess {
        let acctPort = try XCTUnwrap(lab.stack.acctPorts[0])
        let phone = try ServiceProcess(
            "ue-sim",
            arguments: [
                "--server", "127.0.0.1:\(lab.frontend.port)", "--secret", lab.stack.secret, "--subscribers",
                lab.stack.subscribersPath, "--json", "--count", "1", "--timeout", "0.5", "--accounting", "--acct-port",
                String(acctPort), "--session-hold-ms", String(holdMs), "--interim-ms", "1000", "--dae-port", String(lab.daePort),
            ],
            directory: lab.stack.directory, label: label)
        lab.stack.others.append(phone)
        return phone
    }

    /// The held phone's session once it is live in the store with its Start.
    func liveSession(_ lab: HeldPhoneStack, imsi: String, phone: ServiceProcess) async throws -> SessionRow {
        let store = try SQLiteSessionStore(path: lab.stack.databasePath)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, phone.isRunning {
            if let row = try await store.recentSessions().first(where: { $0.imsi == imsi && $0.isLive && $0.startedAt != nil }) {
                return row
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NoLiveSession(log: phone.log + "\n" + lab.frontend.process.log)
    }
}

/// The held phone's session never showed up (a test failure, with the logs).
struct NoLiveSession: Error, CustomStringConvertible {
    let log: String
    var description: String { "no live session with its Start in the store:\n\(log)" }
}
