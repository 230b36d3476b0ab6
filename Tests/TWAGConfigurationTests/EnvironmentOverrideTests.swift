import TWAGConfiguration
import XCTest

final class EnvironmentOverrideTests: XCTestCase {
    private let withPeer = """
        diameter:
          host: aaa.example.org
          realm: example.org
          peers:
            - {host: hss.example.org, realm: example.org, ip: 10.0.0.1}
        radius:
          secret: file-secret
        """

    func testScalarOverridesAtEveryDepth() throws {
        let config = try XCTUnwrap(parsed(withPeer, environment: [
            "TWAG_RADIUS__SECRET": "env-secret",
            "TWAG_DIAMETER__PEERS__0__IP": "10.0.0.5",
            "TWAG_DIAMETER__LISTEN_PORT": "3870",
            "TWAG_RUNTIME_DIR": "/run/twag-test",
            "TWAG_DIAMETER__REGISTRATION__ENABLED": "true",
            "TWAG_DIAMETER__RECONNECT_BACKOFF_MS__MAX": "60000",
            "PATH": "/usr/bin",
            "TWAGGER": "ignored: no TWAG_ prefix",
        ]))
        XCTAssertEqual(config.radius.secret?.revealed, "env-secret")
        XCTAssertEqual(config.diameter.peers.first?.ip, "10.0.0.5")
        XCTAssertEqual(config.diameter.listenPort, 3870)
        XCTAssertEqual(config.runtimeDirectory, "/run/twag-test")
        XCTAssertTrue(config.diameter.registration.enabled)
        XCTAssertEqual(config.diameter.reconnectBackoff.maximumMilliseconds, 60_000)
    }

    func testOverrideCreatesMissingSectionsAndAppendsListEntries() throws {
        let config = try XCTUnwrap(parsed(withPeer, environment: [
            "TWAG_DIAMETER__PEERS__1__HOST": "hss2.example.org",
            "TWAG_DIAMETER__PEERS__1__REALM": "example.org",
            "TWAG_DIAMETER__PEERS__1__IP": "10.0.0.2",
            "TWAG_CHARGING__SERVICE_CONTEXT_ID": "ctx@example.org",
            "TWAG_RADIUS__ALLOWED_SOURCE_SUBNETS__0": "192.0.2.0/24",
        ]))
        XCTAssertEqual(config.diameter.peers.map(\.host), ["hss.example.org", "hss2.example.org"])
        XCTAssertEqual(config.charging.serviceContextID, "ctx@example.org")
        XCTAssertEqual(config.radius.allowedSourceSubnets.map(\.description), ["192.0.2.0/24"])
    }

    func testIndicesAreOrderedNumerically() throws {
        var environment: [String: String] = [:]
        for index in 0...11 { environment["TWAG_RADIUS__BIND_ADDRESSES__\(index)"] = "10.0.0.\(index)" }
        let config = try XCTUnwrap(parsed(minimalYAML.replacingOccurrences(of: "radius:", with: "radius:\n  bind_addresses:"),
                                          environment: environment))
        XCTAssertEqual(config.radius.bindAddresses, (0...11).map { "10.0.0.\($0)" })
    }

    func testFlowListQuotedAndEmptyValues() throws {
        let config = try XCTUnwrap(parsed(withPeer, environment: [
            "TWAG_RADIUS__ALLOWED_SOURCE_SUBNETS": "[10.0.0.0/8, \"::1/128\"]",
            "TWAG_DIAMETER__PRODUCT_NAME": "\"null\"",
            "TWAG_RADIUS__SECRET": "'s3cr3t: with # signs'",
            "TWAG_DIAMETER__DESTINATION_REALM": "",
        ]))
        XCTAssertEqual(config.radius.allowedSourceSubnets.map(\.description), ["10.0.0.0/8", "::1/128"])
        XCTAssertEqual(config.diameter.productName, "null")
        XCTAssertEqual(config.radius.secret?.revealed, "s3cr3t: with # signs")
        XCTAssertNil(config.diameter.destinationRealm)
        // Without quotes, the text is taken verbatim.
        XCTAssertEqual(parsed(withPeer, environment: ["TWAG_RADIUS__SECRET": "a: b # c"])?.radius.secret?.revealed, "a: b # c")
    }

    func testUnknownKeyNamesTheVariable() {
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_RADUS__SECRET": "x"]),
                       #"TWAG_RADUS__SECRET: unknown key "radus" (did you mean "radius"?)"#)
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_DIAMETER__PEERS__0__PROT": "1"]),
                       #"TWAG_DIAMETER__PEERS__0__PROT: diameter.peers[0]: unknown key "prot" (did you mean "port"?)"#)
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_INSTANCE": "3"]), #"TWAG_INSTANCE: unknown key "instance""#)
    }

    func testBadValuesNameTheVariableAndThePath() {
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_DIAMETER__LISTEN_PORT": "abc"]),
                       #"TWAG_DIAMETER__LISTEN_PORT: diameter.listen_port: expected an integer 1-65535, got "abc""#)
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_DIAMETER__PEERS__0__TRANSPORT": "udp"]),
                       #"TWAG_DIAMETER__PEERS__0__TRANSPORT: diameter.peers[0].transport: must be tcp or sctp, got "udp""#)
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_DIAMETER__PEERS__1__IP": "10.0.0.9"]),
                       "TWAG_DIAMETER__PEERS__1__IP: diameter.peers[1].host: required")
    }

    func testStructuralFaults() {
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_DIAMETER__PEERS__5__IP": "10.0.0.9"]),
                       "TWAG_DIAMETER__PEERS__5__IP: index 5 is out of range (diameter.peers has 1 entries; the next index appends)")
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_DIAMETER__PEERS__HOST": "x"]),
                       "TWAG_DIAMETER__PEERS__HOST: diameter.peers is a list; HOST is not an index")
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_RADIUS__SECRET__X": "x"]),
                       "TWAG_RADIUS__SECRET__X: radius.secret is a single value; it has no key X")
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_RADIUS____SECRET": "x"]),
                       "TWAG_RADIUS____SECRET: empty key in the name (keys are joined by a double underscore)")
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_": "x"]),
                       "TWAG_: empty key in the name (keys are joined by a double underscore)")
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_API__TOKENS": "[unterminated-secret-token"]),
                       "TWAG_API__TOKENS: value is not a valid YAML quoted string or flow list")
        XCTAssertEqual(failure(withPeer, environment: ["TWAG_API__TOKENS": "[[nested-secret-token-value]]"]),
                       "TWAG_API__TOKENS: value must be a scalar or a flat list")
    }
}
