/// What a UDP listener hands each datagram to: the authentication or the accounting pipeline.
public protocol RADIUSDatagramResponder: Sendable {
    /// Serves one datagram; `answer` is called exactly once, from any thread, with the bytes to
    /// send back or nil to stay silent. Called on the event loop that read the datagram: work
    /// that waits (aaa-core, the store) must not block it.
    func handle(_ datagram: [UInt8], from client: ClientEndpoint, answer: @escaping @Sendable ([UInt8]?) -> Void)
}

extension RADIUSDatagramResponder {
    /// The answer to `datagram`, awaited (nil: stay silent).
    public func handle(_ datagram: [UInt8], from client: ClientEndpoint) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            handle(datagram, from: client) { continuation.resume(returning: $0) }
        }
    }
}
