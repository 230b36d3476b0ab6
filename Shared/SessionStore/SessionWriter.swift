/// Group commit in front of ``SessionStore/commit(_:)``: writes submitted while a transaction is
/// committing go together in the next one, so throughput grows with load while a lone write still
/// commits at once (no timer). Each caller resumes only after its write is durable: the frontend
/// answers the AP after that (design.md: nothing acknowledged is ever lost).
public actor SessionWriter {
    private typealias Waiter = CheckedContinuation<Result<SessionWriteResult, SessionStoreError>, Never>

    private let store: SessionStore
    private let maximumBatch: Int
    private var pending: [(write: SessionWrite, waiter: Waiter)] = []
    private var committing = false
    /// Transactions committed so far (tests, metrics).
    public private(set) var transactions = 0

    public init(store: SessionStore, maximumBatch: Int = 512) {
        self.store = store
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Commits `write` (with whatever else is waiting) and returns what it did.
    public func submit(_ write: SessionWrite) async throws(SessionStoreError) -> SessionWriteResult {
        let result = await withCheckedContinuation { (waiter: Waiter) in
            pending.append((write, waiter))
            if !committing {
                committing = true
                Task { await self.drain() }
            }
        }
        return try result.get()
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                let results = try await store.commit(batch.map(\.write))
                transactions += 1
                for (entry, result) in zip(batch, results) { entry.waiter.resume(returning: .success(result)) }
            } catch {
                for entry in batch { entry.waiter.resume(returning: .failure(error)) }
            }
        }
        committing = false
    }
}
