/// Hands an Access-Request's EAP to aaa-core and returns its decision. The production
/// implementation speaks IPC over `<runtime_dir>/aaa-core.sock`; tests use a fake.
public protocol AuthForwarder: Sendable {
    func forward(_ request: AuthForwardRequest) async throws(AuthForwardError) -> AuthDecision

    /// The same with a completion (what the pipeline calls: no task per Access-Request when the
    /// implementation has a callback path of its own).
    func forward(_ request: AuthForwardRequest,
                 completion: @escaping @Sendable (Result<AuthDecision, AuthForwardError>) -> Void)
}

extension AuthForwarder {
    /// Runs the async form in a task (fakes in tests).
    public func forward(_ request: AuthForwardRequest,
                        completion: @escaping @Sendable (Result<AuthDecision, AuthForwardError>) -> Void) {
        Task {
            do throws(AuthForwardError) {
                completion(.success(try await forward(request)))
            } catch {
                completion(.failure(error))
            }
        }
    }
}

/// Why no decision came back. Every case means "do not answer the AP": it retransmits, and by
/// then aaa-core may be back.
public enum AuthForwardError: Error, Sendable, Equatable {
    /// Not connected, connection lost, shutting down, or aaa-core answered with an error frame.
    case unavailable(String)
    /// No reply within the IPC request timeout.
    case timeout
    /// A reply that is not a usable decision.
    case invalidDecision(AuthDecisionError)
}
