import AAACore
import ArgumentParser
import DiameterPeer
import Foundation
import IPCTransport
import Logging
import Metrics
import NIOCore
import NIOPosix
import ServiceSupport
import SessionStore
import TWAGConfiguration
import UnixSignals

/// aaa-core: the 3GPP AAA server. Serves EAP-AKA/AKA' for the RADIUS frontends over IPC and
/// fetches vectors from the HSS over Diameter SWx (or Cx for `vector_dialect: cx` peers).
@main
struct AAACoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aaa-core", abstract: "OpenTWAG 3GPP AAA server (EAP-AKA/AKA' over SWx).")

    @Option(name: .long, help: "Path of the configuration file (config/twag.yaml).")
    var config: String

    func run() async throws {
        let configuration: TWAGConfiguration
        do {
            configuration = try TWAGConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
            try configuration.validate(for: .aaaCore)
        } catch {
            FileHandle.standardError.write(Data("aaa-core: \(error)\n".utf8))
            throw ExitCode(2)
        }

        ServiceLogging.bootstrap(
            service: "aaa-core", level: Logger.Level(rawValue: configuration.logging.level.rawValue) ?? .info,
            format: ServiceLogging.Format(rawValue: configuration.logging.format.rawValue) ?? .text)
        let registry = ServiceMetrics.bootstrap(service: "aaa-core")
        var logger = Logger(label: "aaa-core")

        let instanceID = UInt32.random(in: 0...ConversationStateToken.maximumInstanceID)
        let instanceName = String(instanceID, radix: 16)
        logger[metadataKey: "instance"] = "\(instanceName)"
        logger.info("aaa-core starting", metadata: ["config": "\(config)"])

        let group = ServiceEventLoops.shared(threads: configuration.eventLoopThreads)
        let diameter = configuration.diameter
        let sessions: any SessionStore
        do {
            sessions = try SessionStores.open(configuration: configuration, logger: logger)
        } catch {
            logger.critical("aaa-core could not open the session store: \(error)")
            throw ExitCode(1)
        }
        await SessionStores.awaitStartup(sessions, logger: logger)
        let storeGauge = StoreAvailabilityGauge.start(sessions)
        defer { storeGauge.cancel() }
        // RTR from the HSS (TS 29.273 8.1.2.4): answered at once; the subscriber's live sessions are
        // then ended with Disconnect-Requests sent by a frontend.
        let disconnects = IPCServerDisconnectTransport()
        let swxRequests = SWxRequestHandler(
            originHost: diameter.host, originRealm: diameter.realm,
            sink: SessionDisconnector(store: sessions, transport: disconnects, logger: logger), logger: logger)
        let node = DiameterNode(
            identity: SWxDiameterConfiguration.identity(diameter), peers: SWxDiameterConfiguration.peers(diameter),
            listen: (host: diameter.listenIP, port: diameter.listenPort), group: group, logger: logger
        ) { request, peer in
            await swxRequests.handle(request, peer: peer.host)
        }
        let settings = AAACoreSettings(configuration: configuration)
        let table = ConversationTable(instanceID: instanceID, capacity: settings.maxConversations,
                                      timeout: settings.stateTimeout,
                                      finishedWindow: settings.finishedConversationWindow)
        let transport = DiameterNodeSWxTransport(node: node)
        let registration = SWxRegistrationPlan(configuration: diameter)
        for notice in registration.notices { logger.notice("\(notice)") }
        if registration.enabled { logger.info("SWx registration (SAR) enabled") }
        for peer in diameter.peers where peer.vectorDialect == .cx {
            logger.info("HSS \(peer.host) speaks Cx: vectors come from Cx MAR (Digest-AKAv1-MD5), CK'/IK' are derived here",
                        metadata: ["max_in_flight": "\(peer.maxInFlight)"])
        }
        let registrar = SWxServerAssignmentRegistrar(transport: transport, configuration: configuration)
        // Charging: a CCR-I through charging-agent before every Accept, unless charging is off.
        var chargingClient: IPCClient?
        var charging: (any ChargingAuthorizer)?
        if configuration.charging.mode != .off {
            let client = IPCClient(
                path: configuration.runtimeDirectory + "/charging-agent.sock", serviceName: "aaa-core",
                instanceID: instanceName, requestTimeout: .milliseconds(configuration.ipc.requestTimeoutMilliseconds),
                maxFrameSize: configuration.ipc.maxFrameBytes, group: group, logger: logger)
            chargingClient = client
            // The frontend waits ipc.request_timeout_ms for our answer: charging must decide within it.
            let budget = max(500, configuration.ipc.requestTimeoutMilliseconds - 250)
            charging = IPCChargingAuthorizer(client: client,
                                             admitWhenUnavailable: configuration.charging.failureHandling == .continue,
                                             timeout: .milliseconds(budget))
            logger.info("Charging \(configuration.charging.mode.rawValue): every Accept waits for charging-agent (CCR-I)")
        } else {
            logger.info("Charging off: no CCR is sent, charging-agent is not needed")
        }
        let vectorSource = HSSVectorSource(transport: transport, configuration: configuration)
        let journal = AuthenticationJournal()
        let engine = AuthenticationEngine(
            settings: settings, vectorSource: vectorSource,
            registrar: registration.enabled ? registrar : nil, charging: charging,
            table: table, journal: journal, logger: logger)
        // The operator surface (twag-admin, `twag`): status, Diameter test, disconnects.
        let frontendStatus = FrontendStatusRelay(logger: logger)
        let operatorRequests = OperatorRequestHandler(
            sources: .init(
                instance: instanceName, startedAt: Date(), configuration: configuration.redactedSummary(),
                diameterPeers: { node.peerStatus().map(\.report) }, frontends: { await frontendStatus.statuses() },
                details: ["socket": configuration.runtimeDirectory + "/aaa-core.sock",
                          "diameter_listen": "\(diameter.listenIP):\(diameter.listenPort)",
                          "charging_mode": configuration.charging.mode.rawValue,
                          "registration": registration.enabled ? "enabled" : "disabled"],
                maximumFrameBytes: configuration.ipc.maxFrameBytes),
            table: table, journal: journal, vectorSource: vectorSource, store: sessions, disconnects: disconnects,
            logger: logger)
        // Runs even with registration off: sessions registered before a configuration change still end.
        let releaser = RegistrationReleaser(store: sessions, deregistrar: registrar,
                                            stale: StaleSessionPolicy(radius: configuration.radius), logger: logger)
        let socketPath = configuration.runtimeDirectory + "/aaa-core.sock"
        let server = IPCServer(
            path: socketPath, serviceName: "aaa-core", instanceID: instanceName,
            maxFrameSize: configuration.ipc.maxFrameBytes, group: group, logger: logger
        ) { frame, _ in
            if OperatorRequestHandler.servedTypes.contains(frame.type) { return await operatorRequests.handle(frame) }
            return await engine.handle(frame)
        }
        disconnects.attach(server)
        frontendStatus.attach(server)

        let metrics = MetricsEndpoint(
            registry: registry, host: configuration.prometheus.bind, port: configuration.prometheus.port, group: group,
            logger: logger)
        do {
            try await metrics.start()
            try await node.start()
            // With charging on, every Accept needs charging-agent: give its connection a moment before
            // taking requests, so the first phones after a start are not refused "charging unavailable".
            if let chargingClient {
                chargingClient.start()
                if await !chargingClient.waitUntilConnected(timeout: .seconds(5)) {
                    logger.warning("charging-agent not reachable after 5 s: serving; Accepts follow charging.failure_handling until it is")
                }
            }
            try await server.start()
        } catch {
            logger.critical("aaa-core could not start: \(error)")
            await metrics.shutdown()
            await server.shutdown()
            await node.shutdown()
            throw ExitCode(1)
        }
        logger.info("aaa-core ready", metadata: ["socket": "\(socketPath)"])

        let expiry = Task {
            let gauge = Gauge(label: "eap_aka_conversations")
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                let expired = await table.expire(now: .now)
                if expired > 0 { logger.debug("Expired \(expired) idle EAP conversations") }
                gauge.record(await table.count)
            }
        }

        let releasing = Task { await releaser.run() }
        let retention = StoreRetention(store: sessions, retentionDays: configuration.accountingRetentionDays, logger: logger)
        let pruning = Task { await retention.run() }

        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        for await signal in signals {
            logger.info("Received \(signal), shutting down")
            break
        }

        expiry.cancel()
        releasing.cancel()
        pruning.cancel()
        await server.shutdown()  // stop taking requests first, then leave the HSS (DPR)
        await chargingClient?.shutdown()
        await node.shutdown()
        await metrics.shutdown()
        logger.info("aaa-core stopped")
    }
}
