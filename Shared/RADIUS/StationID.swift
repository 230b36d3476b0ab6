/// A 48-bit IEEE MAC address, printed in the RFC 3580 form `AA-BB-CC-DD-EE-FF`.
///
/// NASes write station and AP MACs in many styles; parsing normalises them so session
/// lookups by Calling-Station-Id match whatever the NAS sent.
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
    public let octets: [UInt8]

    /// Six octets; nil for any other length.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count == 6 else { return nil }
        self.octets = Array(octets)
    }

    /// Accepts `AA-BB-CC-DD-EE-FF`, `aa:bb:cc:dd:ee:ff`, `aabb.ccdd.eeff` and `aabbccddeeff`
    /// (either case). Nil for anything else.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        let digits: [UInt8]
        switch utf8.count {
        case 12:
            digits = utf8
        case 14:
            // Cisco dotted form: xxxx.xxxx.xxxx
            guard utf8[4] == UInt8(ascii: "."), utf8[9] == UInt8(ascii: ".") else { return nil }
            digits = Array(utf8[0..<4] + utf8[5..<9] + utf8[10..<14])
        case 17:
            let separator = utf8[2]
            guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: ":") else { return nil }
            var collected = [UInt8]()
            collected.reserveCapacity(12)
            for (i, c) in utf8.enumerated() {
                if i % 3 == 2 {
                    guard c == separator else { return nil }
                } else {
                    collected.append(c)
                }
            }
            digits = collected
        default:
            return nil
        }
        guard let bytes = [UInt8](hex: String(decoding: digits, as: UTF8.self)), bytes.count == 6 else { return nil }
        self.octets = bytes
    }

    /// `AA-BB-CC-DD-EE-FF` (RFC 3580 3.20/3.21).
    public var description: String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(17)
        for (i, b) in octets.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Called-Station-Id of an 802.1X NAS split into AP MAC and SSID (RFC 3580 3.20:
/// `AA-BB-CC-DD-EE-FF:SSID`). Other forms keep ``raw`` and leave the parts nil.
public struct CalledStationID: Sendable, Hashable {
    /// The attribute text as received.
    public let raw: String
    /// The AP (BSSID) MAC, when the text starts with one.
    public let mac: MACAddress?
    /// The SSID after the MAC and a `:` separator, when present and non-empty.
    public let ssid: String?

    public init(parsing text: String) {
        raw = text
        let utf8 = Array(text.utf8)
        // Try the separated 17-character form, then Cisco dotted (14) and bare hex (12).
        for macLength in [17, 14, 12] where utf8.count >= macLength {
            guard let mac = MACAddress(String(decoding: utf8[0..<macLength], as: UTF8.self)) else { continue }
            let rest = utf8[macLength...]
            if rest.isEmpty {
                self.mac = mac
                self.ssid = nil
                return
            }
            if rest.first == UInt8(ascii: ":") {
                self.mac = mac
                let ssid = rest.dropFirst()
                self.ssid = ssid.isEmpty ? nil : String(decoding: ssid, as: UTF8.self)
                return
            }
        }
        mac = nil
        ssid = nil
    }

    /// RFC 3580 text for `mac` and optional `ssid`.
    public init(mac: MACAddress, ssid: String?) {
        self.mac = mac
        self.ssid = ssid
        self.raw = ssid.map { "\(mac):\($0)" } ?? mac.description
    }
}
