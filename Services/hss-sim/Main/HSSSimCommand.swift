import ArgumentParser
import Foundation
import Diameter
import DiameterPeer
import HSSSimulator
import Logging
import ServiceSupport
import NIOPosix
import UnixSignals

/// hss-sim: a lab HSS speaking Diameter SWx (MAR/MAA, SAR/SAA) or Cx (MAR/MAA) with MILENAGE vectors, for
/// testing the AAA core without an operator's HSS. Never for production subscribers.
@main
struct HSSSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hss-sim",
        abstract: "Lab HSS for Diameter SWx or Cx (EAP-AKA / EAP-AKA' vectors from MILENAGE).")

    @Option(help: "Address to listen on for Diameter peers (host:port, [v6]:port).")
    var listen = "127.0.0.1:3868"

    @Option(help: "Origin-Host of this HSS.")
    var originHost = "hss.lab.epc.mnc001.mcc001.3gppnetwork.org"

    @Option(help: "Origin-Realm of this HSS.")
    var originRealm = "epc.mnc001.mcc001.3gppnetwork.org"

    @Option(help: "Subscriber file (YAML): imsi, k, opc|op, amf, sqn, ind_length, non3gpp_barred.")
    var subscribers: String

    @Option(help: "SQN state file (JSON), rewritten atomically after each change. Default: <subscribers>.sqn.json")
    var state: String?

    @Option(help: "swx (SWx MAR/SAR, the default) or cx (Cx MAR only, like a pyHSS-class core; SWx requests get no answer).")
    var dialect = "swx"

    @Option(help: "Hold answers and release them together every N ms, as pyHSS does (~100); 0 = off.")
    var batchAnswersMs = 0

    @Option(help: "Delay before every answer, in milliseconds (timeout tests).")
    var answerDelayMs = 0

    @Option(help: "Silently drop every Nth request (failover tests); 0 = never.")
    var dropEvery = 0

    @Option(help: "Send a Registration-Termination-Request to the registering AAA server N ms after each SAR REGISTRATION (SWx only).")
    var rtrAfterRegistrationMs: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError("--listen must be host:port, got \"\(listen)\"") }
        guard answerDelayMs >= 0 else { throw ValidationError("--answer-delay-ms must be >= 0") }
        guard dropEvery >= 0 else { throw ValidationError("--drop-every must be >= 0") }
        guard batchAnswersMs >= 0 else { throw ValidationError("--batch-answers-ms must be >= 0") }
        guard HSSDialect(rawValue: dialect) != nil else { throw ValidationError("--dialect must be swx or cx, got \"\(dialect)\"") }
        if let rtrAfterRegistrationMs {
            guard rtrAfterRegistrationMs >= 0 else { throw ValidationError("--rtr-after-registration-ms must be >= 0") }
            guard dialect == HSSDialect.swx.rawValue else {
                throw ValidationError("--rtr-after-registration-ms needs --dialect swx (Cx has no SAR registration here)")
            }
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \"\(logLevel)\" is not a level") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        ServiceLogging.bootstrap(service: "hss-sim", level: level, format: .text)
        let logger = Logger(label: "hss-sim")
        guard let address = ListenAddress(listen), let dialect = HSSDialect(rawValue: dialect) else { throw ExitCode(2) }
        let faults = FaultInjection(answerDelay: .milliseconds(answerDelayMs), dropEvery: dropEvery,
                                    batchInterval: .milliseconds(batchAnswersMs))
        let service: HSSService
        do {
            service = try HSSService.load(identity: HSSIdentity(originHost: originHost, originRealm: originRealm),
                                          subscribersPath: subscribers, statePath: state ?? subscribers + ".sqn.json",
                                          dialect: dialect, faults: faults,
                                          terminationDelay: rtrAfterRegistrationMs.map { .milliseconds($0) }, logger: logger)
        } catch {
            // One line naming the file and entry; exit code 2 like the other services' config errors.
            Self.printError("hss-sim: \(error)")
            throw ExitCode(2)
        }
        if faults.isActive {
            logger.warning("Fault injection on: answer delay \(answerDelayMs) ms, drop every \(dropEvery == 0 ? "-" : String(dropEvery)) request(s), answer batches every \(batchAnswersMs == 0 ? "-" : String(batchAnswersMs)) ms")
        }

        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let group = ServiceEventLoops.shared(threads: 1)
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: originHost, originRealm: originRealm, productName: "OpenTWAG hss-sim",
                                            authApplications: [dialect == .cx ? .cx : .swx]),
            peers: [], listen: (host: address.host, port: address.port), acceptUnknownPeers: true,
            group: group, logger: logger,
            requestHandler: { request, _ in await service.handle(request) })
        await service.attach(requestSender: node.hssRequestSender())
        if let rtrAfterRegistrationMs {
            logger.notice("RTR to the registering AAA server \(rtrAfterRegistrationMs) ms after each SAR REGISTRATION")
        }
        do {
            try await node.start()
        } catch {
            Self.printError("hss-sim: \(error)")
            throw ExitCode(1)
        }
        logger.info("hss-sim ready: \(originHost) (\(originRealm)) on \(address.host):\(node.listeningPort ?? address.port), \(dialect == .cx ? "Cx (SWx requests are not answered)" : "SWx")")

        for await signal in signals {
            logger.notice("Received \(signal), shutting down (DPR to peers)")
            break
        }
        await node.shutdown()
        logger.info("hss-sim stopped")
    }

    /// One line on stderr (start-up failures, before or outside logging).
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
