/// What a UDP listener hands each datagram to: the authentication or the accounting pipeline.
/// Called off the event loop; nil means stay silent.
public protocol RADIUSDatagramResponder: Sendable {
    func handle(_ datagram: [UInt8], from client: ClientEndpoint) async -> [UInt8]?
}
