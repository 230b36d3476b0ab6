import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SCTP client connections: the kernel socket is created and connected here, then adopted by NIO
/// (`ClientBootstrap.withConnectedSocket`), since NIO has no SCTP bootstrap. One stream, like TCP.
enum DiameterSCTP {
    static let ipprotoSCTP: CInt = 132
    #if canImport(Darwin)
    static let streamType = SOCK_STREAM
    #else
    static let streamType = Int32(SOCK_STREAM.rawValue)
    #endif

    /// Fails with the operator-facing message where the kernel lacks SCTP (no module, container).
    static func checkSupport() throws(DiameterNodeError) {
        let fd = socket(AF_INET, streamType, ipprotoSCTP)
        guard fd >= 0 else { throw unsupported(errno) }
        close(fd)
    }

    static func unsupported(_ code: CInt) -> DiameterNodeError {
        .sctpUnsupported("SCTP is not supported by this kernel (socket: \(String(cString: strerror(code)))); use transport: tcp")
    }

    enum ConnectError: Error, CustomStringConvertible {
        case unsupported(String)
        case badAddress(String)
        case connect(String)
        var description: String {
            switch self {
            case .unsupported(let m), .badAddress(let m), .connect(let m): return m
            }
        }
    }

    /// Blocking: run it on a thread pool, never on an event loop.
    static func connectedSocket(address: String, port: Int, timeoutSeconds: Int) throws(ConnectError) -> CInt {
        guard let target = try? SocketAddress(ipAddress: address, port: port) else {
            throw .badAddress("SCTP peer address \(address) is not an IP address")
        }
        let family: CInt = target.protocol == .inet6 ? AF_INET6 : AF_INET
        let fd = socket(family, streamType, ipprotoSCTP)
        guard fd >= 0 else { throw .unsupported(unsupported(errno).description) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc: CInt = target.withSockAddr { ptr, len in connect(fd, ptr, socklen_t(len)) }
        guard rc == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .connect("SCTP connect to \(address):\(port) failed: \(reason)")
        }
        return fd
    }
}
