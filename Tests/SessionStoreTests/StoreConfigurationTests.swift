import Foundation
import Logging
import SessionStore
import TWAGConfiguration
import XCTest

/// What a service opens from its configuration: the engine, and a PostgreSQL password kept in a file.
final class StoreConfigurationTests: XCTestCase {
    let logger = Logger(label: "store-configuration-test")

    func configuration(_ extra: String) throws -> TWAGConfiguration {
        try TWAGConfiguration.parse(yaml: """
            diameter:
              host: aaa.example.org
              realm: example.org
            radius:
              secret: s3cr3t-shared
            \(extra)
            """)
    }

    func testThePasswordComesFromItsFile() async throws {
        let file = NSTemporaryDirectory() + "twag-pg-password-\(UUID().uuidString)"
        try "s3cr3t-from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let store = try SessionStores.open(configuration: try configuration("""
            database_url: postgres://twag@127.0.0.1:9/twag?sslmode=disable
            database_password_file: \(file)
            node_id: node-a
            """), logger: logger)
        XCTAssertTrue(store is PostgresSessionStore)
        XCTAssertEqual(store.displayLocation, "postgres://twag:***@127.0.0.1:9/twag?sslmode=disable")
        XCTAssertEqual(store.nodeID, "node-a")
        await store.close()
    }

    func testRefusals() throws {
        let file = NSTemporaryDirectory() + "twag-pg-password-\(UUID().uuidString)"
        try "\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (yaml, reason) in [
            ("database_url: postgres://twag:inline@db/twag\ndatabase_password_file: /etc/hostname", "already"),
            ("database_url: postgres://twag@db/twag\ndatabase_password_file: /nonexistent/password", "cannot read"),
            ("database_url: postgres://twag@db/twag\ndatabase_password_file: \(file)", "empty"),
            ("database_url: sqlite:/tmp/x.sqlite\ndatabase_password_file: \(file)", "postgres://"),
        ] {
            XCTAssertThrowsError(try SessionStores.open(configuration: try configuration(yaml), logger: logger)) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(yaml): \(error)")
            }
        }
    }
}
