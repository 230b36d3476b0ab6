import Diameter
import DiameterPeer
import HSSSimulator

extension DiameterNode {
    /// The node's `send` for HSS-originated requests (RTR). Only to the AAA server named in
    /// Destination-Host while it is connected: the node would otherwise route the request to any
    /// other open peer, and an RTR for another server's subscriber must not go there.
    func hssRequestSender() -> HSSRequestSender {
        { [self] request in
            guard let host = request.destinationHost?.lowercased(),
                  peerStatus().contains(where: { $0.isOpen && $0.host.lowercased() == host })
            else {
                return .failure(HSSSendError("AAA server \(request.destinationHost ?? "?") is not connected"))
            }
            do {
                return .success(try await send(request))
            } catch {
                return .failure(HSSSendError("\(error)"))
            }
        }
    }
}
