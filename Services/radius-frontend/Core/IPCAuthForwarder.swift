import IPC
import IPCTransport

/// Forwards Access-Request context to aaa-core over `<runtime_dir>/aaa-core.sock` (docs/ipc.md:
/// `auth-request` → `auth-challenge` / `auth-accept` / `auth-reject` / `auth-discard`).
public struct IPCAuthForwarder: AuthForwarder {
    private let client: IPCClient

    public init(client: IPCClient) {
        self.client = client
    }

    public func forward(_ request: AuthForwardRequest) async throws(AuthForwardError) -> AuthDecision {
        let frame: IPCFrame
        do {
            frame = try await client.request(.authRequest, fields: request.fields)
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .notConnected: throw .unavailable("aaa-core not connected")
            case .connectionLost: throw .unavailable("connection to aaa-core lost")
            case .shuttingDown: throw .unavailable("shutting down")
            case .remote(let code, let message): throw .unavailable("aaa-core error \(code): \(message)")
            }
        }
        do {
            return try AuthDecision(frame: frame)
        } catch {
            throw .invalidDecision(error)
        }
    }
}
