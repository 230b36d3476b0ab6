/// How long the session writer lets a transaction gather more writes before committing it
/// (`database_commit_delay_us`), like PostgreSQL's `commit_delay`: only while writes are arriving
/// faster than transactions commit, so a lone write (an Access-Accept on a quiet gateway) commits
/// at once.
///
/// Under accounting load each SQLite transaction rewrites its shared pages (the records table's
/// last page, the index pages above the leaves) into the WAL whatever its size: at 25,000
/// Interim-Updates/s, transactions of two or three records wrote ≈ 8 KiB of WAL per record and
/// restarted a 512 MiB WAL every 3 s. Half a millisecond of gathering made transactions ≈ 12
/// records, the WAL ≈ 3–4 times smaller and the frontend's CPU per request ≈ 20 % lower
/// (docs/performance.md).
struct GroupCommitWindow: Sendable {
    /// The longest a write waits for others (0: never).
    let delayNanoseconds: UInt64
    /// The most writes one transaction takes.
    let maximumBatch: Int
    /// Writes count as arriving back to back while the last commit ended less than this ago.
    static let busyNanoseconds: UInt64 = 2_000_000

    /// Nanoseconds to wait before taking the next batch.
    /// - Parameters:
    ///   - now: the monotonic clock.
    ///   - lastCommitEnd: when the previous transaction ended (0: none yet).
    ///   - lastBatchSize: how many writes it carried; a single one means no concurrency to gather.
    ///   - firstQueuedAt: when the oldest waiting write was queued.
    ///   - pending: writes waiting.
    func wait(now: UInt64, lastCommitEnd: UInt64, lastBatchSize: Int, firstQueuedAt: UInt64, pending: Int) -> UInt64 {
        guard delayNanoseconds > 0, pending > 0, pending < maximumBatch, lastBatchSize >= 2,
              lastCommitEnd > 0, now &- lastCommitEnd < Self.busyNanoseconds else { return 0 }
        let deadline = firstQueuedAt &+ delayNanoseconds
        return deadline > now ? deadline - now : 0
    }
}
