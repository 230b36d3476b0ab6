import Logging
import PostgresNIO
import PostgresStore
import TestSupport
import XCTest

/// Migrations against a real PostgreSQL server (a private cluster started for this class).
final class PostgresMigratorTests: PostgresClusterTestCase {
    private func connect(database: String) async throws -> PostgresConnection {
        try await Self.connect(url: try cluster.url(database: database), logger: logger)
    }

    private static func connect(url: String, logger: Logger) async throws -> PostgresConnection {
        let location = try PostgresLocation(url: url)
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
    }

    private func names(_ connection: PostgresConnection, _ sql: String) async throws -> [String] {
        var out: [String] = []
        for try await name in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) {
            out.append(name)
        }
        return out.sorted()
    }

    func testSeveralProcessesStartingTogetherApplyEachMigrationOnce() async throws {
        try cluster.createDatabase("together")
        let url = try cluster.url(database: "together")
        let logger = self.logger
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let connection = try await Self.connect(url: url, logger: logger)
                    let applied = try await PostgresMigrator.migrate(connection, logger: logger)
                    try await connection.close()
                    return applied
                }
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        XCTAssertEqual(applied.sorted(), PostgresSchema.migrations.map(\.id).sorted(), "each migration applied by exactly one")
        let connection = try await connect(database: "together")
        let tables = try await names(connection, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
        XCTAssertEqual(tables, ["access_point_clients", "access_points", "accounting_records", "charging_sessions", "sessions",
                                "twag_migrations", "twag_nodes"])
        let nodeColumn = try await names(connection, """
            SELECT column_name::text FROM information_schema.columns WHERE table_name = 'sessions' AND column_name = 'node_id'
            """)
        XCTAssertEqual(nodeColumn, ["node_id"])
        let again = try await PostgresMigrator.migrate(connection, logger: logger)
        XCTAssertEqual(again, [])
        try await connection.close()
    }

    func testAFailingMigrationLeavesNothingBehind() async throws {
        try cluster.createDatabase("failing")
        let connection = try await connect(database: "failing")
        let broken = PostgresSchema.Migration(id: "test/broken", statements: [
            "CREATE TABLE half_done (id INTEGER)", "CREATE TABLE oops (",
        ])
        do {
            try await PostgresMigrator.migrate(connection, migrations: [broken], logger: logger)
            XCTFail("a broken statement must fail the migration")
        } catch {}
        let tables = try await names(connection, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
        XCTAssertEqual(tables, ["twag_migrations"], "the half-done table was rolled back")
        let recorded = try await names(connection, "SELECT id FROM twag_migrations")
        XCTAssertEqual(recorded, [])
        // The advisory lock was released: another connection can migrate at once.
        let other = try await connect(database: "failing")
        let applied = try await PostgresMigrator.migrate(other, logger: logger)
        XCTAssertEqual(applied, PostgresSchema.migrations.map(\.id))
        try await other.close()
        try await connection.close()
    }
}
