import NIOCore

extension ClientEndpoint {
    /// The 4 or 16 octets of an IP address written as text; nil when it is not one.
    static func addressBytes(_ text: String) -> [UInt8]? {
        guard let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        return ClientEndpoint(socketAddress: address)?.address
    }
}
