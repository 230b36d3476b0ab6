import ArgumentParser
import ChargingAgent
import Diameter
import DiameterPeer
import Foundation
import IPC
import IPCTransport
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import OperatorStatus
import ServiceSupport
import SessionStore
import TWAGConfiguration

/// charging-agent: Diameter Gy towards the OCS. aaa-core asks it to authorize a subscriber (CCR-I)
/// before the Accept; the frontends' accounting drives CCR-U/T; quota exhaustion and OCS requests end
/// sessions with a Disconnect-Request sent through the frontend that served them.
@main
struct ChargingAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charging-agent", abstract: "OpenTWAG online charging (Diameter Gy, RFC 4006) towards the OCS.")

    @Option(name: .long, help: "Path of the configuration file (config/twag.yaml).")
    var config: String

    func run() async throws {
        let configuration = ServiceConfiguration.loadOrExit(path: config, service: "charging-agent")
        ServiceLogging.bootstrap(
            service: "charging-agent", level: Logger.Level(rawValue: configuration.logging.level.rawValue) ?? .info,
            format: ServiceLogging.Format(rawValue: configuration.logging.format.rawValue) ?? .text)
        let registry = ServiceMetrics.bootstrap(service: "charging-agent")
        let logger = Logger(label: "charging-agent")
        let charging = configuration.charging
        let group = ServiceEventLoops.shared(threads: configuration.eventLoopThreads)
        let metrics = MetricsEndpoint(registry: registry, host: configuration.prometheus.bind,
                                      port: configuration.prometheus.port, group: group, logger: logger)
        let signals = TerminationSignals()

        guard let mode = ChargingAgentSettings.mode(charging) else {
            // Nothing to charge: stay up (a supervisor would only restart us) and say so once.
            logger.notice("charging.mode is off: charging-agent sends no CCR; aaa-core and the frontends work without it")
            do {
                try await metrics.start()
            } catch {
                logger.warning("Metrics endpoint not started: \(error)")
            }
            _ = await signals.wait()
            await metrics.shutdown()
            return
        }

        let store: any SessionStore
        do {
            store = try SessionStores.open(configuration: configuration, logger: logger)
        } catch {
            logger.critical("charging-agent could not open the session store: \(error)")
            throw ExitCode(1)
        }
        let storeGauge = StoreAvailabilityGauge.start(store)
        defer { storeGauge.cancel() }
        let identity = ChargingAgentSettings.identity(configuration)
        // The node answers RAR/ASR through the coordinator, which needs the node to send CCRs.
        let handlerBox = NIOLockedValueBox<GyServerRequestHandler?>(nil)
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: identity.originHost, originRealm: identity.originRealm,
                                            productName: configuration.diameter.productName,
                                            authApplications: [.creditControl],
                                            supportedVendorIDs: [DiameterVendor.threeGPP]),
            peers: ChargingAgentSettings.peers(charging), listen: nil, group: group, logger: logger
        ) { request, _ in
            guard let handler = handlerBox.withLockedValue({ $0 }) else {
                return request.answer(resultCode: .unableToComply, avps: [.originHost(identity.originHost),
                                                                          .originRealm(identity.originRealm)])
            }
            return await handler.handle(request)
        }
        let disconnects = IPCServerDisconnectTransport()
        let coordinator = ChargingCoordinator(
            policy: ChargingAgentSettings.policy(charging, mode: mode), identity: identity, store: store,
            transport: node, disconnects: disconnects, interimInterval: UInt32(charging.interimIntervalSeconds),
            takeOverAfter: .seconds(configuration.nodeFailoverSeconds), logger: logger)
        let gyHandler = GyServerRequestHandler(coordinator: coordinator, originHost: identity.originHost,
                                               originRealm: identity.originRealm)
        handlerBox.withLockedValue { $0 = gyHandler }
        let ipcHandler = ChargingIPCHandler(coordinator: coordinator)
        let socketPath = configuration.runtimeDirectory + "/charging-agent.sock"
        let startedAt = Date()
        let configurationSummary = configuration.redactedSummary()
        let server = IPCServer(path: socketPath, serviceName: "charging-agent", instanceID: identity.originHost,
                               maxFrameSize: configuration.ipc.maxFrameBytes, group: group, logger: logger) { frame, _ in
            guard frame.type == .statusRequest else { return await ipcHandler.handle(frame) }
            var status = ServiceStatus(
                service: "charging-agent", instance: identity.originHost, startedAt: startedAt, resources: .current(),
                configuration: configurationSummary, diameterPeers: node.peerStatus().map(\.report),
                details: ["mode": mode.rawValue, "open_charging_sessions": "\(await coordinator.openCount)",
                          "origin_host": identity.originHost, "destination_realm": identity.destinationRealm],
                chargingSessions: await coordinator.reports())
            // As many open sessions as fit one frame, newest first.
            let budget = configuration.ipc.maxFrameBytes - 1_024
            while let size = try? StatusJSON.encode(status).count, size > budget, !status.chargingSessions.isEmpty {
                status.chargingSessions.removeLast(max(1, status.chargingSessions.count / 2))
            }
            return .document(status, type: .statusResult, correlationID: frame.correlationID)
        }
        disconnects.attach(server)

        do {
            try await metrics.start()
            // The open Gy sessions must be known before serving: without them a restarted agent
            // would open a second OCS session for a subscriber it already charges.
            var delay = Duration.milliseconds(500)
            while true {
                do {
                    try await coordinator.resume()
                    break
                } catch {
                    logger.warning("Charging state not readable from the store, retrying in \(delay): \(error)")
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(10))
                }
            }
            try await node.start()
            // Authorizations need an OCS: give the peers a moment to open before aaa-core's requests are
            // taken (a stack started together otherwise refuses its first phones).
            let deadline = ContinuousClock.now + .seconds(5)
            while !node.peerStatus().contains(where: \.isOpen), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if !node.peerStatus().contains(where: \.isOpen) {
                logger.warning("No OCS peer open after 5 s: serving; authorizations follow charging.failure_handling until one is")
            }
            try await server.start()
        } catch {
            logger.critical("charging-agent could not start: \(error)")
            await server.shutdown()
            await node.shutdown()
            await metrics.shutdown()
            throw ExitCode(1)
        }
        logger.info("charging-agent ready", metadata: [
            "mode": "\(mode.rawValue)", "socket": "\(socketPath)", "origin_host": "\(identity.originHost)",
            "ocs_peers": "\(charging.peers.map(\.host).joined(separator: ","))",
        ])
        let clock = Task { await coordinator.run() }

        let signal = await signals.wait()
        logger.info("Signal \(signal) received: shutting down")
        clock.cancel()
        await server.shutdown()
        await node.shutdown()
        await metrics.shutdown()
        logger.info("charging-agent stopped")
    }
}

