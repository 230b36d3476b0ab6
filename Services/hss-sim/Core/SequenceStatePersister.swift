import Dispatch
import Synchronization

/// Writes SQN state snapshots on its own serial queue (fsync is slow and must never run on an event
/// loop or a cooperative-pool thread). Snapshots carry a generation: when several are queued, the
/// newest is written once and the older ones complete without another write.
public final class SequenceStatePersister: Sendable {
    public let file: SequenceStateFile
    private let queue = DispatchQueue(label: "hss-sim.sqn-state")
    /// Newest snapshot handed in, and the generation last written to disk.
    private let pending = Mutex<(latest: SequenceState, generation: UInt64, written: UInt64)>(
        (SequenceState(), 0, 0))

    public init(file: SequenceStateFile) {
        self.file = file
    }

    /// Returns once `state` (or a newer snapshot) is on disk.
    public func persist(_ state: SequenceState) async throws(SequenceStateFileError) {
        let generation = pending.withLock { p -> UInt64 in
            p.generation += 1
            p.latest = state
            return p.generation
        }
        let result: Result<Void, SequenceStateFileError> = await withCheckedContinuation { continuation in
            queue.async {
                let (snapshot, newest, written) = self.pending.withLock { ($0.latest, $0.generation, $0.written) }
                guard written < generation else {
                    continuation.resume(returning: .success(()))
                    return
                }
                let outcome = Result { () throws(SequenceStateFileError) in try self.file.save(snapshot) }
                if case .success = outcome {
                    self.pending.withLock { $0.written = max($0.written, newest) }
                }
                continuation.resume(returning: outcome)
            }
        }
        try result.get()
    }
}
