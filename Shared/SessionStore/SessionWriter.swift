import Dispatch
import Foundation
import Synchronization

/// Group commit in front of the store: writes submitted while a transaction is committing go
/// together in the next one, so throughput grows with load while a lone write still commits at once
/// (no timer). Each caller resumes only after its write is durable: the frontend answers the AP
/// after that (design.md: nothing acknowledged is ever lost).
///
/// On SQLite one dedicated thread runs the transactions with GRDB's synchronous API: an
/// Access-Accept waits on this path, and every hop between executors (actor, dispatch queue,
/// cooperative pool) showed in profiles as scheduling cost. On PostgreSQL one task awaits each
/// batch's statement. Callers never block: they pass a completion or suspend on a continuation.
///
/// A batch's completions run together in one job handed to `deliver` (the frontend passes its
/// event loop): one thread hand-off per transaction instead of one per write.
///
/// A batch that fails on a statement error (not an outage) is retried write by write, so one bad
/// write cannot fail the others queued with it.
public final class SessionWriter: Sendable {
    /// Called once with what the write did.
    public typealias Completion = @Sendable (Result<SessionWriteResult, SessionStoreError>) -> Void

    private struct State: ~Copyable {
        var pending: [(write: SessionWrite, completion: Completion)] = []
        var closed = false
        var transactions = 0
        var firstQueuedAt: UInt64 = 0
    }

    /// Shared with the thread, which must not keep the writer itself alive.
    private final class Core: Sendable {
        let store: any SessionStore
        let window: GroupCommitWindow
        let deliver: @Sendable (@escaping @Sendable () -> Void) -> Void
        let state = Mutex(State())
        /// The thread's wake-up (SQLite), or the task's (PostgreSQL).
        let wakeUp = DispatchSemaphore(value: 0)
        let wakeUpTask: AsyncStream<Void>.Continuation
        let wakeUps: AsyncStream<Void>

        init(store: any SessionStore, maximumBatch: Int, commitDelay: Duration,
             deliver: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
            self.store = store
            window = GroupCommitWindow(delayNanoseconds: UInt64(max(0, commitDelay / .nanoseconds(1))),
                                       maximumBatch: maximumBatch)
            self.deliver = deliver
            (wakeUps, wakeUpTask) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        }

        func signal() {
            if store.blockingCommit != nil { wakeUp.signal() } else { wakeUpTask.yield() }
        }

        /// The next batch, nil once closed and drained, empty when nothing waits.
        func take() -> [(write: SessionWrite, completion: Completion)]? {
            state.withLock { state in
                let batch = Array(state.pending.prefix(window.maximumBatch))
                state.pending.removeFirst(batch.count)
                return batch.isEmpty && state.closed ? nil : batch
            }
        }

        func runThread(_ commit: @Sendable ([SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult]) {
            var lastCommitEnd: UInt64 = 0
            var lastBatchSize = 0
            while true {
                wakeUp.wait()
                while true {
                    let (firstQueuedAt, pending) = state.withLock { ($0.firstQueuedAt, $0.pending.count) }
                    let wait = window.wait(now: DispatchTime.now().uptimeNanoseconds, lastCommitEnd: lastCommitEnd,
                                           lastBatchSize: lastBatchSize, firstQueuedAt: firstQueuedAt, pending: pending)
                    if wait > 0 { Thread.sleep(forTimeInterval: Double(wait) / 1e9) }
                    guard let batch = take() else { return }
                    if batch.isEmpty { break }
                    let results = commitSplittingOnError(batch) { writes throws(SessionStoreError) in try commit(writes) }
                    finish(batch, results)
                    lastCommitEnd = DispatchTime.now().uptimeNanoseconds
                    lastBatchSize = batch.count
                }
            }
        }

        func runTask() async {
            for await _ in wakeUps {
                while true {
                    guard let batch = take() else { return }
                    if batch.isEmpty { break }
                    var results: [Result<SessionWriteResult, SessionStoreError>] = []
                    do throws(SessionStoreError) {
                        results = try await store.commit(batch.map(\.write)).map { .success($0) }
                    } catch where Self.retriesAlone(error, batchSize: batch.count) {
                        for entry in batch {
                            do throws(SessionStoreError) {
                                results.append(.success(try await store.commit([entry.write])[0]))
                            } catch {
                                results.append(.failure(error))
                            }
                        }
                    } catch {
                        results = Array(repeating: .failure(error), count: batch.count)
                    }
                    finish(batch, results)
                }
            }
        }

        private func commitSplittingOnError(
            _ batch: [(write: SessionWrite, completion: Completion)],
            _ commit: ([SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult]
        ) -> [Result<SessionWriteResult, SessionStoreError>] {
            do throws(SessionStoreError) {
                return try commit(batch.map(\.write)).map { .success($0) }
            } catch where Self.retriesAlone(error, batchSize: batch.count) {
                return batch.map { entry -> Result<SessionWriteResult, SessionStoreError> in
                    do throws(SessionStoreError) { return .success(try commit([entry.write])[0]) } catch { return .failure(error) }
                }
            } catch {
                return Array(repeating: .failure(error), count: batch.count)
            }
        }

        /// A batch refused by a statement error (not an outage, where each write alone would wait
        /// for the same timeout) is retried write by write.
        static func retriesAlone(_ error: SessionStoreError, batchSize: Int) -> Bool {
            guard case .database = error else { return false }
            return batchSize > 1
        }

        private func finish(_ batch: [(write: SessionWrite, completion: Completion)],
                            _ results: [Result<SessionWriteResult, SessionStoreError>]) {
            state.withLock { $0.transactions += 1 }
            let completions = zip(batch, results).map { (entry, result) in (entry.completion, result) }
            deliver {
                for (completion, result) in completions { completion(result) }
            }
        }
    }

    private let core: Core

    /// - Parameters:
    ///   - commitDelay: how long a write may wait for others while writes arrive back to back
    ///     (``GroupCommitWindow``; SQLite's thread only).
    ///   - deliver: runs each batch's completions (default: on the writer's own thread).
    public init(store: any SessionStore, maximumBatch: Int = 512, commitDelay: Duration = .zero,
                deliver: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { $0() }) {
        core = Core(store: store, maximumBatch: max(1, maximumBatch), commitDelay: commitDelay, deliver: deliver)
        let core = self.core
        if let commit = store.blockingCommit {
            let thread = Thread { core.runThread(commit) }
            thread.name = "session-writer"
            thread.start()
        } else {
            Task { await core.runTask() }
        }
    }

    deinit {
        core.state.withLock { $0.closed = true }
        core.signal()
        core.wakeUpTask.finish()
    }

    /// Transactions committed so far (tests, metrics).
    public var transactions: Int { core.state.withLock { $0.transactions } }

    /// Commits `write` (with whatever else is waiting) and returns what it did.
    public func submit(_ write: SessionWrite) async throws(SessionStoreError) -> SessionWriteResult {
        let result = await withCheckedContinuation { continuation in
            submit(write) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Commits `write` (with whatever else is waiting); `completion` gets what it did, through
    /// `deliver`, once the transaction is over.
    public func submit(_ write: SessionWrite, completion: @escaping Completion) {
        let core = self.core
        let queued = core.state.withLock { state -> Bool? in
            guard !state.closed else { return nil }
            state.pending.append((write, completion))
            if state.pending.count == 1 { state.firstQueuedAt = DispatchTime.now().uptimeNanoseconds }
            // One signal per batch is enough: the thread drains everything queued before it sleeps.
            return state.pending.count == 1
        }
        switch queued {
        case nil: completion(.failure(.closed))
        case true?: core.signal()
        case false?: break
        }
    }
}
