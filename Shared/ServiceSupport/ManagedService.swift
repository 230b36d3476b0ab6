import Logging
import ServiceLifecycle

/// Adapts a component with start/stop calls (servers, Diameter nodes, IPC clients) to
/// swift-service-lifecycle: started in order, stopped on SIGTERM/SIGINT.
public struct ManagedService: Service {
    public let name: String
    let start: @Sendable () async throws -> Void
    let stop: @Sendable () async -> Void

    public init(name: String, start: @escaping @Sendable () async throws -> Void, stop: @escaping @Sendable () async -> Void) {
        self.name = name
        self.start = start
        self.stop = stop
    }

    public func run() async throws {
        try await start()
        // Returns when SIGTERM/SIGINT starts a graceful shutdown (throws if cancelled instead).
        try? await gracefulShutdown()
        await stop()
    }
}

/// Runs services until SIGTERM or SIGINT, then shuts them down gracefully (in reverse order of
/// the list, as ServiceGroup does) and returns.
public enum ServiceRunner {
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger)
        try await group.run()
    }
}
