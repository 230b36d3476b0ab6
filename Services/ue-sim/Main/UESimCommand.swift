import ArgumentParser
import Foundation
import NIOPosix
import ServiceSupport
import UESimulator

/// `ue-sim`: simulated phones behind a simulated WiFi AP, over real RADIUS/UDP. One authentication
/// with `--verbose` is the demo; `--count/--concurrency/--duration` make it the load generator.
@main
struct UESimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ue-sim",
        abstract: "EAP-AKA/AKA' phones and an 802.1X AP against a RADIUS server (demo and load generator).")

    @OptionGroup var options: LoadOptions

    func run() async throws {
        let configuration = try options.configuration(environment: ProcessInfo.processInfo.environment)
        let subscribers: [SubscriberRecord]
        do {
            subscribers = try SubscriberFile.load(path: options.subscribers)
        } catch {
            throw ValidationError(error.description)
        }
        let generator = LoadGenerator(configuration: configuration, subscribers: subscribers)
        if subscribers.count < options.concurrency {
            printError("ue-sim: concurrency capped at \(generator.workerCount) (one authentication per SIM at a time)")
        }
        let verbose = options.verbose
        let json = options.json
        // The load generator too serves each phone's exchange on the thread that read it.
        let group = ServiceEventLoops.shared(threads: 1)
        let observe: (@Sendable (AuthenticationRecord) -> Void)? = verbose ? Self.demoPrinter(toStandardError: json) : nil
        // Accounting / Disconnect lines go out as they happen (tests wait for them), in the single
        // run or with --verbose; on stderr with --json so stdout stays one JSON object.
        let singleRun = configuration.count == 1
        let printLine: @Sendable (String) -> Void = { writeLine($0, toStandardError: json) }
        let events: (@Sendable (String) -> Void)? = singleRun || verbose ? printLine : nil
        let report: LoadReport
        do {
            report = try await generator.run(
                group: group, observe: observe, events: events, log: { writeLine($0, toStandardError: true) })
        } catch {
            printError("ue-sim: \(error)")
            throw ExitCode(2)
        }
        writeLine(json ? report.json : report.text, toStandardError: false)
        if !report.allSucceeded && !options.allowFailures { throw ExitCode.failure }
    }

    /// Prints each authentication's demo block as one write, so concurrent workers do not interleave.
    static func demoPrinter(toStandardError: Bool) -> @Sendable (AuthenticationRecord) -> Void {
        { record in
            writeLine(record.demoLines.joined(separator: "\n"), toStandardError: toStandardError)
        }
    }
}

/// One line on stderr.
func printError(_ line: String) {
    writeLine(line, toStandardError: true)
}

/// One unbuffered write, so lines reach a pipe at once and in order (stdio would hold stdout's
/// lines back until exit when it is not a terminal).
func writeLine(_ line: String, toStandardError: Bool) {
    let handle = toStandardError ? FileHandle.standardError : FileHandle.standardOutput
    handle.write(Data((line + "\n").utf8))
}
