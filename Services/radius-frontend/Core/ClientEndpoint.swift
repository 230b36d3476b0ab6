import RADIUS
import TWAGConfiguration

/// The UDP source of a request: address (IPv4-mapped IPv6 already unmapped) and port.
///
/// Policy, secrets, duplicate detection and logs all key on this, so an IPv4 AP reaching a
/// dual-stack socket is treated exactly like one reaching the IPv4 socket.
public struct ClientEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public let address: [UInt8]
    public let port: UInt16

    /// Nil unless `address` is 4 or 16 bytes.
    public init?(address: [UInt8], port: UInt16) {
        let unmapped = CIDRSubnet.unmappingIPv4(address)
        guard unmapped.count == 4 || unmapped.count == 16 else { return nil }
        self.address = unmapped
        self.port = port
    }

    /// The address as text (`10.7.15.72`, RFC 5952 for IPv6).
    public var ipText: String {
        if let v4 = IPv4Address(octets: address) { return v4.description }
        guard let host = CIDRSubnet(maskingAddress: address, prefixLength: address.count * 8) else { return "?" }
        let text = host.description
        return text.firstIndex(of: "/").map { String(text[..<$0]) } ?? text
    }

    /// `ip:port`, IPv6 in brackets.
    public var description: String {
        address.count == 4 ? "\(ipText):\(port)" : "[\(ipText)]:\(port)"
    }
}
