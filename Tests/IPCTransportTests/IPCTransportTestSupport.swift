import Foundation
import IPC
import Logging
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A short-lived directory for socket files (Unix socket paths must stay under ~100 bytes).
struct TemporarySocketDirectory {
    let path: String

    init() throws {
        let template = "/tmp/ipct-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    func socket(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Polls `condition` until it holds or `timeout` passes: tests assert on conditions with deadlines,
/// never on a fixed sleep.
func eventually(timeout: Duration = .seconds(5), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

extension LogStore {
    /// The lines whose message contains `text`, each with its metadata rendered `key=value`, sorted.
    func lines(containing text: String) -> [String] {
        records.filter { $0.message.contains(text) }.map { record in
            let metadata = record.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(record.message) \(metadata)"
        }
    }
}

/// A plain blocking Unix socket, to play a broken or hostile peer the real client never would.
final class RawUnixSocket {
    private let fd: Int32

    init(path: String) throws {
        #if canImport(Darwin)
        fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            _ = close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { _ = close(fd) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Reads one whole frame; nil on EOF, error or the 5 s receive timeout.
    func readFrame() -> IPCFrame? {
        guard let prefix = readExactly(4),
            let size = try? IPCFrame.frameSize(atStartOf: prefix[...]),
            let rest = readExactly(size - 4)
        else { return nil }
        return try? IPCFrame(decoding: prefix + rest)
    }

    /// True when the peer closed the connection (read returns 0 or reset) within the receive timeout.
    func waitForEOF() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: count)
        while out.count < count {
            let want = count - out.count
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            guard n > 0 else { return nil }
            out += buffer[0..<n]
        }
        return out
    }
}

/// A socket file left behind by a crashed server: bound, then closed without unlinking.
func makeStaleSocketFile(at path: String) throws {
    #if canImport(Darwin)
    let fd = socket(AF_UNIX, SOCK_STREAM, 0)
    #else
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #endif
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { _ = close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard rc == 0 else { throw POSIXError(.EADDRINUSE) }
}

func helloFrame(service: String = "radius-frontend", instance: String = "raw-1", correlationID: UInt64 = 1) -> IPCFrame {
    IPCFrame(
        type: .hello, correlationID: correlationID,
        fields: [
            IPCField(.serviceName, string: service), IPCField(.instanceID, string: instance),
            IPCField(.protocolVersion, uint32: 1),
        ])
}
