import Foundation
import Hummingbird
import OperatorQueries
import HummingbirdAuth
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import TWAGConfiguration

/// twag-admin's two HTTPS listeners: the dashboard (`dashboard.port`) and the REST API (`api.port`).
public struct AdminApplications {
    public let dashboard: any ApplicationProtocol
    public let api: any ApplicationProtocol

    /// - Parameter onListening: called with ("dashboard" | "api", bound port) once each listens.
    public init(configuration: TWAGConfiguration, tls: TLSConfiguration, data: OperatorData, group: any EventLoopGroup,
                logger: Logger, metrics: AdminMetrics = AdminMetrics(),
                onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }) throws {
        let accounts = OperatorAccounts(configuration.dashboard.accounts)
        if accounts.isEmpty {
            logger.warning("No dashboard account (dashboard.admin_password_hash / dashboard.users): nobody can log in")
        }
        if configuration.api.tokens.isEmpty {
            logger.warning("api.tokens is empty: every REST API call is refused")
        }
        metrics.preregister()

        // Dashboard: sessions in memory (a restart logs everyone out, which is the safe side).
        let dashboardRouter = Router(context: DashboardRequestContext.self)
        dashboardRouter.add(middleware: SecurityHeadersMiddleware(listener: "dashboard", metrics: metrics))
        dashboardRouter.add(middleware: SessionMiddleware(
            storage: MemoryPersistDriver(),
            configuration: .init(
                sessionCookieParameters: .init(name: "twag_session", path: "/", secure: true, sameSite: .strict),
                keyPrefix: "twag.session.", defaultSessionExpiration: .seconds(12 * 3_600))))
        DashboardRoutes(accounts: accounts,
                        throttle: NIOLockedValueBox(LoginThrottle(limit: configuration.dashboard.maxLoginFailures)),
                        metrics: metrics).register(on: dashboardRouter)
        let ui = dashboardRouter.group("ui/api/v1")
            .add(middleware: DashboardLoginMiddleware(idleTimeout: TimeInterval(configuration.dashboard.idleTimeoutSeconds),
                                                      metrics: metrics))
        OperatorRoutes<DashboardRequestContext>(data: data, metrics: metrics).register(on: ui)

        // REST API: bearer tokens.
        let apiRouter = Router(context: APIRequestContext.self)
        apiRouter.add(middleware: SecurityHeadersMiddleware(listener: "api", metrics: metrics))
        // On the whole router, so that an unknown path without a token is a 401 too (no route probing).
        apiRouter.add(middleware: BearerTokenMiddleware(tokens: configuration.api.tokens.map(\.revealed), metrics: metrics))
        let v1 = apiRouter.group("api/v1")
        OperatorRoutes<APIRequestContext>(data: data, metrics: metrics).register(on: v1)

        // Bounded connections (256 per listener): a flood of clients cannot exhaust descriptors.
        dashboard = Application(
            router: dashboardRouter, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname(configuration.dashboard.bind, port: configuration.dashboard.port),
                                 serverName: "OpenTWAG", availableConnectionsDelegate: MaximumAvailableConnections(256)),
            onServerRunning: { channel in onListening("dashboard", channel.localAddress?.port ?? 0) },
            eventLoopGroupProvider: .shared(group), logger: logger)
        api = Application(
            router: apiRouter, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname(configuration.api.bind, port: configuration.api.port),
                                 serverName: "OpenTWAG", availableConnectionsDelegate: MaximumAvailableConnections(256)),
            onServerRunning: { channel in onListening("api", channel.localAddress?.port ?? 0) },
            eventLoopGroupProvider: .shared(group), logger: logger)
    }

    /// The TLS server configuration from PEM files (TLS 1.2 at least).
    public static func tlsConfiguration(certificateFile: String, keyFile: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }
}
