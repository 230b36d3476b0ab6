import OperatorStatus

extension DiameterPeerStatus {
    /// The operator surface's form of this snapshot.
    public var report: DiameterPeerReport {
        DiameterPeerReport(
            host: host, realm: realm, address: "\(address):\(port)", transport: tls ? "tls" : transport.rawValue,
            state: state, stateSince: since, priority: priority, initiatedLocally: initiatedLocally,
            productName: productName, announcedHost: announcedHost, applications: advertisedApplicationNames,
            lastWatchdog: lastWatchdogAnswer)
    }
}
