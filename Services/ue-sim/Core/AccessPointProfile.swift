import RADIUS

/// The NAS attributes an 802.1X WiFi AP puts into every Access-Request (RFC 3580).
public struct AccessPointProfile: Sendable, Hashable {
    /// NAS-IP-Address (the AP's management address).
    public var nasIPAddress: IPv4Address
    /// NAS-Identifier.
    public var nasIdentifier: String
    /// BSSID, the first half of Called-Station-Id.
    public var bssid: MACAddress
    /// SSID, the second half of Called-Station-Id.
    public var ssid: String
    /// Framed-MTU: the EAP MTU of the air link; EAP-Message fragments stay below it.
    public var framedMTU: UInt32

    public init(nasIPAddress: IPv4Address, nasIdentifier: String = "ue-sim-ap", bssid: MACAddress,
                ssid: String = "OpenTWAG", framedMTU: UInt32 = 1400) {
        self.nasIPAddress = nasIPAddress
        self.nasIdentifier = nasIdentifier
        self.bssid = bssid
        self.ssid = ssid
        self.framedMTU = framedMTU
    }

    /// `AA-BB-CC-DD-EE-FF:SSID` (RFC 3580 3.20).
    public var calledStationId: String { CalledStationID(mac: bssid, ssid: ssid).raw }

    /// Largest EAP-Message fragment: one attribute (253 octets), smaller only for tiny MTUs.
    public var eapFragmentSize: Int {
        min(EAPMessage.maximumFragmentSize, max(64, Int(framedMTU) - RADIUSPacket.headerLength))
    }

    /// A locally administered station MAC derived from the IMSI's last 10 digits
    /// (`02-01-23-45-67-89` for ...0123456789), so each UE has a stable, distinct Calling-Station-Id.
    public static func stationMAC(imsi: String) -> String {
        let digits = Array(imsi.utf8.suffix(10))
        var octets: [UInt8] = [0x02]
        var index = 0
        while octets.count < 6 {
            let high = index < digits.count ? digits[index] &- UInt8(ascii: "0") : 0
            let low = index + 1 < digits.count ? digits[index + 1] &- UInt8(ascii: "0") : 0
            octets.append((high & 0x0F) << 4 | (low & 0x0F))
            index += 2
        }
        return MACAddress(octets: octets)?.description ?? "02-00-00-00-00-00"
    }
}
