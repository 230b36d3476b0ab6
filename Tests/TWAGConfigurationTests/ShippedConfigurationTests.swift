import TWAGConfiguration
import XCTest

final class ShippedConfigurationTests: XCTestCase {
    func testShippedFileLoadsWithLabValues() throws {
        let config = try TWAGConfiguration.load(path: shippedConfigurationPath, environment: [:])
        XCTAssertEqual(config.diameter.host, "aaa.lab.twag")
        XCTAssertEqual(config.diameter.realm, "lab.twag")
        XCTAssertEqual(config.diameter.peers.count, 1)
        let peer = try XCTUnwrap(config.diameter.peers.first)
        XCTAssertEqual(peer.host, "hss.lab.twag")
        XCTAssertEqual(peer.realm, "lab.twag")
        XCTAssertEqual(peer.ip, "127.0.0.1")
        XCTAssertEqual(peer.port, 3868)
        XCTAssertEqual(peer.transport, .tcp)
        XCTAssertEqual(config.radius.secret?.revealed, "testing123")
        XCTAssertEqual(config.radius.allowedSourceSubnets.map(\.description), ["127.0.0.0/8", "::1/128"])
        XCTAssertEqual(config.charging.mode, .off)
        XCTAssertEqual(config.prometheus.port, 9568)
        XCTAssertEqual(config.dashboard.port, 443)
        XCTAssertEqual(config.api.port, 8444)
        XCTAssertNoThrow(try config.validate(for: .aaaCore))
    }

    /// "Every key with a one-line comment": each key line of the shipped file carries a comment.
    func testEveryKeyOfShippedFileIsCommented() throws {
        let text = try String(contentsOfFile: shippedConfigurationPath, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            XCTAssertTrue(line.contains(" # "), "no comment on: \(line)")
        }
    }

    /// The shipped file spells out every key of the schema (so operators see all of them).
    func testShippedFileNamesEveryKey() throws {
        let text = try String(contentsOfFile: shippedConfigurationPath, encoding: .utf8)
        let keys = [
            "listen_ip", "listen_port", "host", "realm", "product_name", "request_timeout_ms", "watchdog_interval_s",
            "reconnect_backoff_ms", "initial", "max", "peers", "ip", "port", "tls", "tls_ca_file", "tls_cert_file",
            "tls_key_file", "transport", "initiate_connection", "priority", "aka_prime_keys", "vector_dialect",
            "max_in_flight", "cx_impi_realm", "destination_realm", "registration", "enabled", "bind_addresses", "auth_port", "acct_port",
            "coa_port", "secret", "allowed_source_subnets", "clients", "duplicate_window_s", "socket_receive_buffer_bytes", "acct_interim_interval_s",
            "session_timeout_s", "require_message_authenticator", "methods", "prefer", "network_name", "mnc_length",
            "state_timeout_s", "max_conversations", "mode", "service_context_id", "quota_tiers_bytes",
            "threshold_percent", "failure_handling", "runtime_dir", "database_path", "database_synchronous", "database_wal_max_mib", "database_commit_delay_us", "accounting_retention_days", "event_loop_threads",
            "max_frame_bytes", "bind", "admin_user", "admin_password_hash", "users", "idle_timeout_s", "max_login_failures", "tokens",
            "level", "format",
        ]
        for key in keys {
            XCTAssertTrue(text.contains(" \(key):") || text.contains("\n\(key):") || text.contains("- \(key):"), "missing key \(key)")
        }
    }

    func testRedactedSummaryOfShippedFileParsesBackToTheSameValues() throws {
        let config = try TWAGConfiguration.load(path: shippedConfigurationPath, environment: [:])
        let summary = config.redactedSummary()
        XCTAssertFalse(summary.contains("testing123"))
        var reparsed = try TWAGConfiguration.parse(yaml: summary, environment: [:])
        XCTAssertEqual(reparsed.radius.secret?.revealed, "***")
        reparsed.radius.secret = config.radius.secret
        XCTAssertEqual(reparsed, config)
    }

    func testUnreadableFileNamesPathAndOSReason() {
        XCTAssertEqual(loadFailure("/nonexistent/twag.yaml"),
                       #"cannot read configuration file "/nonexistent/twag.yaml": No such file or directory"#)
        XCTAssertEqual(loadFailure("/"), #"cannot read configuration file "/": Is a directory"#)
    }

    func testLoadReadsFileAndAppliesEnvironment() throws {
        let path = NSTemporaryDirectory() + "twag-config-test-\(getpid()).yaml"
        try minimalYAML.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try TWAGConfiguration.load(path: path, environment: ["TWAG_LOGGING__LEVEL": "debug"])
        XCTAssertEqual(config.logging.level, .debug)
        XCTAssertEqual(config.diameter.host, "aaa.example.org")
    }

    func testNonUTF8FileIsRefused() throws {
        let path = NSTemporaryDirectory() + "twag-config-latin1-\(getpid()).yaml"
        try Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(loadFailure(path), "cannot read configuration file \"\(path)\": not UTF-8 text")
    }

    private func loadFailure(_ path: String) -> String {
        do {
            _ = try TWAGConfiguration.load(path: path, environment: [:])
            XCTFail("expected an error")
            return ""
        } catch {
            return error.description
        }
    }
}
