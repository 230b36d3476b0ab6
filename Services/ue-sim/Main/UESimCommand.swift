import ArgumentParser
import Foundation
import NIOPosix
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
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let observe: (@Sendable (AuthenticationRecord) -> Void)? = verbose ? Self.demoPrinter(toStandardError: json) : nil
        let report: LoadReport
        do {
            report = try await generator.run(group: group, observe: observe)
        } catch {
            try? await group.shutdownGracefully()
            printError("ue-sim: \(error)")
            throw ExitCode(2)
        }
        try? await group.shutdownGracefully()
        print(json ? report.json : report.text)
        if !report.allSucceeded && !options.allowFailures { throw ExitCode.failure }
    }

    /// Prints each authentication's demo block as one write, so concurrent workers do not interleave.
    static func demoPrinter(toStandardError: Bool) -> @Sendable (AuthenticationRecord) -> Void {
        { record in
            let block = record.demoLines.joined(separator: "\n")
            if toStandardError { printError(block) } else { print(block) }
        }
    }
}

/// One line on stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
