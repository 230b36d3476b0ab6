import Foundation
import Synchronization

/// Ports for a test's child processes to bind.
///
/// Picked below the kernel's ephemeral range (`net.ipv4.ip_local_port_range`): a port the kernel
/// handed out and took back (bind to 0, close) can go to any socket's automatic port — an outgoing
/// Diameter connection, a phone's UDP socket — before the child binds it, and the child then fails
/// to start with "address in use". Outside that range only explicit binds compete, and each port is
/// handed out once per test run.
public enum FreePort {
    public static func udp() -> Int { find(type: Int32(SOCK_DGRAM.rawValue)) }
    public static func tcp() -> Int { find(type: Int32(SOCK_STREAM.rawValue)) }

    private static let handedOut = Mutex<Set<Int>>([])

    /// The first port of the kernel's automatic range (32768 when unreadable: Linux's default).
    public static let ephemeralStart: Int = {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
              let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first,
              let port = Int(first)
        else { return 32768 }
        return port
    }()

    private static func find(type: Int32) -> Int {
        let candidates = 20000..<max(20001, ephemeralStart)
        for _ in 0..<1000 {
            let port = Int.random(in: candidates)
            let fresh = handedOut.withLock { $0.insert(port).inserted }
            if fresh, isBindable(port, type: type) { return port }
        }
        // A squeezed or odd port range: the kernel's own choice, as before.
        return kernelChoice(type: type)
    }

    private static func isBindable(_ port: Int, type: Int32) -> Bool {
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func kernelChoice(type: Int32) -> Int {
        let fd = socket(AF_INET, type, 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: bound.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
