import RADIUS

/// Identifies an access point in the registry: its NAS address and, when the NAS is a controller
/// fronting several radios, the AP (BSSID) MAC from Called-Station-Id.
public struct AccessPointKey: Sendable, Hashable, CustomStringConvertible {
    /// NAS-IP-Address, else NAS-IPv6-Address, else the UDP source address.
    public let nasIP: String
    /// `AA-BB-CC-DD-EE-FF`, or empty when Called-Station-Id carries no MAC.
    public let apMAC: String

    public init(nasIP: String, apMAC: String) {
        self.nasIP = nasIP
        self.apMAC = apMAC
    }

    public var description: String { apMAC.isEmpty ? nasIP : "\(nasIP) (\(apMAC))" }
}

/// What one authenticated Access-Request tells about the AP that sent it.
public struct AccessPointObservation: Sendable, Equatable {
    public var key: AccessPointKey
    public var sourceIP: String
    public var nasIdentifier: String?
    /// Called-Station-Id as received.
    public var calledStationID: String?
    public var ssid: String?
    /// NAS-Port-Type value (19 = Wireless-802.11).
    public var nasPortType: UInt32?
    public var framedMTU: UInt32?

    public init(key: AccessPointKey, sourceIP: String, nasIdentifier: String? = nil, calledStationID: String? = nil,
                ssid: String? = nil, nasPortType: UInt32? = nil, framedMTU: UInt32? = nil) {
        self.key = key
        self.sourceIP = sourceIP
        self.nasIdentifier = nasIdentifier
        self.calledStationID = calledStationID
        self.ssid = ssid
        self.nasPortType = nasPortType
        self.framedMTU = framedMTU
    }

    /// Reads the NAS attributes of `packet` received from `client`.
    public init(packet: RADIUSPacket, client: ClientEndpoint) {
        let called = packet.calledStation
        let nasIP = packet.nasIPAddress?.description ?? packet.nasIPv6Address?.description ?? client.ipText
        self.init(key: AccessPointKey(nasIP: nasIP, apMAC: called?.mac?.description ?? ""),
                  sourceIP: client.ipText, nasIdentifier: packet.nasIdentifier, calledStationID: called?.raw,
                  ssid: called?.ssid, nasPortType: packet.uint32(.nasPortType), framedMTU: packet.framedMTU)
    }

    /// The station identity counted in `client_count`: the normalised MAC when
    /// Calling-Station-Id is one, else the text as sent.
    public static func stationID(of packet: RADIUSPacket) -> String? {
        if let mac = packet.callingStationMAC { return mac.description }
        guard let raw = packet.callingStationId, !raw.isEmpty else { return nil }
        return raw
    }
}
