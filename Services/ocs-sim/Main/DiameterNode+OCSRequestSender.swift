import DiameterPeer
import OCSSimulator

/// RAR/ASR leave through the node's routing (Destination-Host: the client that opened the session).
extension DiameterNode: OCSRequestSender {}
