import PostgresStore
import XCTest

final class PostgresLocationTests: XCTestCase {
    func testAFullURL() throws {
        let location = try PostgresLocation(url: "postgres://twag:s%40cret@db.example.net:6432/twag_acct?sslmode=require")
        XCTAssertEqual(location, PostgresLocation(host: "db.example.net", port: 6432, username: "twag", password: "s@cret",
                                                  database: "twag_acct", tls: .require))
        XCTAssertEqual(location.description, "postgres://twag:***@db.example.net:6432/twag_acct?sslmode=require")
        XCTAssertFalse(location.description.contains("cret"))
    }

    func testDefaultsAreTheStandardPortAndCheckedTLS() throws {
        let location = try PostgresLocation(url: "postgresql://twag@10.0.0.5/twag")
        XCTAssertEqual(location.port, 5432)
        XCTAssertNil(location.password)
        XCTAssertEqual(location.tls, .verifyFull)
        XCTAssertEqual(location.description, "postgres://twag@10.0.0.5:5432/twag?sslmode=verify-full")
    }

    func testAnIPv6Host() throws {
        let location = try PostgresLocation(url: "postgres://twag@[2001:db8::5]:5433/twag?sslmode=disable")
        XCTAssertEqual(location.host, "2001:db8::5")
        XCTAssertEqual(location.port, 5433)
        XCTAssertEqual(location.description, "postgres://twag@[2001:db8::5]:5433/twag?sslmode=disable")
    }

    func testAPrivateCA() throws {
        let location = try PostgresLocation(url: "postgres://twag@db/twag?sslmode=verify-full&sslrootcert=/etc/twag/db%20ca.pem")
        XCTAssertEqual(location.rootCertificatePath, "/etc/twag/db ca.pem")
        XCTAssertEqual(location.description, "postgres://twag@db:5432/twag?sslmode=verify-full&sslrootcert=/etc/twag/db ca.pem")
    }

    func testMistakesAreRefused() {
        let bad = [
            "sqlite:/var/lib/twag/twag.sqlite", "postgres://db/twag", "postgres://@db/twag", "postgres://twag@/twag",
            "postgres://twag@db", "postgres://twag@db/", "postgres://twag@db:0/twag", "postgres://twag@db:70000/twag",
            "postgres://twag@db:x/twag", "postgres://twag@db/twag?sslmode=allow", "postgres://twag@db/twag?timeout=3",
            "postgres://twag:%zz@db/twag", "postgres://twag@[2001:db8::5/twag", "postgres://twag@[::1]x/twag",
            "postgres://twag@db/a/b", "postgres://twag@db/twag?sslmode=require&sslrootcert=/etc/ca.pem",
            "postgres://twag@db/twag?sslrootcert=relative.pem", "postgres://twag@db/twag?sslrootcert",
        ]
        for url in bad {
            XCTAssertThrowsError(try PostgresLocation(url: url), url)
        }
    }
}
