import Diameter
import Foundation

/// A snapshot of one peer for the status page and the request handler.
public struct DiameterPeerStatus: Sendable, Hashable {
    public var host: String
    public var realm: String
    public var address: String
    public var port: Int
    public var transport: DiameterTransport
    public var tls: Bool
    /// "closed", "connecting", "wait-cea", "wait-cer", "open", "suspect", "reopen", "closing".
    public var state: String
    /// true: this node opened the connection ("Connection Initiation: OpenTWAG -> Peer").
    public var initiatedLocally: Bool
    public var priority: Int
    /// Product-Name from the peer's CER/CEA.
    public var productName: String?
    /// Auth-Application-Ids the peer advertised (plain and vendor specific).
    public var advertisedApplications: [UInt32]
    /// Origin-Host the peer actually announced (may differ from `host` behind a DRA).
    public var announcedHost: String?
    /// When `state` was entered.
    public var since: Date
    /// Last Device-Watchdog-Answer received, nil before the first.
    public var lastWatchdogAnswer: Date? = nil

    public var isOpen: Bool { state == DiameterPeerStateMachine.State.open.name }

    /// "3GPP SWx, Diameter Credit Control" for display.
    public var advertisedApplicationNames: [String] {
        advertisedApplications.map { DiameterDictionary.standard.applicationLabel($0) }
    }
}
