/// How a connection waits when another connection holds the shared file's write lock (every
/// service, and every frontend instance, has its own connection to the file).
///
/// SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20 ms... between tries: a writer kept out by
/// a transaction of a few hundred microseconds slept 1–3 ms, and 8–18 ms after a longer one. At
/// 25,000 accounting requests/s that sleep held every answer of the batch behind it: the
/// once-a-second access-point write was most of the accounting p99 above 10 ms
/// (docs/performance.md). Polls here are short while the holder is likely to finish soon, then
/// one per millisecond until about the same five seconds.
public enum SQLiteBusyWait {
    /// Tries at ``shortPollMicroseconds`` before the long polls (2 ms of short polls).
    static let shortPolls = 20
    static let shortPollMicroseconds: UInt32 = 100
    static let longPollMicroseconds: UInt32 = 1_000
    /// The wait's budget, as the former `busy_timeout` of 5 s.
    static let budgetMicroseconds = 5_000_000

    /// Microseconds to sleep after `tries` failed tries (SQLite counts from 0), or nil to give up
    /// with SQLITE_BUSY.
    public static func pause(afterTries tries: Int) -> UInt32? {
        if tries < shortPolls { return shortPollMicroseconds }
        let waited = shortPolls * Int(shortPollMicroseconds) + (tries - shortPolls) * Int(longPollMicroseconds)
        return waited < budgetMicroseconds ? longPollMicroseconds : nil
    }
}
