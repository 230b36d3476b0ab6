#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system side of a listening Unix socket: stale-file removal, permissions, and knowing
/// whether the file at the path is still the one we bound (so shutdown never unlinks a successor's).
enum UnixSocketFile {
    struct Identity: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// Removes a socket file nobody accepts on (a previous run that crashed). A live socket or a
    /// non-socket file is left alone and reported, so a second instance cannot hijack the first.
    static func removeStale(at path: String) throws(IPCServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let e = errno
            if e == ENOENT { return }
            throw .socketFileError(path: path, operation: "lstat", errno: e)
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .pathIsNotASocket(path: path) }
        if isAccepting(path: path) { throw .socketInUse(path: path) }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw .socketFileError(path: path, operation: "unlink", errno: errno)
        }
    }

    static func setPermissions(_ mode: mode_t, at path: String) throws(IPCServerError) {
        guard chmod(path, mode) == 0 else { throw .socketFileError(path: path, operation: "chmod", errno: errno) }
    }

    static func identity(at path: String) -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Unlinks the socket only if it is still the file we created.
    static func remove(at path: String, ifIdentity expected: Identity) {
        guard identity(at: path) == expected else { return }
        _ = unlink(path)
    }

    /// A non-blocking connect: success or a full backlog (EAGAIN) means a live listener;
    /// ECONNREFUSED means a stale file. Unix-socket connects never wait on the network.
    static func isAccepting(path: String) -> Bool {
        #if canImport(Darwin)
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { return false }
        defer { _ = close(fd) }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result == 0 { return true }
        let e = errno
        return e == EAGAIN || e == EWOULDBLOCK || e == EINPROGRESS
    }
}
