import IPC
import IPCTransport
import Logging
import NIOConcurrencyHelpers
import OperatorStatus

/// Asks every radius-frontend connected to aaa-core for its status: the frontends connect to
/// aaa-core, so this is how the operator surface reaches every instance, however many are scaled.
public final class FrontendStatusRelay: Sendable {
    private let box = NIOLockedValueBox<IPCServer?>(nil)
    private let timeout: Duration
    private let logger: Logger

    public init(timeout: Duration = .seconds(1), logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    /// The server is attached after creation (it serves the handler that uses this relay).
    public func attach(_ server: IPCServer) {
        box.withLockedValue { $0 = server }
    }

    /// The frontends that answered in time, by instance id; a silent one is left out and logged.
    public func statuses() async -> [ServiceStatus] {
        guard let server = box.withLockedValue({ $0 }) else { return [] }
        let frontends = server.connectedPeers().filter { $0.peerService == "radius-frontend" }.map(\.peerInstance)
        let timeout = self.timeout
        let logger = self.logger
        return await withTaskGroup(of: ServiceStatus?.self) { group in
            for instance in Set(frontends) {
                group.addTask {
                    do {
                        let reply = try await server.request(to: instance, .statusRequest, fields: [], timeout: timeout)
                        guard reply.type == .statusResult, let bytes = reply.bytes(.statusDocument) else { return nil }
                        return try StatusJSON.decode(ServiceStatus.self, from: bytes)
                    } catch {
                        logger.warning("radius-frontend \(instance) gave no status: \(error)")
                        return nil
                    }
                }
            }
            var statuses: [ServiceStatus] = []
            for await status in group { if let status { statuses.append(status) } }
            return statuses.sorted { $0.instance < $1.instance }
        }
    }
}
