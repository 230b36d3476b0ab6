/// When the checkpointer thread syncs the database file: once every ``everyPages`` pages it has
/// copied there, counted from the checkpoint's own report of the frames copied so far.
///
/// SQLite syncs the database file only when a checkpoint copies the whole WAL, which beside a busy
/// writer only the writer's own checkpoint at the WAL ceiling does: it then flushed every page copied
/// since the last restart (12–22 ms of held answers). Syncing after every round instead (≈ 30 a
/// second at 25,000 accounting requests/s) kept the disk flushing, and commits of a few records
/// stalled for 5–10 ms beside it. One sync per 32 MiB copied bounds what the ceiling's checkpoint
/// flushes at a few syncs a second (docs/performance.md, session 19).
struct WALSyncPacer: Sendable {
    /// 32 MiB of the file's pages.
    static func pages(pageSize: Int) -> Int32 {
        Int32(clamping: max(1, (32 << 20) / max(512, pageSize)))
    }

    let everyPages: Int32
    /// Frames of the current WAL copied when the file was last synced.
    private(set) var syncedThrough: Int32 = 0

    init(everyPages: Int32) {
        self.everyPages = max(1, everyPages)
    }

    /// After a checkpoint that has copied `frames` of the WAL: whether to sync the file now.
    mutating func copied(through frames: Int32) -> Bool {
        // Fewer than last time: the WAL started over, after a checkpoint that synced everything.
        if frames < syncedThrough { syncedThrough = 0 }
        guard frames - syncedThrough >= everyPages else { return false }
        syncedThrough = frames
        return true
    }
}
