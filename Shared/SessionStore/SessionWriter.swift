import Dispatch
import Foundation
import Synchronization

/// Group commit in front of the store: writes submitted while a transaction is committing go
/// together in the next one, so throughput grows with load while a lone write still commits at once
/// (no timer). Each caller resumes only after its write is durable: the frontend answers the AP
/// after that (design.md: nothing acknowledged is ever lost).
///
/// One dedicated thread runs the transactions with GRDB's synchronous API: an Access-Accept waits
/// on this path, and every hop between executors (actor, dispatch queue, cooperative pool) showed
/// in profiles as scheduling cost. Callers never block: they suspend on a continuation.
public final class SessionWriter: Sendable {
    private typealias Waiter = CheckedContinuation<Result<SessionWriteResult, SessionStoreError>, Never>

    private struct State: ~Copyable {
        var pending: [(write: SessionWrite, waiter: Waiter)] = []
        var closed = false
        var transactions = 0
    }

    /// Shared with the thread, which must not keep the writer itself alive.
    private final class Core: Sendable {
        let store: SessionStore
        let maximumBatch: Int
        let state = Mutex(State())
        let wakeUp = DispatchSemaphore(value: 0)

        init(store: SessionStore, maximumBatch: Int) {
            self.store = store
            self.maximumBatch = maximumBatch
        }

        func run() {
            while true {
                wakeUp.wait()
                while true {
                    let (batch, closed) = state.withLock { state in
                        let batch = Array(state.pending.prefix(maximumBatch))
                        state.pending.removeFirst(batch.count)
                        return (batch, state.closed)
                    }
                    if batch.isEmpty {
                        if closed { return }
                        break
                    }
                    do {
                        let results = try store.commitNow(batch.map(\.write))
                        state.withLock { $0.transactions += 1 }
                        for (entry, result) in zip(batch, results) { entry.waiter.resume(returning: .success(result)) }
                    } catch {
                        for entry in batch { entry.waiter.resume(returning: .failure(error)) }
                    }
                }
            }
        }
    }

    private let core: Core

    public init(store: SessionStore, maximumBatch: Int = 512) {
        core = Core(store: store, maximumBatch: max(1, maximumBatch))
        let core = self.core
        let thread = Thread { core.run() }
        thread.name = "session-writer"
        thread.start()
    }

    deinit {
        core.state.withLock { $0.closed = true }
        core.wakeUp.signal()
    }

    /// Transactions committed so far (tests, metrics).
    public var transactions: Int { core.state.withLock { $0.transactions } }

    /// Commits `write` (with whatever else is waiting) and returns what it did.
    public func submit(_ write: SessionWrite) async throws(SessionStoreError) -> SessionWriteResult {
        let core = self.core
        let result = await withCheckedContinuation { (waiter: Waiter) in
            let queued = core.state.withLock { state -> Bool? in
                guard !state.closed else { return nil }
                state.pending.append((write, waiter))
                // One signal per batch is enough: the thread drains everything queued before it sleeps.
                return state.pending.count == 1
            }
            switch queued {
            case nil: waiter.resume(returning: .failure(.closed))
            case true?: core.wakeUp.signal()
            case false?: break
            }
        }
        return try result.get()
    }
}
