import TWAGConfiguration
import XCTest

/// Each fault's exact message: operators read these in start-up logs.
final class ValidationErrorTests: XCTestCase {
    /// `minimalYAML` plus `extra` lines under `diameter:` / `radius:` or at the top level.
    private func doc(diameter: String = "", radius: String = "", top: String = "") -> String {
        """
        diameter:
          host: aaa.example.org
          realm: example.org
        \(diameter)
        radius:
          secret: s3cr3t-shared
        \(radius)
        \(top)
        """
    }

    func testInvalidCIDR() {
        XCTAssertEqual(failure(doc(radius: #"  allowed_source_subnets: ["10.0.0.0/8", "10.0.0.0/33"]"#)),
                       #"radius.allowed_source_subnets[1]: "10.0.0.0/33" is not a valid CIDR subnet"#)
        XCTAssertEqual(failure(doc(radius: "  allowed_source_subnets: [10.0.0.1/8]")),
                       #"radius.allowed_source_subnets[0]: "10.0.0.1/8" is not a valid CIDR subnet (host bits are set; did you mean 10.0.0.0/8?)"#)
        XCTAssertEqual(failure(doc(radius: "  allowed_source_subnets: [10.0.0.1]")),
                       #"radius.allowed_source_subnets[0]: "10.0.0.1" is not a valid CIDR subnet (no /prefix length; a single host is /32 or /128)"#)
        XCTAssertEqual(failure(doc(radius: "  allowed_source_subnets: 10.0.0.0/8")),
                       "radius.allowed_source_subnets: expected a list of CIDR subnets, got a string")
    }

    func testTransportChoice() {
        XCTAssertEqual(failure(doc(diameter: "  peers: [{host: hss.example.org, realm: example.org, ip: 10.0.0.1, transport: udp}]")),
                       #"diameter.peers[0].transport: must be tcp or sctp, got "udp""#)
    }

    func testUnknownKeysAtEveryLevelWithSuggestion() {
        XCTAssertEqual(failure(doc(top: "radus:\n  secret: x")), #"unknown key "radus" (did you mean "radius"?)"#)
        XCTAssertEqual(failure(doc(diameter: "  listen_prot: 3868")), #"diameter: unknown key "listen_prot" (did you mean "listen_port"?)"#)
        XCTAssertEqual(failure(doc(diameter: "  peers: [{host: h.example.org, realm: example.org, ip: 10.0.0.1, prot: 1}]")),
                       #"diameter.peers[0]: unknown key "prot" (did you mean "port"?)"#)
        XCTAssertEqual(failure(doc(diameter: "  reconnect_backoff_ms: {initial: 1, maximum: 2}")),
                       #"diameter.reconnect_backoff_ms: unknown key "maximum" (did you mean "max"?)"#)
        XCTAssertEqual(failure(doc(top: "completely_unrelated: 1")), #"unknown key "completely_unrelated""#)
    }

    func testUnknownKeyThatIsNotANameIsNotShown() {
        let message = failure(doc(radius: "  ? secret hunter2-value\n  : 1"))
        XCTAssertEqual(message, #"radius: unknown key that is not a plain name (is a ":" missing?)"#)
    }

    func testUnknownKeyInSectionWithSecretsIsShownOnlyAsANearMiss() {
        XCTAssertEqual(failure(doc(radius: "  secrte: 1")), #"radius: unknown key "secrte" (did you mean "secret"?)"#)
        XCTAssertEqual(failure(doc(radius: "  clients: [{name: a, subnet: 10.0.0.0/8, secret, Zq9Value}]")),
                       #"radius.clients[0]: unknown key (not shown: this section holds secrets; is a ":" missing?)"#)
        XCTAssertEqual(failure(doc(top: "api: {tokens: [], Zq9Value: 1}")),
                       #"api: unknown key (not shown: this section holds secrets; is a ":" missing?)"#)
    }

    func testSWxOnlyKeysAreUnknownOnOCSPeers() {
        XCTAssertEqual(failure(doc(top: "charging:\n  peers: [{host: ocs.example.org, realm: example.org, ip: 10.0.0.1, aka_prime_keys: hss}]")),
                       #"charging.peers[0]: unknown key "aka_prime_keys""#)
    }

    func testMissingRequiredKeys() {
        XCTAssertEqual(failure("radius:\n  secret: x"), "diameter: required")
        XCTAssertEqual(failure("diameter:\n  realm: example.org\nradius:\n  secret: x"), "diameter.host: required")
        XCTAssertEqual(failure(doc(diameter: "  peers: [{host: hss.example.org, realm: example.org}]")), "diameter.peers[0].ip: required")
        XCTAssertEqual(failure(doc(radius: "  clients: [{name: a}]")), "radius.clients[0].subnet: required")
    }

    func testWrongTypes() {
        XCTAssertEqual(failure(doc(diameter: "  listen_port: abc")), #"diameter.listen_port: expected an integer 1-65535, got "abc""#)
        XCTAssertEqual(failure(doc(diameter: "  listen_port: 70000")), "diameter.listen_port: expected an integer 1-65535, got 70000")
        XCTAssertEqual(failure(doc(diameter: "  listen_port: [1]")), "diameter.listen_port: expected an integer 1-65535, got a list")
        XCTAssertEqual(failure(doc(radius: "  require_message_authenticator: maybe")),
                       #"radius.require_message_authenticator: expected true or false, got "maybe""#)
        XCTAssertEqual(failure(doc(top: "eap:\n  mnc_length: 4")), "eap.mnc_length: expected an integer 2-3, got 4")
        XCTAssertEqual(failure(doc(top: "database_wal_max_mib: 8")), "database_wal_max_mib: expected an integer 16-16384, got 8")
        XCTAssertEqual(failure(doc(top: "database_commit_delay_us: 20000")),
                       "database_commit_delay_us: expected an integer 0-10000, got 20000")
        XCTAssertEqual(failure(doc(top: "logging: verbose")), "logging: expected a mapping, got a string")
        XCTAssertEqual(failure("- a\n- b"), "expected a mapping of sections at the top level, got a list")
        XCTAssertEqual(failure(doc(diameter: "  host: [a]").replacingOccurrences(of: "  host: aaa.example.org\n", with: "")),
                       "diameter.host: expected a string, got a list")
    }

    func testChoicesWithThreeOrMoreValues() {
        XCTAssertEqual(failure(doc(top: "charging:\n  mode: on")), #"charging.mode: must be one of off, authorize_only or online, got "on""#)
        XCTAssertEqual(failure(doc(top: "logging:\n  level: loud")),
                       #"logging.level: must be one of trace, debug, info, notice, warning, error or critical, got "loud""#)
        XCTAssertEqual(failure(doc(top: "eap:\n  methods: [aka, sim]")), #"eap.methods[1]: must be aka or aka_prime, got "sim""#)
    }

    func testSecretRequirement() {
        XCTAssertEqual(failure("diameter: {host: a.example.org, realm: example.org}"),
                       "radius.secret: required (no per-client secret covers every client)")
        // Clients with secrets cover only part of the allowed sources.
        XCTAssertEqual(failure("""
            diameter: {host: a.example.org, realm: example.org}
            radius:
              allowed_source_subnets: [10.0.0.0/8]
              clients: [{name: half, subnet: 10.0.0.0/9, secret: abc}]
            """), "radius.secret: required (no per-client secret covers every client)")
        // A more specific client without a secret falls back to the missing global one.
        XCTAssertEqual(failure("""
            diameter: {host: a.example.org, realm: example.org}
            radius:
              allowed_source_subnets: [10.0.0.0/8]
              clients: [{name: all, subnet: 10.0.0.0/8, secret: abc}, {name: hole, subnet: 10.1.2.3/32}]
            """), "radius.secret: required (no per-client secret covers every client)")
        // Two halves with secrets cover the allowed /8.
        XCTAssertNotNil(parsed("""
            diameter: {host: a.example.org, realm: example.org}
            radius:
              allowed_source_subnets: [10.0.0.0/8]
              clients: [{name: low, subnet: 10.0.0.0/9, secret: abc}, {name: high, subnet: 10.128.0.0/9, secret: def}]
            """))
        // Any source allowed: clients must cover both whole families.
        XCTAssertNotNil(parsed("""
            diameter: {host: a.example.org, realm: example.org}
            radius:
              clients: [{name: v4, subnet: 0.0.0.0/0, secret: abc}, {name: v6, subnet: "::/0", secret: def},
                        {name: lab, subnet: 127.0.0.0/8, secret: ghi}]
            """))
        XCTAssertEqual(failure("""
            diameter: {host: a.example.org, realm: example.org}
            radius:
              clients: [{name: v4, subnet: 0.0.0.0/0, secret: abc}]
            """), "radius.secret: required (no per-client secret covers every client)")
    }

    func testCrossFieldRules() {
        XCTAssertEqual(failure(doc(radius: "  acct_interim_interval_s: 30")),
                       "radius.acct_interim_interval_s: must be at least 60 (RFC 2869 section 5.16), got 30")
        XCTAssertEqual(failure(doc(radius: "  acct_port: 1812")), "radius.acct_port: must differ from auth_port (1812)")
        XCTAssertEqual(failure(doc(diameter: "  reconnect_backoff_ms: {initial: 1000, max: 100}")),
                       "diameter.reconnect_backoff_ms.max: must be at least initial (1000), got 100")
        XCTAssertEqual(failure(doc(diameter: """
              peers:
                - {host: hss.example.org, realm: example.org, ip: 10.0.0.1}
                - {host: HSS.example.org, realm: example.org, ip: 10.0.0.2}
            """)), #"diameter.peers[1].host: "HSS.example.org" is already the host of diameter.peers[0]"#)
        XCTAssertEqual(failure(doc(diameter: "  peers: [{host: h.example.org, realm: example.org, ip: 10.0.0.1, tls: true, tls_cert_file: /c.pem}]")),
                       "diameter.peers[0].tls_key_file: required (tls_cert_file and tls_key_file go together)")
        XCTAssertEqual(failure(doc(radius: "  clients: [{name: a, subnet: 10.0.0.0/8}, {name: a, subnet: 10.0.0.0/16}]")),
                       #"radius.clients[1].name: "a" is already the name of radius.clients[0]"#)
        XCTAssertEqual(failure(doc(radius: "  clients: [{name: a, subnet: 10.0.0.0/8}, {name: b, subnet: 10.0.0.0/8}]")),
                       "radius.clients[1].subnet: 10.0.0.0/8 is already the subnet of radius.clients[0]")
        XCTAssertEqual(failure(doc(top: "eap:\n  methods: [aka]")), "eap.prefer: aka_prime is not listed in eap.methods")
        XCTAssertEqual(failure(doc(top: "eap:\n  methods: [aka, aka]\n  prefer: aka")), "eap.methods[1]: aka is listed twice")
        XCTAssertEqual(failure(doc(top: "eap:\n  methods: []")), "eap.methods: must list at least one method")
        XCTAssertEqual(failure(doc(top: "charging:\n  mode: online")), "charging.peers: required (at least one OCS peer when mode is online)")
        XCTAssertEqual(failure(doc(top: "charging:\n  quota_tiers_bytes: [100, 50]")),
                       "charging.quota_tiers_bytes[1]: must be larger than the previous tier (100), got 50")
        XCTAssertEqual(failure(doc(top: "api:\n  port: 9568")), "api.port: must differ from prometheus.port (9568)")
        XCTAssertEqual(failure(doc(radius: "  bind_addresses: []")), "radius.bind_addresses: must list at least one address")
    }

    func testValueSyntax() {
        XCTAssertEqual(failure(doc(diameter: "  listen_ip: 1.2.3")), #"diameter.listen_ip: "1.2.3" is not a valid IP address"#)
        XCTAssertEqual(failure(doc(diameter: "  destination_realm: bad realm")),
                       #"diameter.destination_realm: "bad realm" is not a valid realm (a DNS name such as example.org)"#)
        XCTAssertEqual(failure("diameter: {host: aaa..example, realm: example.org}\nradius: {secret: x}"),
                       #"diameter.host: "aaa..example" is not a valid Diameter identity (a DNS name such as aaa.example.org)"#)
        XCTAssertEqual(failure(doc(top: "runtime_dir: /" + String(repeating: "d", count: 90))),
                       "runtime_dir: must be at most 80 bytes")
        XCTAssertEqual(failure(doc(diameter: "  product_name: \"\"")), "diameter.product_name: must not be empty")
        XCTAssertEqual(failure(doc(diameter: "  product_name: \"a\\u0001b\"")), #"diameter.product_name: "a\u{1}b" contains control characters"#)
    }

    func testSecretFaultsDoNotShowTheSecret() {
        let token = failure(doc(top: "api:\n  tokens: [tiny-token-9]"))
        XCTAssertEqual(token, "api.tokens[0]: must be at least 16 bytes long")
        let hash = failure(doc(top: "dashboard:\n  admin_password_hash: hunter2hunter2"))
        XCTAssertEqual(hash, "dashboard.admin_password_hash: must be a bcrypt hash ($2b$..., 60 characters; `twag passwd` prints one), not a password")
        XCTAssertEqual(failure(doc(radius: "  clients: [{name: a, subnet: 10.0.0.0/8, secret: [x-secret]}]")),
                       "radius.clients[0].secret: expected a string, got a list")
        let long = String(repeating: "k", count: 300)
        XCTAssertEqual(failure("diameter: {host: a.example.org, realm: example.org}\nradius: {secret: \(long)}"),
                       "radius.secret: must be at most 256 bytes long")
    }

    func testYAMLFaults() {
        XCTAssertEqual(failure("diameter:\n  host: a\n   realm: b"),
                       "invalid YAML at line 3, column 9: mapping values are not allowed in this context")
        XCTAssertEqual(failure("diameter: {host: a, host: b}"), #"invalid YAML at line 1, column 12: duplicate key "host""#)
        XCTAssertEqual(failure("a: *missing"), "invalid YAML at line 1, column 4: found undefined alias")
        let aliases = "x: &a [1]\ny: [" + Array(repeating: "*a", count: 17).joined(separator: ", ") + "]"
        XCTAssertEqual(failure(aliases), "YAML document too complex: more than 16 aliases (*name)")
        XCTAssertTrue(failure(String(repeating: "[", count: 2000)).hasPrefix("invalid YAML"))
        XCTAssertTrue(failure(String(repeating: "[", count: 70) + String(repeating: "]", count: 70))
                        .hasPrefix("YAML document too complex: nested deeper than 64 levels"))
    }

    func testErrorsAreTypedAndExposePaths() {
        do {
            _ = try TWAGConfiguration.parse(yaml: "diameter: {host: a.example.org, realm: example.org, listen_port: x}\nradius: {secret: s}",
                                            environment: [:])
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .wrongType(path: "diameter.listen_port", expected: "an integer 1-65535", found: "\"x\""))
            XCTAssertEqual(error.path, "diameter.listen_port")
        }
    }
}
