import Logging
import PostgresNIO

/// Brings a PostgreSQL store to the current schema, once, whichever process of whichever node
/// starts first: every service of every node runs it at start. A session-level advisory lock
/// serialises them (the others wait, then find the migrations applied); each migration and its
/// `twag_migrations` row commit together, so a process killed half-way leaves none of it.
public enum PostgresMigrator {
    /// The advisory lock's key: "twagmigr" as a big-endian integer, unlikely to meet another
    /// application's key in a shared database.
    public static let lockKey: Int64 = 0x7477_6167_6D69_6772

    /// Applies the migrations `connection` has not seen; returns the ids it applied.
    @discardableResult
    public static func migrate(_ connection: PostgresConnection, migrations: [PostgresSchema.Migration] = PostgresSchema.migrations,
                               logger: Logger) async throws -> [String] {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            let applied = try await apply(migrations, on: connection, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            return applied
        } catch {
            // The lock is the session's: closing the connection releases it if the unlock fails too.
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
    }

    private static func apply(_ migrations: [PostgresSchema.Migration], on connection: PostgresConnection,
                              logger: Logger) async throws -> [String] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS twag_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, logger: logger)
        var done = Set<String>()
        for try await id in try await connection.query("SELECT id FROM twag_migrations", logger: logger).decode(String.self) {
            done.insert(id)
        }
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.id) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO twag_migrations (id) VALUES (\(migration.id))", logger: logger)
            }
            logger.notice("Store migration applied", metadata: ["migration": "\(migration.id)"])
            applied.append(migration.id)
        }
        return applied
    }
}
