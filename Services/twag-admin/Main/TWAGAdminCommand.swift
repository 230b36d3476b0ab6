import ArgumentParser
import Foundation
import Hummingbird
import OperatorQueries
import NIOSSL
import Logging
import NIOPosix
import ServiceLifecycle
import ServiceSupport
import SessionStore
import TWAGAdmin
import TWAGConfiguration

/// twag-admin: the operators' HTTPS dashboard and REST API, a process apart so that restarting or
/// overloading it never touches authentication or accounting.
@main
struct TWAGAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twag-admin", abstract: "OpenTWAG operator dashboard (HTTPS) and REST API.")

    @Option(name: .long, help: "Path of the OpenTWAG configuration file (config/twag.yaml).")
    var config: String

    func run() async throws {
        let configuration = ServiceConfiguration.loadOrExit(path: config, service: "twag-admin")
        ServiceLogging.bootstrap(
            service: "twag-admin", level: Logger.Level(rawValue: configuration.logging.level.rawValue) ?? .info,
            format: ServiceLogging.Format(rawValue: configuration.logging.format.rawValue) ?? .text)
        let registry = ServiceMetrics.bootstrap(service: "twag-admin")
        let logger = Logger(label: "twag-admin")
        let instance = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

        let store: any SessionStore
        do {
            store = try SessionStores.open(configuration: configuration, logger: logger)
        } catch {
            logger.critical("twag-admin could not open the session store: \(error)")
            throw ExitCode(1)
        }
        await SessionStores.awaitStartup(store, logger: logger)
        let storeGauge = StoreAvailabilityGauge.start(store)
        defer { storeGauge.cancel() }
        let tls: TLSConfiguration
        do {
            var certificateFile = configuration.dashboard.tlsCertificateFile
            var keyFile = configuration.dashboard.tlsKeyFile
            if certificateFile == nil || keyFile == nil {
                let directory = (configuration.databasePath as NSString).deletingLastPathComponent
                (certificateFile, keyFile) = try SelfSignedCertificate.ensure(
                    in: directory.isEmpty ? "." : directory, hostName: ProcessInfo.processInfo.hostName)
                logger.warning("dashboard.tls_cert_file is not set: serving a self-signed certificate (lab only)",
                               metadata: ["certificate": "\(certificateFile ?? "-")"])
            }
            tls = try AdminApplications.tlsConfiguration(certificateFile: certificateFile ?? "", keyFile: keyFile ?? "")
        } catch {
            logger.critical("twag-admin cannot load its TLS certificate: \(error)")
            throw ExitCode(1)
        }

        let services = ServiceDirectory(
            runtimeDirectory: configuration.runtimeDirectory, chargingEnabled: configuration.charging.mode != .off,
            instanceID: instance, maxFrameSize: configuration.ipc.maxFrameBytes, group: group, logger: logger)
        let data = OperatorData(store: store, services: services, configuration: configuration.redactedSummary(),
                                instance: instance)
        let applications = try AdminApplications(
            configuration: configuration, tls: tls, data: data, group: group, logger: logger
        ) { listener, port in
            logger.info("twag-admin \(listener) listening on https://\(listener == "api" ? configuration.api.bind : configuration.dashboard.bind):\(port)")
        }
        let metrics = MetricsEndpoint(
            registry: registry, host: configuration.prometheus.bind, port: configuration.prometheus.port, group: group,
            logger: logger)
        do {
            try await metrics.start()
        } catch {
            logger.critical("twag-admin could not start its metrics endpoint: \(error)")
            throw ExitCode(1)
        }
        services.start()
        let serviceGroup = ServiceGroup(configuration: .init(
            services: [applications.dashboard, applications.api], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await serviceGroup.run()
        } catch {
            logger.critical("twag-admin stopped on an error: \(error)")
        }
        await services.shutdown()
        await metrics.shutdown()
        try? await group.shutdownGracefully()
        logger.info("twag-admin stopped")
    }
}
