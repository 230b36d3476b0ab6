import Foundation
import Milenage
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// SQN_HE on disk as a snapshot (`SequenceStateFile`) plus an append-only journal
/// (`<state>.journal`): each change is one `write(2)` of `IMSI SQN\n` before the answer carrying
/// the vector leaves, so a killed simulator (kill -9) never re-issues an SQN, at the cost of a
/// system call instead of rewriting and fsyncing the whole file per MAR. Like a production HSS's
/// write-ahead log, power-loss durability of the tail is left to the kernel's writeback.
///
/// The journal starts with `hss-sim-sqn-journal <generation>`; the snapshot names the generation
/// that continues it, so a journal left over from before a compaction is never replayed over a newer
/// snapshot. Compaction (at start and every `compactEvery` changes): snapshot with generation N+1
/// written atomically first, then the new empty journal N+1 renamed over the old one; a crash in
/// between leaves a complete snapshot and a journal it ignores.
public final class SequenceStatePersister: Sendable {
    public let file: SequenceStateFile
    public let compactEvery: Int
    private let journal = Mutex<(fd: Int32, generation: UInt64, entries: Int)>((-1, 0, 0))

    public var journalPath: String { file.path + ".journal" }
    static let header = "hss-sim-sqn-journal"

    public init(file: SequenceStateFile, compactEvery: Int = 50_000) {
        self.file = file
        self.compactEvery = max(1, compactEvery)
    }

    deinit {
        journal.withLock { if $0.fd >= 0 { close($0.fd) } }
    }

    /// The stored state (snapshot + its journal), read only.
    public func stored() throws(SequenceStateFileError) -> SequenceState {
        var (state, generation) = try file.loadSnapshot()
        try replay(into: &state, generation: generation)
        return state
    }

    /// The stored state, then compacted into a fresh generation this persister appends to.
    public func open() throws(SequenceStateFileError) -> SequenceState {
        let (snapshot, generation) = try file.loadSnapshot()
        var state = snapshot
        try replay(into: &state, generation: generation)
        try journal.withLock { (j) throws(SequenceStateFileError) in
            try compact(state, after: max(generation, j.generation), into: &j)
        }
        return state
    }

    /// Records one change; `state` (the whole state after it) is read only to compact.
    public func record(imsi: String, sqn: SequenceNumber, state: @autoclosure () -> SequenceState)
        throws(SequenceStateFileError)
    {
        try journal.withLock { (j) throws(SequenceStateFileError) in
            guard j.fd >= 0 else { throw .writeFailed(path: journalPath, step: "append", reason: "journal not open") }
            try append(Array("\(imsi) \(sqn.value)\n".utf8), to: j.fd)
            j.entries += 1
            if j.entries >= compactEvery { try compact(state(), after: j.generation, into: &j) }
        }
    }

    /// Applies the journal of `generation` (a torn last line, from a crash mid-write, is ignored).
    func replay(into state: inout SequenceState, generation: UInt64) throws(SequenceStateFileError) {
        guard generation > 0, let data = FileManager.default.contents(atPath: journalPath) else { return }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n") { lines.removeLast() }  // torn (or empty) tail
        guard let first = lines.first, first == "\(Self.header) \(generation)" else { return }  // an older journal
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: " ")
            guard fields.count == 2, fields[0].allSatisfy(\.isNumber), let raw = UInt64(fields[1]), let sqn = SequenceNumber(raw) else {
                throw .corrupt(path: journalPath, reason: "unreadable line \"\(line.prefix(40))\"")
            }
            state[String(fields[0])] = sqn
        }
    }

    /// Snapshot generation N+1, then a fresh journal N+1 in place of the old one.
    private func compact(_ state: SequenceState, after generation: UInt64,
                         into j: inout (fd: Int32, generation: UInt64, entries: Int)) throws(SequenceStateFileError) {
        let next = generation + 1
        try file.save(state, journal: next)
        let temporary = journalPath + ".tmp.\(getpid())"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("open journal") }
        do throws(SequenceStateFileError) {
            try append(Array("\(Self.header) \(next)\n".utf8), to: fd)
            guard rename(temporary, journalPath) == 0 else { throw failure("rename journal") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if j.fd >= 0 { close(j.fd) }
        j = (fd, next, 0)
    }

    private func append(_ bytes: [UInt8], to fd: Int32) throws(SequenceStateFileError) {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("append")
            }
            written += n
        }
    }

    private func failure(_ step: String) -> SequenceStateFileError {
        .writeFailed(path: journalPath, step: step, reason: String(cString: strerror(errno)))
    }
}
