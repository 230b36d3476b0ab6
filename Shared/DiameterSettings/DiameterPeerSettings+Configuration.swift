import DiameterPeer
import TWAGConfiguration

extension DiameterPeerSettings {
    /// A configured peer (`diameter.peers[]` for the HSS, `charging.peers[]` for the OCS) with the
    /// timers of its section.
    public init(_ peer: DiameterPeerConfiguration, watchdogInterval: Duration, requestTimeout: Duration,
                reconnectBackoff: DiameterBackoff = DiameterBackoff()) {
        self.init(
            host: peer.host, realm: peer.realm, address: peer.ip, port: peer.port,
            transport: peer.transport == .sctp ? .sctp : .tcp,
            tls: peer.tls
                ? DiameterTLSSettings(caFile: peer.tlsCAFile, certificateFile: peer.tlsCertificateFile, keyFile: peer.tlsKeyFile)
                : nil,
            initiateConnection: peer.initiateConnection, priority: peer.priority, watchdogInterval: watchdogInterval,
            requestTimeout: requestTimeout, reconnectBackoff: reconnectBackoff, maxInFlight: peer.maxInFlight)
    }
}
