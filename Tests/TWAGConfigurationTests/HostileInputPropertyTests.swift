import TestSupport
import TWAGConfiguration
import XCTest

/// Random and damaged documents: each ends in a configuration or a `ConfigurationError` (the
/// typed throw makes any other error impossible; these tests show nothing traps or hangs), and
/// a secret never appears in an error.
final class HostileInputPropertyTests: XCTestCase {
    private let fragments = [
        "diameter", "radius", "eap", "charging", "peers", "host", "realm", "ip", "secret", "clients", "subnet",
        "allowed_source_subnets", "listen_port", "port", "tls", "transport", "methods", "mode", "api", "tokens",
        "runtime_dir", "radus", "x", ":", ": ", "- ", "-", "\n", "\n  ", "\n    ", "  ", "[", "]", "{", "}", ",", "\"",
        "'", "#", "&a ", "*a", "? ", "|", ">", "!!str ", "~", "null", "true", "no", "3868", "-1", "99999999999999999999",
        "10.0.0.0/8", "::1/128", "10.0.0.0/33", "aaa.example.org", "tcp", "sctp", "udp", "aka", "aka_prime", "online",
        "\t", "\\", "%", "@", "---", "...", "é", "\u{0}", "0x1F",
    ]

    func testRandomYAMLishTextEndsInValueOrTypedError() {
        var rng = SplitMix64(seed: 0x7A6C_2026)
        var values = 0
        var errors = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + rng.next() % 40) {
                text += fragments[Int(rng.next() % UInt64(fragments.count))]
            }
            switch Result(catching: { () throws(ConfigurationError) in try TWAGConfiguration.parse(yaml: text, environment: [:]) }) {
            case .success(let config):
                values += 1
                XCTAssertNoThrow(try config.validate())
            case .failure(let error):
                errors += 1
                XCTAssertFalse(error.description.isEmpty)
                XCTAssertLessThan(error.description.utf8.count, 600)
            }
        }
        XCTAssertEqual(values + errors, 20_000)
    }

    func testMutatedDocumentsEndInValueOrTypedErrorWithoutLeakingSecrets() throws {
        let valid = Array("""
            diameter:
              host: aaa.example.org
              realm: example.org
              peers:
                - {host: hss.example.org, realm: example.org, ip: 10.0.0.1, transport: tcp}
            radius:
              secret: Zq9SecretMarker
              allowed_source_subnets: [10.0.0.0/8, "::1/128"]
              clients: [{name: ap, subnet: 10.1.0.0/16, secret: Zq9ClientMarker}]
            eap: {methods: [aka, aka_prime], mnc_length: 3}
            charging: {mode: off, quota_tiers_bytes: [1, 2]}
            logging: {level: info}
            """.utf8)
        XCTAssertNoThrow(try TWAGConfiguration.parse(yaml: String(decoding: valid, as: UTF8.self), environment: [:]))
        var rng = SplitMix64(seed: 0xC0F1_6000)
        var values = 0
        for _ in 0..<20_000 {
            let damaged = rng.mutate(valid, headerBytes: valid.count)
            let text = String(decoding: damaged, as: UTF8.self)
            do {
                let config = try TWAGConfiguration.parse(yaml: text, environment: [:])
                values += 1
                XCTAssertFalse(config.redactedSummary().contains("Zq9"))
            } catch {
                let message = error.description
                XCTAssertFalse(message.contains("Zq9SecretMarker") || message.contains("Zq9ClientMarker"), message)
            }
        }
        XCTAssertGreaterThan(values, 0)
    }

    func testRandomEnvironmentOverridesEndInValueOrTypedError() {
        let names = ["RADIUS", "SECRET", "DIAMETER", "PEERS", "0", "1", "7", "IP", "HOST", "API", "TOKENS", "", "X", "EAP", "METHODS"]
        let values = ["", "x", "[", "[a, b]", "\"q\"", "'", "10.0.0.1", "3868", "true", "[[1]]", "{a: 1}", "null", "aka"]
        var rng = SplitMix64(seed: 0xE0E0)
        for _ in 0..<5_000 {
            var environment: [String: String] = [:]
            for _ in 0..<(1 + rng.next() % 3) {
                let segments = (0..<(1 + rng.next() % 4)).map { _ in names[Int(rng.next() % UInt64(names.count))] }
                environment["TWAG_" + segments.joined(separator: "__")] = values[Int(rng.next() % UInt64(values.count))]
            }
            switch Result(catching: { () throws(ConfigurationError) in try TWAGConfiguration.parse(yaml: minimalYAML, environment: environment) }) {
            case .success(let config): XCTAssertNoThrow(try config.validate())
            case .failure(let error): XCTAssertFalse(error.description.isEmpty)
            }
        }
    }

    func testRandomSubnetTextParsesOrFailsAndRoundTrips() {
        let alphabet = Array("0123456789abcdefABCDEF:./%- ")
        var rng = SplitMix64(seed: 0xC1D2)
        var parsedCount = 0
        for index in 0..<20_000 {
            let text: String
            if index % 2 == 0 {
                text = String((0..<(rng.next() % 48)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            } else {
                let bytes = rng.bytes(index % 4 == 1 ? 4 : 16)
                let prefix = Int(rng.next() % UInt64(bytes.count * 8 + 1))
                text = CIDRSubnet(maskingAddress: bytes, prefixLength: prefix)?.description ?? ""
            }
            guard let subnet = CIDRSubnet(text) else { continue }
            parsedCount += 1
            XCTAssertEqual(CIDRSubnet(subnet.description), subnet, text)
            XCTAssertTrue(subnet.contains(subnet.network))
        }
        XCTAssertGreaterThan(parsedCount, 9_000)
    }

    func testBillionLaughsIsRefusedQuickly() {
        var text = "a0: &a0 [x, x]\n"
        for level in 1...12 { text += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        let start = ContinuousClock.now
        XCTAssertEqual(failure(text), "YAML document too complex: more than 16 aliases (*name)")
        // Within the alias budget, the expanded tree is still bounded by the node budget.
        var deep = "a0: &a0 [" + Array(repeating: "x", count: 2000).joined(separator: ", ") + "]\n"
        for level in 1...7 { deep += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        XCTAssertEqual(failure(deep), "YAML document too complex: more than 200000 nodes")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
    }
}
