import Foundation
import GRDB

/// How every service opens the shared SQLite file (`database_path`): WAL (GRDB's DatabasePool), the
/// chosen durability, and a busy wait (``SQLiteBusyWait``), since other services write the same file
/// and their transactions are waited for rather than failed. Creates the directory if needed.
public enum SharedDatabaseFile {
    public static func openPool(path: String, synchronous: SessionStoreSynchronous) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .callback { tries in
            guard let pause = SQLiteBusyWait.pause(afterTries: tries) else { return false }
            usleep(pause)
            return true
        }
        let pragma = synchronous == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(pragma)")
            // New files only (a WAL file keeps the size it was made with): most writes change one
            // index entry or one session row per page, and every dirty page crosses the WAL whole
            // (copied, checksummed, checkpointed). 2 KiB pages cut the accounting write's CPU by
            // ≈ 15 % against 4 KiB; 1 KiB ones cost more in deeper trees (docs/performance.md).
            try db.execute(sql: "PRAGMA page_size = 2048")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// Opens the pool and applies `migrator` with every other process kept out: the services start
    /// together, and on a new file two openers race on switching it to WAL ("database is locked") and
    /// on GRDB's migrator, which reads which migrations ran before applying the rest (two processes
    /// could both create the same table). An advisory lock on a sidecar file
    /// (`<database>.migrations.lock`, released by the kernel if the process dies) serialises them.
    public static func open(path: String, synchronous: SessionStoreSynchronous, migrator: DatabaseMigrator) throws
        -> DatabasePool
    {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try withMigrationLock(path: path) {
            let pool = try openPool(path: path, synchronous: synchronous)
            try migrator.migrate(pool)
            return pool
        }
    }

    /// Applies `migrator` to a pool already open on `path`, under the same lock (a second set of
    /// tables sharing another store's connections).
    public static func migrate(_ pool: DatabasePool, path: String, migrator: DatabaseMigrator) throws {
        try withMigrationLock(path: path) { try migrator.migrate(pool) }
    }

    private static func withMigrationLock<T>(path: String, _ body: () throws -> T) throws -> T {
        let lockPath = path + ".migrations.lock"
        let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw MigrationLockError(path: lockPath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw MigrationLockError(path: lockPath, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

/// The migration lock could not be taken.
public struct MigrationLockError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot lock \(path): \(reason)" }
}

/// SQLite durability of the shared store (`database_synchronous`).
public enum SessionStoreSynchronous: String, Sendable {
    /// WAL with synchronous NORMAL: survives a process crash, may lose the last commits on power loss.
    case normal
    /// synchronous FULL: every commit is on disk before it returns.
    case full
}

/// The subscriber sessions and accounting records in one SQLite file (`database_url: sqlite:PATH`,
/// WAL): the embedded engine, for the services of one node.
///
/// radius-frontend writes (sessions at Accept, accounting before it answers the AP); aaa-core reads
/// and updates the registration state; charging-agent reads usage. Every process opens its own
/// pool (one per process: other tables of the process share it); SQLite serialises writers and
/// ``SQLiteBusyWait`` makes them wait rather than fail.
/// GRDB runs writes on its own serial queue, never on a NIO event loop.
public final class SQLiteSessionStore: SessionStore {
    /// Other tables of the same process use these connections too (the frontend's AP registry):
    /// a second pool's writer would contend for the file's write lock with the session writer.
    package let pool: DatabasePool
    public let nodeID: String
    /// The file.
    public let path: String

    /// Opens (creating if needed) the database and applies the migrations.
    public init(path: String, synchronous: SessionStoreSynchronous = .normal, nodeID: String = "")
        throws(SessionStoreError)
    {
        self.nodeID = nodeID
        self.path = path
        do {
            pool = try SharedDatabaseFile.open(path: path, synchronous: synchronous, migrator: Self.migrator)
        } catch {
            throw .database(String(describing: error))
        }
    }

    public var blockingCommit: (@Sendable ([SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult])? {
        { [self] (writes: [SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult] in try commitNow(writes) }
    }

    public var displayLocation: String { "sqlite:" + path }

    /// A local file: there is no connection to lose.
    public var availability: SessionStoreAvailability { .available }

    /// Opened and migrated by `init`.
    public func waitUntilReady(timeout: Duration) async -> Bool { true }

    /// GRDB closes the pool when the last reference goes.
    public func close() async {}

    /// Identifiers are prefixed: the file's `grdb_migrations` is shared by every service.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("sessions/1-sessions-and-accounting") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    session_class TEXT NOT NULL UNIQUE,
                    imsi TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    calling_station_id TEXT,
                    called_station_id TEXT,
                    nas_ip TEXT,
                    nas_identifier TEXT,
                    client_ip TEXT NOT NULL,
                    frontend_id TEXT NOT NULL,
                    serving_hss TEXT,
                    registration TEXT NOT NULL,
                    registration_attempts INTEGER NOT NULL DEFAULT 0,
                    accepted_at DATETIME NOT NULL,
                    acct_session_id TEXT,
                    framed_ip TEXT,
                    started_at DATETIME,
                    updated_at DATETIME,
                    ended_at DATETIME,
                    end_cause TEXT,
                    session_time INTEGER NOT NULL DEFAULT 0,
                    input_octets INTEGER NOT NULL DEFAULT 0,
                    output_octets INTEGER NOT NULL DEFAULT 0,
                    input_packets INTEGER NOT NULL DEFAULT 0,
                    output_packets INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX sessions_live_by_imsi ON sessions(imsi) WHERE ended_at IS NULL;
                -- Also serves Accounting-On/Off, which look sessions up by client_ip.
                CREATE INDEX sessions_by_acct_session ON sessions(client_ip, acct_session_id);
                CREATE INDEX sessions_registration_due ON sessions(id)
                    WHERE registration = 'registered' AND ended_at IS NOT NULL;
                CREATE TABLE accounting_records (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(accountingRecordColumns)
                    fingerprint BLOB NOT NULL UNIQUE
                );
                CREATE INDEX accounting_records_by_session ON accounting_records(session_id);
                """)
        }
        migrator.registerMigration("charging/1-charging-sessions") { db in
            try db.execute(sql: ChargingRecord.schema)
        }
        // Issue #11: rows name the node that accepted them (one node per file here, but the
        // operator surface shows the column on both engines).
        migrator.registerMigration("sessions/2-node-id") { db in
            try db.execute(sql: "ALTER TABLE sessions ADD COLUMN node_id TEXT NOT NULL DEFAULT ''")
        }
        // Issue #10: a record's duplicate key is (session, fingerprint), which the per-session index
        // already was, instead of a UNIQUE index of its own. Fingerprints are hashes, so that index
        // put every record on a random page: one more page per record through the WAL, its checksum
        // and the checkpoint. Unmatched records (Accounting-On/Off, no session) keep a fingerprint
        // index of their own. The column constraint cannot be dropped in place: the table is rebuilt
        // with its ids and its AUTOINCREMENT sequence (consumers follow records by id).
        migrator.registerMigration("accounting/2-duplicates-per-session") { db in
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'accounting_records'")
            try db.execute(sql: """
                CREATE TABLE accounting_records_rebuilt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(accountingRecordColumns)
                    fingerprint BLOB NOT NULL
                );
                INSERT INTO accounting_records_rebuilt SELECT * FROM accounting_records;
                DROP TABLE accounting_records;
                ALTER TABLE accounting_records_rebuilt RENAME TO accounting_records;
                CREATE UNIQUE INDEX accounting_records_by_session ON accounting_records(session_id, fingerprint);
                CREATE UNIQUE INDEX accounting_records_unmatched ON accounting_records(fingerprint) WHERE session_id IS NULL;
                """)
            if let sequence {
                try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name IN ('accounting_records', 'accounting_records_rebuilt')")
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('accounting_records', ?)", arguments: [sequence])
            }
        }
        return migrator
    }

    /// The accounting record's columns between its id and its fingerprint (the first schema and
    /// its rebuild share them).
    static let accountingRecordColumns = """
        received_at DATETIME NOT NULL,
        frontend_id TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        session_id INTEGER REFERENCES sessions(id),
        status_type INTEGER NOT NULL,
        acct_session_id TEXT,
        session_class TEXT,
        user_name TEXT,
        nas_ip TEXT,
        nas_identifier TEXT,
        calling_station_id TEXT,
        called_station_id TEXT,
        framed_ip TEXT,
        session_time INTEGER,
        input_octets INTEGER,
        output_octets INTEGER,
        input_packets INTEGER,
        output_packets INTEGER,
        terminate_cause INTEGER,
        delay_time INTEGER,
        event_timestamp INTEGER,
        """

    /// The journal mode in force (tests check WAL).
    public func journalMode() async throws(SessionStoreError) -> String {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SessionStoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw .database(String(describing: error))
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SessionStoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw .database(String(describing: error))
        }
    }
}
