#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading the configuration file with the operating system's own error texts.
enum ConfigurationFile {
    static func contents(atPath path: String) throws(ConfigurationError) -> String {
        guard !path.isEmpty, path.utf8.count <= 4096, !path.utf8.contains(0) else {
            throw .unreadableFile(path: path, reason: "not a valid path")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadableFile(path: path, reason: systemReason(errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: systemReason(errno))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= YAMLDocument.maximumBytes else {
                throw .unreadableFile(path: path, reason: "larger than \(YAMLDocument.maximumBytes) bytes")
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces invalid sequences, so a changed byte stream means invalid UTF-8.
        guard text.utf8.elementsEqual(bytes) else { throw .unreadableFile(path: path, reason: "not UTF-8 text") }
        return text
    }

    static func systemReason(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}
