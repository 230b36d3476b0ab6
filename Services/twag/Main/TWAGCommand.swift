import ArgumentParser
import Foundation
import HummingbirdBcrypt
import TWAGCLI

/// `twag`: the operator's command-line tool. `twag up` runs a whole lab stack on this host.
@main
struct TWAGCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twag",
        abstract: "OpenTWAG operator tool.",
        subcommands: [
            Up.self, Status.self, Sessions.self, Usage.self, AccessPoints.self, Peers.self, Disconnect.self, DiameterTest.self,
            Probe.self, HostapdConfig.self, Passwd.self, StoreCopyCommand.self,
        ])
}

struct Up: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the lab stack (hss-sim, aaa-core, radius-frontend), run a demo authentication, supervise until Ctrl-C.")

    @Option(help: "Configuration file shared by the services.")
    var config = "config/twag.yaml"

    @Option(help: "Subscriber file of the HSS simulator (also read by the UE simulator).")
    var subscribers = "config/lab-subscribers.yaml"

    @Option(help: "Directory for the lab's sockets, SQLite file and HSS state.")
    var labDir = ".twag-lab"

    @Option(help: "Directory holding the built executables (default: next to twag).")
    var binDir: String?

    @Option(help: "Number of radius-frontend instances (auth ports 1812, 1822, ...).")
    var frontends = 1

    @Option(help: "Charging mode of the lab: online, authorize_only or off (online and authorize_only start ocs-sim and charging-agent).")
    var charging = "online"

    @Option(help: "Balance file of the OCS simulator.")
    var balances = "config/lab-balances.yaml"

    @Option(help: "RADIUS shared secret the demo uses (the lab config's).")
    var secret = "testing123"

    @Flag(help: "Skip the demo authentications.")
    var noDemo = false

    @Flag(help: "Exit after the demo instead of supervising.")
    var exitAfterDemo = false

    func run() throws {
        let bin = binDir ?? (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        guard ["online", "authorize_only", "off"].contains(charging) else {
            throw ValidationError("--charging must be online, authorize_only or off, got \"\(charging)\"")
        }
        let charged = charging != "off"
        for tool in ["hss-sim", "aaa-core", "radius-frontend", "ue-sim", "twag-admin"] + (charged ? ["ocs-sim", "charging-agent"] : []) {
            guard FileManager.default.isExecutableFile(atPath: bin + "/" + tool) else {
                throw ValidationError("\(bin)/\(tool) is missing: build first with `swift build -c release`")
            }
        }
        var layout = LabLayout(directory: labDir)
        layout.frontends = frontends
        layout.chargingMode = charging
        try FileManager.default.createDirectory(atPath: layout.runtimeDirectory, withIntermediateDirectories: true)
        // Unbuffered: journald, docker logs and tests read the lines as they happen.
        let out: @Sendable (String) -> Void = { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        let supervisor = Supervisor(output: out)
        Signals.onTerminate {
            out("[twag] stopping the stack")
            supervisor.shutdown()
            Foundation.exit(0)
        }

        try supervisor.launch(.init(
            name: "hss-sim", executable: bin + "/hss-sim",
            arguments: ["--listen", "127.0.0.1:\(layout.hssPort)", "--origin-host", "hss.lab.twag", "--origin-realm",
                        "lab.twag", "--subscribers", subscribers, "--state", layout.hssStatePath],
            environment: [:]))
        if charged {
            try supervisor.launch(.init(
                name: "ocs-sim", executable: bin + "/ocs-sim",
                arguments: ["--listen", "127.0.0.1:\(layout.ocsPort)", "--origin-host", "ocs.lab.twag", "--origin-realm",
                            "lab.twag", "--balances", balances, "--ledger", layout.ocsLedgerPath,
                            "--control", "127.0.0.1:\(layout.ocsControlPort)"],
                environment: [:]))
            try supervisor.launch(.init(
                name: "charging-agent", executable: bin + "/charging-agent", arguments: ["--config", config],
                environment: layout.environment(for: "charging-agent")))
        }
        try supervisor.launch(.init(
            name: "aaa-core", executable: bin + "/aaa-core", arguments: ["--config", config],
            environment: layout.environment(for: "aaa-core")))
        for i in 0..<frontends {
            try supervisor.launch(.init(
                name: frontends == 1 ? "radius-frontend" : "radius-frontend-\(i + 1)",
                executable: bin + "/radius-frontend", arguments: ["--config", config, "--instance-id", "frontend-\(i + 1)"],
                environment: layout.environment(for: "radius-frontend", instance: i)))
        }

        // The operator surface, with a fresh lab login (printed below, and in the lab directory).
        let credentials = LabCredentials.random()
        try credentials.write(to: layout.adminCredentialsPath)
        try supervisor.launch(.init(
            name: "twag-admin", executable: bin + "/twag-admin", arguments: ["--config", config],
            environment: layout.environment(for: "twag-admin").merging(
                credentials.environment(passwordHash: Bcrypt.hash(credentials.password, cost: 10))) { $1 }))

        // Ready when every frontend answers Status-Server (which needs aaa-core only for auth, so
        // also wait for aaa-core's socket).
        let deadline = Date().addingTimeInterval(60)
        var ready = false
        while Date() < deadline {
            let socketUp = FileManager.default.fileExists(atPath: layout.runtimeDirectory + "/aaa-core.sock")
                && (!charged || FileManager.default.fileExists(atPath: layout.runtimeDirectory + "/charging-agent.sock"))
            let frontendsUp = (0..<frontends).allSatisfy {
                StatusServerProbe.isAlive(port: layout.authPort + 10 * $0, secret: secret)
            }
            if socketUp && frontendsUp {
                ready = true
                break
            }
            usleep(200_000)
        }
        guard ready else {
            supervisor.shutdown()
            throw ValidationError("the stack did not become ready within 60 s (see the log lines above)")
        }
        out("[twag] stack ready: RADIUS on 127.0.0.1:\(layout.authPort), metrics on :\(layout.metricsBasePort)+")
        // The password and token stay in the 0600 file: twag up's output may end up in a journal.
        out("[twag] dashboard https://127.0.0.1:\(layout.dashboardPort)/ and REST API https://127.0.0.1:\(layout.apiPort)/api/v1: "
            + "login (user \(credentials.user)) and bearer token in \(layout.adminCredentialsPath)")

        var demoOK = true
        let ledgerBefore = Set(ChargingLedgerSummary(path: layout.ocsLedgerPath)?.sessions.map(\.id) ?? [])
        if !noDemo {
            for method in ["aka", "aka-prime"] {
                out("[twag] demo: one EAP-\(method == "aka" ? "AKA" : "AKA'") authentication and its accounting")
                let p = Process()
                p.executableURL = URL(fileURLWithPath: bin + "/ue-sim")
                p.arguments = ["--server", "127.0.0.1:\(layout.authPort)", "--secret", secret, "--subscribers", subscribers,
                               "--method", method, "--count", "1", "--verbose",
                               // A short session with accounting, as an AP reports it (acct port = auth port + 1).
                               "--accounting", "--session-hold-ms", "300", "--interim-ms", "150"]
                // Printed after the run so the services' log lines do not cut through it.
                let pipe = Pipe()
                p.standardOutput = pipe
                p.standardError = pipe
                try p.run()
                let report = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                FileHandle.standardOutput.write(report)
                demoOK = demoOK && p.terminationStatus == 0
            }
            out(demoOK ? "[twag] demo authentications succeeded" : "[twag] a demo authentication FAILED")
            if charged {
                // The CCR-T follows the Stop by a moment: wait for the demo's Gy sessions to close.
                var summary = ChargingLedgerSummary(path: layout.ocsLedgerPath)
                let until = Date().addingTimeInterval(10)
                while Date() < until,
                      summary.map({ $0.sessions.filter { !ledgerBefore.contains($0.id) }.contains(where: \.open) }) ?? true {
                    usleep(200_000)
                    summary = ChargingLedgerSummary(path: layout.ocsLedgerPath)
                }
                out("[twag] charging (\(charging)), as the OCS simulator's ledger shows it:")
                for line in summary?.lines(excluding: ledgerBefore) ?? ["no ledger at \(layout.ocsLedgerPath)"] {
                    out("[twag]   " + line)
                }
            }
        }
        if exitAfterDemo {
            supervisor.shutdown()
            if !demoOK { throw ExitCode(1) }
            return
        }
        out("[twag] supervising; Ctrl-C stops the stack")
        while true { sleep(3600) }
    }
}

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send Status-Server to a RADIUS server (RFC 5997).")

    @Option(help: "Server address.")
    var host = "127.0.0.1"

    @Option(help: "Server port.")
    var port = 1812

    @Option(help: "Shared secret.")
    var secret = "testing123"

    func run() throws {
        let alive = StatusServerProbe.isAlive(host: host, port: port, secret: secret, timeout: 2)
        print(alive ? "\(host):\(port) answered Status-Server" : "\(host):\(port) did not answer Status-Server")
        if !alive { throw ExitCode(1) }
    }
}

/// SIGINT/SIGTERM handling for the supervisor loop.
enum Signals {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    static func onTerminate(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }
}
