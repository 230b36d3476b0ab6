import Diameter
import DiameterPeer
import HSSSimulator

extension DiameterNode {
    /// The node's `send` for HSS-originated requests (RTR), only to a connected AAA server.
    func hssRequestSender() -> HSSRequestSender {
        HSSRequestSenders.connectedAAA(
            isOpen: { [self] host in peerStatus().contains { $0.isOpen && $0.host.lowercased() == host } },
            send: { [self] request in try await send(request) })
    }
}
