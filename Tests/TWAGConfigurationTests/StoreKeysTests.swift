import TWAGConfiguration
import XCTest

/// The shared store's keys (issue #11): `database_url`, `node_id`, `store_required_for_accept`.
final class StoreKeysTests: XCTestCase {
    let base = minimalYAML + "\n"

    func testUnsetURLMeansTheSQLiteFileAtDatabasePath() throws {
        let config = try XCTUnwrap(parsed(base + "database_path: /data/twag.sqlite\n"))
        XCTAssertNil(config.databaseURL)
        XCTAssertEqual(config.effectiveDatabaseURL, "sqlite:/data/twag.sqlite")
        XCTAssertFalse(config.storeRequiredForAccept)
        XCTAssertFalse(config.effectiveNodeID.isEmpty, "the host name stands in for node_id")
    }

    func testPostgresURLIsKeptAndItsPasswordMaskedInTheSummary() throws {
        let config = try XCTUnwrap(parsed(base + """
            database_url: postgres://twag:s3cr3t-pg@db.example.org:5433/twag?sslmode=verify-full
            node_id: twag-a.par1
            store_required_for_accept: true
            database_pool_size: 4
            database_request_timeout_ms: 2000
            node_failover_s: 5

            """))
        XCTAssertEqual(config.effectiveDatabaseURL, "postgres://twag:s3cr3t-pg@db.example.org:5433/twag?sslmode=verify-full")
        XCTAssertEqual(config.effectiveNodeID, "twag-a.par1")
        XCTAssertTrue(config.storeRequiredForAccept)
        XCTAssertEqual(config.databasePoolSize, 4)
        XCTAssertEqual(config.databaseRequestTimeoutMilliseconds, 2000)
        XCTAssertEqual(config.nodeFailoverSeconds, 5)
        let summary = config.redactedSummary()
        XCTAssertFalse(summary.contains("s3cr3t-pg"), summary)
        XCTAssertTrue(summary.contains("postgres://twag:***@db.example.org:5433/twag"), summary)
        XCTAssertNoThrow(try config.validate(), "the rendering round-trips with the URL")
    }

    func testRefusals() {
        XCTAssertThrowsError(try TWAGConfiguration.parse(yaml: base + "database_url: mysql://x@y/z\n"))
        XCTAssertThrowsError(try TWAGConfiguration.parse(yaml: base + "node_id: \"a b\"\n"))
        XCTAssertThrowsError(try TWAGConfiguration.parse(yaml: base + "database_pool_size: 0\n"))
    }

    func testEnvironmentOverridesTheURL() throws {
        let config = try TWAGConfiguration.parse(yaml: base + "database_path: /var/lib/twag/twag.sqlite\n",
                                                 environment: ["TWAG_DATABASE_URL": "postgres://twag@10.0.0.5/twag"])
        XCTAssertEqual(config.effectiveDatabaseURL, "postgres://twag@10.0.0.5/twag")
    }
}
