import Foundation

/// Minimal HTTP/1.0 GET and POST over a blocking socket to 127.0.0.1 (metrics scrapes in tests; Linux
/// Foundation has no HTTP client without FoundationNetworking).
public enum HTTPProbe {
    public struct Failure: Error {}

    /// The body and status code, or throws when nothing listens.
    public static func get(port: Int, path: String) throws -> (body: String, status: Int) {
        try request("GET", port: port, path: path)
    }

    /// A bodiless POST (lab control APIs take their parameters in the query).
    public static func post(port: Int, path: String) throws -> (body: String, status: Int) {
        try request("POST", port: port, path: path)
    }

    static func request(_ method: String, port: Int, path: String) throws -> (body: String, status: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure() }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw Failure() }
        let request = "\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            data += buf[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (body, status)
    }
}
