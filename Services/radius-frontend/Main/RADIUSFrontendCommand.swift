import ArgumentParser
import Foundation
import IPC
import IPCTransport
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import RADIUSFrontend
import ServiceSupport
import TWAGConfiguration

/// `radius-frontend --config PATH [--instance-id ID]`: the RADIUS authentication front for the APs.
@main
struct RADIUSFrontendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radius-frontend",
        abstract: "RADIUS front for WiFi access points: validates Access-Requests and relays EAP to aaa-core.")

    @Option(name: .long, help: "Path of the OpenTWAG configuration file (config/twag.yaml).")
    var config: String

    @Option(name: .customLong("instance-id"), help: "Unique name of this instance (default: hostname-pid).")
    var instanceID: String?

    func run() async throws {
        let configuration = ServiceConfiguration.loadOrExit(path: config, service: "radius-frontend")
        ServiceLogging.bootstrap(
            service: "radius-frontend", level: Logger.Level(rawValue: configuration.logging.level.rawValue) ?? .info,
            format: ServiceLogging.Format(rawValue: configuration.logging.format.rawValue) ?? .text)
        let registry = ServiceMetrics.bootstrap(service: "radius-frontend")
        var logger = Logger(label: "radius-frontend")
        let instance = instanceID ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        logger[metadataKey: "instance"] = "\(instance)"

        let group = ServiceEventLoops.shared(threads: configuration.eventLoopThreads)
        // The service answers aaa-core's disconnect-requests on the same connection; it exists only
        // once the client does, hence the box.
        let serviceBox = NIOLockedValueBox<RADIUSFrontendService?>(nil)
        let serveDisconnects: @Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame? = { frame, _ in
            guard let service = serviceBox.withLockedValue({ $0 }) else { return nil }
            return await service.handle(ipcRequest: frame)
        }
        let ipc = IPCClient(
            path: configuration.runtimeDirectory + "/aaa-core.sock", serviceName: "radius-frontend", instanceID: instance,
            requestTimeout: .milliseconds(configuration.ipc.requestTimeoutMilliseconds),
            maxFrameSize: configuration.ipc.maxFrameBytes, group: group, logger: logger,
            requestHandler: serveDisconnects)
        // With charging on, the frontend also connects to charging-agent: it wakes the agent after each
        // accounting commit and serves its disconnect-requests.
        var chargingIPC: IPCClient?
        if configuration.charging.mode != .off {
            chargingIPC = IPCClient(
                path: configuration.runtimeDirectory + "/charging-agent.sock", serviceName: "radius-frontend",
                instanceID: instance, requestTimeout: .milliseconds(configuration.ipc.requestTimeoutMilliseconds),
                maxFrameSize: configuration.ipc.maxFrameBytes, group: group, logger: logger,
                requestHandler: serveDisconnects)
        }
        let service = RADIUSFrontendService(configuration: configuration, instanceID: instance,
                                            forwarder: IPCAuthForwarder(client: ipc),
                                            usage: chargingIPC.map { IPCUsageNotifier(client: $0) }, group: group,
                                            logger: logger)
        serviceBox.withLockedValue { $0 = service }
        ipc.start()
        chargingIPC?.start()
        let signals = TerminationSignals()
        let metrics = MetricsEndpoint(
            registry: registry, host: configuration.prometheus.bind, port: configuration.prometheus.port, group: group,
            logger: logger)
        do {
            try await metrics.start()
            try await service.start()
        } catch {
            logger.critical("radius-frontend cannot start: \(error)")
            await metrics.shutdown()
            await ipc.shutdown()
            await chargingIPC?.shutdown()
            throw ExitCode(1)
        }
        let signal = await signals.wait()
        logger.info("Signal \(signal) received: shutting down")
        await service.shutdown()
        await ipc.shutdown()
        await chargingIPC?.shutdown()
        await metrics.shutdown()
        logger.info("radius-frontend stopped")
    }
}
