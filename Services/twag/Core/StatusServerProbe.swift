import Foundation
import RADIUS

/// Asks a RADIUS server whether it is up with Status-Server (RFC 5997): the health check an AP
/// or controller would use. Blocking, with a short timeout: for the lab supervisor and tests.
public enum StatusServerProbe {
    public static func isAlive(host: String = "127.0.0.1", port: Int, secret: String, timeout: TimeInterval = 0.5) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr(host)
        let request = RADIUSPacket(code: .statusServer, identifier: UInt8.random(in: 0...255), authenticator: RADIUSPacket.randomAuthenticator())
        guard let bytes = try? request.encodeRequest(secret: Array(secret.utf8)) else { return false }
        let sent = withUnsafePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == bytes.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n >= 20 else { return false }
        let reply = Array(buffer[0..<n])
        return (try? RADIUSPacket.verifyResponse(
            reply, secret: Array(secret.utf8), requestAuthenticator: request.authenticator,
            requireMessageAuthenticator: true)) != nil
    }
}
