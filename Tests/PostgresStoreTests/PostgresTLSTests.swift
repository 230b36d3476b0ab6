import Logging
import NIOSSL
import PostgresNIO
import PostgresStore
import TestSupport
import XCTest

/// `sslmode` against a server that offers TLS with a self-signed certificate: `require` encrypts,
/// `verify-full` refuses a certificate no trusted root signed, `disable` stays plain.
final class PostgresTLSTests: XCTestCase {
    nonisolated(unsafe) private static var cluster: PostgresTestCluster?
    let logger = Logger(label: "postgres-tls-test")

    override class func setUp() {
        super.setUp()
        do {
            cluster = try PostgresTestCluster.start(tls: true)
        } catch {
            XCTFail("cannot start a PostgreSQL cluster with TLS: \(error)")
        }
    }

    override class func tearDown() {
        cluster?.stop()
        super.tearDown()
    }

    private func encrypted(sslmode: String) async throws -> Bool {
        let cluster = try XCTUnwrap(Self.cluster)
        let url = "postgres://\(cluster.user)@127.0.0.1:\(cluster.port)/postgres?sslmode=\(sslmode)"
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration(maximumConnections: 1))
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        let rows = try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger)
        for try await ssl in rows.decode(Bool.self) { return ssl }
        return false
    }

    func testRequireEncryptsAndDisableDoesNot() async throws {
        let required = try await encrypted(sslmode: "require")
        XCTAssertTrue(required)
        let plain = try await encrypted(sslmode: "disable")
        XCTAssertFalse(plain)
    }

    func testVerifyFullTrustsTheCAOfSSLRootCert() async throws {
        let cluster = try XCTUnwrap(Self.cluster)
        let url = "postgres://\(cluster.user)@127.0.0.1:\(cluster.port)/postgres?sslmode=verify-full&sslrootcert=\(cluster.tlsCertificatePath)"
        let location = try PostgresLocation(url: url)
        XCTAssertEqual(location.rootCertificatePath, cluster.tlsCertificatePath)
        let client = PostgresClient(configuration: location.clientConfiguration(maximumConnections: 1))
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        let rows = try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger)
        var encrypted = false
        for try await ssl in rows.decode(Bool.self) { encrypted = ssl }
        XCTAssertTrue(encrypted, "checked against its own CA and its IP address")
    }

    func testVerifyFullRefusesAnUntrustedCertificate() async throws {
        let cluster = try XCTUnwrap(Self.cluster)
        let location = try PostgresLocation(url: "postgres://\(cluster.user)@127.0.0.1:\(cluster.port)/postgres?sslmode=verify-full")
        // One connection, as the pool makes each: the handshake fails on the certificate.
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: nil, database: location.database,
            tls: .require(try NIOSSLContext(configuration: try XCTUnwrap(location.tlsConfiguration))))
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            try await connection.close()
            XCTFail("connected over a certificate no trusted root signed")
        } catch {
            XCTAssertTrue("\(String(reflecting: error))".lowercased().contains("certificate"), String(reflecting: error))
        }
    }
}
