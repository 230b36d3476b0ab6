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
        let result = await withCheckedContinuation { continuation in
            forward(request) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    public func forward(_ request: AuthForwardRequest,
                        completion: @escaping @Sendable (Result<AuthDecision, AuthForwardError>) -> Void) {
        client.request(.authRequest, fields: request.fields) { reply in
            completion(Self.decision(from: reply))
        }
    }

    static func decision(from reply: Result<IPCFrame, IPCRequestError>) -> Result<AuthDecision, AuthForwardError> {
        switch reply {
        case .success(let frame):
            do {
                return .success(try AuthDecision(frame: frame))
            } catch {
                return .failure(.invalidDecision(error))
            }
        case .failure(.timeout): return .failure(.timeout)
        case .failure(.notConnected): return .failure(.unavailable("aaa-core not connected"))
        case .failure(.connectionLost): return .failure(.unavailable("connection to aaa-core lost"))
        case .failure(.shuttingDown): return .failure(.unavailable("shutting down"))
        case .failure(.remote(let code, let message)): return .failure(.unavailable("aaa-core error \(code): \(message)"))
        }
    }
}
