import Foundation
import Milenage
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the SQN state file could not be read or written.
public enum SequenceStateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Reading failed for a reason other than the file being absent.
    case unreadable(path: String, reason: String)
    /// The file exists but is not a state file we wrote. Start-up stops rather than reset SQNs.
    case corrupt(path: String, reason: String)
    /// A step of the atomic write (open, write, fsync, rename) failed; `errno` text included.
    case writeFailed(path: String, step: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read SQN state: \(reason)"
        case .corrupt(let path, let reason):
            return "\(path): SQN state file is damaged (\(reason)); fix or remove it (removing it restarts SQNs from the subscriber file)"
        case .writeFailed(let path, let step, let reason): return "\(path): cannot save SQN state (\(step)): \(reason)"
        }
    }
}

/// The JSON snapshot: `{"version": 1, "sqn": {"<imsi>": <SQN_HE as integer>, ...}, "journal": N}`.
///
/// Written atomically (temporary file in the same directory, write, fsync, rename over the old file,
/// fsync of the directory), so a crash leaves either the old or the new snapshot, never a torn file.
/// Changes between snapshots go to the append-only journal of generation `journal`
/// (`SequenceStatePersister`).
public struct SequenceStateFile: Sendable {
    public static let formatVersion = 1
    public let path: String

    public init(path: String) {
        self.path = path
    }

    private struct Document: Codable {
        var version: Int
        var sqn: [String: UInt64]
        /// Generation of the journal that continues this snapshot (absent in files of older versions).
        var journal: UInt64?
    }

    /// The snapshot's state; empty when the file does not exist yet.
    public func load() throws(SequenceStateFileError) -> SequenceState {
        try loadSnapshot().state
    }

    /// The snapshot and the generation of the journal that continues it (0 for none).
    public func loadSnapshot() throws(SequenceStateFileError) -> (state: SequenceState, journal: UInt64) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return (SequenceState(), 0)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw .corrupt(path: path, reason: "not the expected JSON document")
        }
        guard document.version == Self.formatVersion else {
            throw .corrupt(path: path, reason: "format version \(document.version), expected \(Self.formatVersion)")
        }
        var values: [String: SequenceNumber] = [:]
        for (imsi, raw) in document.sqn {
            guard let sqn = SequenceNumber(raw) else {
                throw .corrupt(path: path, reason: "SQN of \(imsi) does not fit in 48 bits")
            }
            values[imsi] = sqn
        }
        return (SequenceState(values: values), document.journal ?? 0)
    }

    /// The bytes `save` writes (sorted keys, so diffs between saves stay readable).
    public func encode(_ state: SequenceState, journal: UInt64? = nil) -> Data {
        let document = Document(version: Self.formatVersion, sqn: state.values.mapValues(\.value), journal: journal)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(document)) ?? Data("{}".utf8)
    }

    /// Atomic replace: temp file, write, fsync, rename, fsync the directory. Blocking: call it
    /// from the persister's own queue, never from an event loop.
    public func save(_ state: SequenceState, journal: UInt64? = nil) throws(SequenceStateFileError) {
        let bytes = [UInt8](encode(state, journal: journal))
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("open temporary file") }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("write")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = failure("fsync")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("rename")
            unlink(temporary)
            throw error
        }
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private func failure(_ step: String) -> SequenceStateFileError {
        .writeFailed(path: path, step: step, reason: String(cString: strerror(errno)))
    }
}
