import IPC
import RADIUS

/// The RADIUS context of one Access-Request as aaa-core receives it (`auth-request`, docs/ipc.md).
/// The front keeps no EAP state: everything aaa-core needs travels here.
public struct AuthForwardRequest: Sendable, Equatable {
    /// The reassembled EAP packet.
    public var eapMessage: [UInt8]
    /// State echoed by the AP (absent on the first request of a conversation).
    public var state: [UInt8]?
    public var userName: String?
    /// 4 octets (NAS-IP-Address) or 16 (NAS-IPv6-Address).
    public var nasIPAddress: [UInt8]?
    public var nasIdentifier: String?
    public var calledStationID: String?
    public var callingStationID: String?
    public var nasPortType: UInt32?
    public var framedMTU: UInt32?
    /// `ip:port` of the AP.
    public var clientAddress: String
    /// This front's instance id.
    public var frontendID: String

    public init(eapMessage: [UInt8], state: [UInt8]? = nil, userName: String? = nil, nasIPAddress: [UInt8]? = nil,
                nasIdentifier: String? = nil, calledStationID: String? = nil, callingStationID: String? = nil,
                nasPortType: UInt32? = nil, framedMTU: UInt32? = nil, clientAddress: String, frontendID: String) {
        self.eapMessage = eapMessage
        self.state = state
        self.userName = userName
        self.nasIPAddress = nasIPAddress
        self.nasIdentifier = nasIdentifier
        self.calledStationID = calledStationID
        self.callingStationID = callingStationID
        self.nasPortType = nasPortType
        self.framedMTU = framedMTU
        self.clientAddress = clientAddress
        self.frontendID = frontendID
    }

    /// The context of `packet`; nil when it carries no EAP-Message.
    public init?(packet: RADIUSPacket, client: ClientEndpoint, frontendID: String) {
        guard let eap = packet.eapMessage, !eap.isEmpty else { return nil }
        self.init(eapMessage: eap, state: packet.state, userName: packet.userName,
                  nasIPAddress: packet.nasIPAddress?.octets ?? packet.nasIPv6Address?.octets,
                  nasIdentifier: packet.nasIdentifier, calledStationID: packet.calledStationId,
                  callingStationID: packet.callingStationId, nasPortType: packet.uint32(.nasPortType),
                  framedMTU: packet.framedMTU, clientAddress: client.description, frontendID: frontendID)
    }

    /// The `auth-request` fields.
    public var fields: [IPCField] {
        var out = [IPCField(.eapMessage, bytes: eapMessage)]
        if let state { out.append(IPCField(.radiusState, bytes: state)) }
        if let userName { out.append(IPCField(.userName, string: userName)) }
        if let nasIPAddress { out.append(IPCField(.nasIPAddress, bytes: nasIPAddress)) }
        if let nasIdentifier { out.append(IPCField(.nasIdentifier, string: nasIdentifier)) }
        if let calledStationID { out.append(IPCField(.calledStationID, string: calledStationID)) }
        if let callingStationID { out.append(IPCField(.callingStationID, string: callingStationID)) }
        if let nasPortType { out.append(IPCField(.nasPortType, uint32: nasPortType)) }
        if let framedMTU { out.append(IPCField(.framedMTU, uint32: framedMTU)) }
        out.append(IPCField(.clientAddress, string: clientAddress))
        out.append(IPCField(.frontendID, string: frontendID))
        return out
    }
}
