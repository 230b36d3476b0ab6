import Logging
import PostgresNIO
import PostgresStore
import TestSupport
import XCTest

/// A test class with a private PostgreSQL cluster for its tests, started before the first and
/// stopped after the last. Not skipped when the server is missing: .ci/setup installs it.
class PostgresClusterTestCase: XCTestCase {
    nonisolated(unsafe) private static var clusters: [ObjectIdentifier: PostgresTestCluster] = [:]
    let logger = Logger(label: "postgres-store-test")

    override class func setUp() {
        super.setUp()
        do {
            clusters[ObjectIdentifier(self)] = try PostgresTestCluster.start()
        } catch {
            XCTFail("cannot start a PostgreSQL cluster: \(error)")
        }
    }

    override class func tearDown() {
        clusters.removeValue(forKey: ObjectIdentifier(self))?.stop()
        super.tearDown()
    }

    /// This class's cluster.
    var cluster: PostgresTestCluster {
        get throws { try XCTUnwrap(Self.clusters[ObjectIdentifier(Self.self)]) }
    }
}
