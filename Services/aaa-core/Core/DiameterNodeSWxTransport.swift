import Diameter
import DiameterPeer

/// SWx requests over the Diameter node: its routing errors become vector-fetch errors.
public struct DiameterNodeSWxTransport: SWxRequestTransport {
    public let node: DiameterNode

    public init(node: DiameterNode) {
        self.node = node
    }

    public func sendSWx(_ request: DiameterMessage) async throws(VectorFetchError) -> DiameterMessage {
        do {
            return try await node.send(request)
        } catch {
            switch error {
            case .noPeerAvailable: throw .unavailable("no open HSS peer")
            case .timeout: throw .timeout
            case .connectionLost: throw .unavailable("HSS connection lost")
            case .shuttingDown: throw .unavailable("shutting down")
            case .invalidAnswer(let why): throw .invalidAnswer(why)
            }
        }
    }
}
