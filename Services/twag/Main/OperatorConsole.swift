import ArgumentParser
import Foundation
import Logging
import NIOPosix
import OperatorQueries
import OperatorStatus
import SessionStore
import TWAGCLI
import TWAGConfiguration

/// Where the console finds the stack: the configuration's runtime_dir (sockets) and database_path,
/// or a `twag up` lab directory.
struct ConsoleOptions: ParsableArguments {
    @Option(help: "Configuration file (runtime_dir and database_path are read; TWAG_* variables apply).")
    var config = "config/twag.yaml"

    @Option(help: "A `twag up` lab directory instead of the configuration's paths (e.g. .twag-lab).")
    var labDir: String?

    @Flag(help: "JSON instead of a table.")
    var json = false

    /// Runs `body` with the store and the services; a connection to aaa-core (and charging-agent)
    /// is given a moment to come up first.
    func withConsole<T: Sendable>(_ command: String, _ body: (OperatorData) async throws -> T) async throws -> T {
        var configuration: TWAGConfiguration
        do {
            configuration = try TWAGConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            Console.fail("twag \(command): \(error)")
        }
        if let labDir {
            let layout = LabLayout(directory: labDir)
            configuration.runtimeDirectory = layout.runtimeDirectory
            configuration.databasePath = layout.databasePath
            configuration.databaseURL = nil
            // `twag up` runs the lab with charging online unless told otherwise.
            if FileManager.default.fileExists(atPath: layout.runtimeDirectory + "/charging-agent.sock") {
                configuration.charging.mode = .online
            }
        }
        var logger = Logger(label: "twag")
        logger.logLevel = .critical
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let store = try await Sessions.openStore(url: configuration.effectiveDatabaseURL, command: command)
        let services = ServiceDirectory(
            runtimeDirectory: configuration.runtimeDirectory, chargingEnabled: configuration.charging.mode != .off,
            instanceID: "twag-\(ProcessInfo.processInfo.processIdentifier)", maxFrameSize: configuration.ipc.maxFrameBytes,
            group: group, logger: logger)
        services.start()
        _ = await services.waitUntilConnected(timeout: .seconds(2))
        let data = OperatorData(store: store, services: services, configuration: "", instance: "twag", reportsItself: false)
        do {
            let result = try await body(data)
            await services.shutdown()
            try? await group.shutdownGracefully()
            return result
        } catch {
            await services.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
    }
}

enum Console {
    /// One line on stderr and exit 1: an operator error, not a usage error.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }

    static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try StatusJSON.encode(value), as: UTF8.self))
    }
}

/// `twag status`: every service with its state and resources (exit 1 when one is down).
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Services, their state and resources, live sessions and APs.")
    @OptionGroup var options: ConsoleOptions

    func run() async throws {
        let view = try await options.withConsole("status") { data in try await data.status() }
        if options.json { try Console.printJSON(view) } else { print(OperatorConsoleText.status(view, now: Date())) }
        if view.services.contains(where: { $0.state != "up" }) { throw ExitCode(1) }
    }
}

/// `twag aps`: the access points the frontends registered.
struct AccessPoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aps", abstract: "Access points seen by the frontends.")
    @OptionGroup var options: ConsoleOptions

    func run() async throws {
        let views = try await options.withConsole("aps") { data in try await data.accessPoints() }
        if options.json { try Console.printJSON(views) } else { print(OperatorConsoleText.accessPoints(views)) }
    }
}

/// `twag usage`: totals over the matching sessions ("N Sessions · N Active · ↓ … / ↑ …").
struct Usage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Usage totals, optionally for one IMSI, AP or time range.")
    @OptionGroup var options: ConsoleOptions
    @Option(help: "Only this IMSI.") var imsi: String?
    @Option(help: "Only this AP (its IP or the start of its Called-Station-Id).") var ap: String?
    @Option(help: "live or ended.") var state: String?
    @Option(help: "Accepted at or after (RFC 3339).") var since: String?
    @Option(help: "Accepted before (RFC 3339).") var until: String?

    func run() async throws {
        var parameters: [String: String] = [:]
        for (name, value) in [("imsi", imsi), ("ap", ap), ("state", state), ("since", since), ("until", until)] {
            if let value { parameters[name] = value }
        }
        let query: SessionQuery
        do {
            query = try SessionQuery(parameters: parameters)
        } catch {
            throw ValidationError("--\(error.parameter): \(error.reason)")
        }
        let totals = try await options.withConsole("usage") { data in try await data.usage(query) }
        if options.json { try Console.printJSON(totals) } else { print(OperatorConsoleText.usage(totals)) }
    }
}

/// `twag peers`: the Diameter peers of aaa-core (HSS, DRA) and charging-agent (OCS).
struct Peers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Diameter peers and their state (exit 1 when one is not open).")
    @OptionGroup var options: ConsoleOptions

    func run() async throws {
        let view = try await options.withConsole("peers") { data in await data.peers() }
        if options.json { try Console.printJSON(view) } else { print(OperatorConsoleText.peers(view)) }
        if !view.unavailable.isEmpty || view.peers.contains(where: { $0.peer.state != "open" }) { throw ExitCode(1) }
    }
}

/// `twag disconnect IMSI|SESSION`: RFC 5176 Disconnect-Request through the frontend that served it.
struct Disconnect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Disconnect a subscriber's live sessions (IMSI) or one session (its Class), and show the AP's answer.")
    @OptionGroup var options: ConsoleOptions
    @Argument(help: "An IMSI (digits) or a session Class (twag:...).") var target: String

    func run() async throws {
        let isIMSI = !target.isEmpty && target.allSatisfy(\.isASCII) && target.allSatisfy(\.isNumber)
        guard isIMSI ? (6...15).contains(target.count) : (1...128).contains(target.utf8.count) else {
            throw ValidationError("give an IMSI (6-15 digits) or a session Class")
        }
        let target = self.target
        let report = try await options.withConsole("disconnect") { data in
            do {
                return try await data.services.disconnect(sessionClass: isIMSI ? nil : target, imsi: isIMSI ? target : nil)
            } catch {
                Console.fail("twag disconnect: \(error)")
            }
        }
        if report.entries.isEmpty { Console.fail("twag disconnect: no live session matches \(target)") }
        if options.json { try Console.printJSON(report) } else { print(OperatorConsoleText.disconnect(report)) }
        if report.entries.contains(where: { $0.outcome != "ack" }) { throw ExitCode(1) }
    }
}

/// `twag diameter-test IMSI`: a real MAR through the configured peers (the HSS advances its SQN).
struct DiameterTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diameter-test", abstract: "Send a MAR for an IMSI through the HSS peers and show the answer.")
    @OptionGroup var options: ConsoleOptions
    @Argument(help: "IMSI (6-15 digits).") var imsi: String
    @Option(help: "aka or aka-prime.") var scheme = "aka-prime"

    func run() async throws {
        guard (6...15).contains(imsi.count), imsi.allSatisfy(\.isASCII), imsi.allSatisfy(\.isNumber) else {
            throw ValidationError("the IMSI must be 6 to 15 digits")
        }
        guard scheme == "aka" || scheme == "aka-prime" else { throw ValidationError("--scheme must be aka or aka-prime") }
        let imsi = self.imsi
        let akaPrime = scheme == "aka-prime"
        let report = try await options.withConsole("diameter-test") { data in
            do {
                return try await data.services.diameterTest(imsi: imsi, akaPrime: akaPrime)
            } catch {
                Console.fail("twag diameter-test: \(error)")
            }
        }
        if options.json { try Console.printJSON(report) } else { print(OperatorConsoleText.diameterTest(report)) }
        if report.outcome != "success" { throw ExitCode(1) }
    }
}
