import Diameter
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DiameterAddress {
    /// Parses IPv4 or IPv6 text ("192.0.2.1", "2001:db8::1") for Host-IP-Address.
    init?(ipText text: String) {
        if let v4 = DiameterAddress(ipv4: text) {
            self = v4
            return
        }
        var storage = in6_addr()
        guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &storage) { Array($0) }
        guard let v6 = DiameterAddress.ipv6(bytes) else { return nil }
        self = v6
    }

    /// The IP of a socket address (nil for Unix sockets).
    init?(socketAddress: SocketAddress?) {
        guard let ip = socketAddress?.ipAddress else { return nil }
        self.init(ipText: ip)
    }
}
