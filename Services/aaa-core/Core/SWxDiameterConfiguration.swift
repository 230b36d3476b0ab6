import Diameter
import DiameterPeer
import DiameterSettings
import TWAGConfiguration

/// The `diameter` section as the Diameter node's identity (SWx and Cx, vendor 3GPP) and HSS peer list.
public enum SWxDiameterConfiguration {
    /// SWx always (RTR comes over it); Cx as well when a peer has `vector_dialect: cx`, so that a
    /// Cx-only HSS (pyHSS) finds a common application in the capabilities exchange.
    public static func applications(_ diameter: DiameterConfiguration) -> [DiameterApplication] {
        diameter.peers.contains { $0.vectorDialect == .cx } ? [.swx, .cx] : [.swx]
    }

    public static func identity(_ diameter: DiameterConfiguration) -> DiameterLocalIdentity {
        // A wildcard listen address says nothing about us; the node then advertises the socket's own address.
        let wildcard = diameter.listenIP == "0.0.0.0" || diameter.listenIP == "::"
        return DiameterLocalIdentity(
            originHost: diameter.host, originRealm: diameter.realm,
            hostIPAddresses: wildcard ? [] : [diameter.listenIP], productName: diameter.productName,
            authApplications: applications(diameter), supportedVendorIDs: [DiameterVendor.threeGPP])
    }

    public static func peers(_ diameter: DiameterConfiguration) -> [DiameterPeerSettings] {
        diameter.peers.map { peer in
            DiameterPeerSettings(
                peer, watchdogInterval: .seconds(diameter.watchdogIntervalSeconds),
                requestTimeout: .milliseconds(diameter.requestTimeoutMilliseconds),
                reconnectBackoff: DiameterBackoff(
                    initial: .milliseconds(diameter.reconnectBackoff.initialMilliseconds),
                    max: .milliseconds(diameter.reconnectBackoff.maximumMilliseconds)))
        }
    }
}
