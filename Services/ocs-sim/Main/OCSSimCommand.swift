import ArgumentParser
import Diameter
import DiameterPeer
import Foundation
import Logging
import NIOPosix
import OCSSimulator
import ServiceSupport
import UnixSignals

/// ocs-sim: a lab Online Charging System on Diameter Gy (RFC 4006) with per-subscriber balances, a
/// ledger of every grant and usage, and an HTTP control API (top-ups, RAR/ASR, faults). Never for
/// production balances.
@main
struct OCSSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocs-sim", abstract: "Lab OCS for Diameter Gy (credit control with balances in octets).")

    @Option(help: "Balance file (YAML): subscribers: [{imsi, balance_octets, msisdn}].")
    var balances: String

    @Option(help: "Address to listen on for Diameter peers (host:port, [v6]:port).")
    var listen = "127.0.0.1:3870"

    @Option(help: "Origin-Host of this OCS.")
    var originHost = "ocs.lab.twag"

    @Option(help: "Origin-Realm of this OCS.")
    var originRealm = "lab.twag"

    @Option(help: "Ledger file (JSON), rewritten atomically after changes. Default: <balances>.ledger.json")
    var ledger: String?

    @Option(help: "Address of the HTTP control API (GET /ledger, POST /topup, /balance, /rar, /asr, /faults); port 0 picks one.")
    var control = "127.0.0.1:0"

    @Option(help: "Octets granted when a CCR lets the OCS choose the slice (empty Requested-Service-Unit).")
    var defaultGrantOctets: UInt64 = 10_485_760

    @Option(help: "Validity-Time sent with every grant, seconds (0 is sent as 0).")
    var validityTime: UInt32?

    @Option(help: "Volume-Quota-Threshold sent with every grant, octets.")
    var volumeQuotaThreshold: UInt32?

    @Option(help: "Final-Unit-Indication when a reduced grant leaves at most this many octets (always with the last units).")
    var fuiBelowOctets: UInt64 = 0

    @Option(help: "Write the ledger file at most every this many milliseconds (raise it for load runs).")
    var ledgerFlushMs = 100

    @Option(help: "Events kept in the ledger; older ones are dropped (and counted).")
    var maxEvents = 100_000

    @Option(help: "Fault: delay before every CCA, milliseconds.")
    var answerDelayMs = 0

    @Flag(help: "Fault: answer no CCR at all.")
    var silent = false

    @Flag(help: "Fault: answer no CCR-U.")
    var dropUpdates = false

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError("--listen must be host:port, got \"\(listen)\"") }
        guard ListenAddress(control) != nil else { throw ValidationError("--control must be host:port, got \"\(control)\"") }
        guard answerDelayMs >= 0 else { throw ValidationError("--answer-delay-ms must be >= 0") }
        guard ledgerFlushMs >= 10 else { throw ValidationError("--ledger-flush-ms must be >= 10") }
        guard maxEvents >= 0 else { throw ValidationError("--max-events must be >= 0") }
        guard defaultGrantOctets > 0 else { throw ValidationError("--default-grant-octets must be > 0") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \"\(logLevel)\" is not a level") }
    }

    func run() async throws {
        ServiceLogging.bootstrap(service: "ocs-sim", level: Logger.Level(rawValue: logLevel) ?? .info, format: .text)
        let logger = Logger(label: "ocs-sim")
        guard let address = ListenAddress(listen), let controlAddress = ListenAddress(control) else { throw ExitCode(2) }
        let accounts: [OCSAccount]
        do {
            accounts = try BalanceFile.load(path: balances)
        } catch {
            FileHandle.standardError.write(Data("ocs-sim: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let behaviour = OCSBehaviour(defaultGrantOctets: defaultGrantOctets, validityTime: validityTime,
                                     volumeQuotaThreshold: volumeQuotaThreshold, finalUnitsBelowOctets: fuiBelowOctets)
        let faults = OCSFaults(answerDelayMilliseconds: answerDelayMs, silent: silent, dropUpdates: dropUpdates)
        var state = OCSLedger(accounts: accounts, behaviour: behaviour)
        state.maximumEvents = maxEvents
        let service = OCSService(ledger: state, faults: faults, originHost: originHost, originRealm: originRealm,
                                 ledgerPath: ledger ?? balances + ".ledger.json",
                                 flushInterval: .milliseconds(ledgerFlushMs), logger: logger)
        if faults != OCSFaults() {
            logger.warning("Fault injection on: answer delay \(answerDelayMs) ms, silent \(silent), drop updates \(dropUpdates)")
        }
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let group = ServiceEventLoops.shared(threads: 1)
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: originHost, originRealm: originRealm, productName: "OpenTWAG ocs-sim",
                                            authApplications: [.creditControl]),
            peers: [], listen: (host: address.host, port: address.port), acceptUnknownPeers: true, group: group,
            logger: logger, requestHandler: { request, _ in await service.handle(request) })
        await service.attach(sender: node)
        await service.flushNow()
        let controlServer = OCSControlServer(control: OCSControl(service: service), group: group)
        let controlPort: Int
        do {
            try await node.start()
            controlPort = try await controlServer.start(host: controlAddress.host, port: controlAddress.port)
        } catch {
            FileHandle.standardError.write(Data("ocs-sim: \(error)\n".utf8))
            await node.shutdown()
            throw ExitCode(1)
        }
        // Tests read the bound control port (--control ...:0) from this line (`control http://HOST:PORT`).
        let controlHost = controlAddress.host.contains(":") ? "[\(controlAddress.host)]" : controlAddress.host
        logger.info("ocs-sim ready: \(originHost) (\(originRealm)) on \(address.host):\(node.listeningPort ?? address.port), \(accounts.count) subscriber(s), control http://\(controlHost):\(controlPort)")
        for await signal in signals {
            logger.notice("Received \(signal), shutting down (DPR to peers)")
            break
        }
        await controlServer.shutdown()
        await node.shutdown()
        await service.flushNow()
        logger.info("ocs-sim stopped")
    }
}
