import TWAGConfiguration
import XCTest

final class DefaultsTests: XCTestCase {
    func testMinimalDocumentTakesEveryDefault() throws {
        let config = try XCTUnwrap(parsed(minimalYAML))
        let d = config.diameter
        XCTAssertEqual(d.listenIP, "0.0.0.0")
        XCTAssertEqual(d.listenPort, 3868)
        XCTAssertEqual(d.productName, "OpenTWAG")
        XCTAssertEqual(d.requestTimeoutMilliseconds, 3000)
        XCTAssertEqual(d.watchdogIntervalSeconds, 30)
        XCTAssertEqual(d.reconnectBackoff.initialMilliseconds, 500)
        XCTAssertEqual(d.reconnectBackoff.maximumMilliseconds, 30_000)
        XCTAssertEqual(d.peers, [])
        XCTAssertNil(d.destinationRealm)
        XCTAssertFalse(d.registration.enabled)

        let r = config.radius
        XCTAssertEqual(r.bindAddresses, ["0.0.0.0", "::"])
        XCTAssertEqual(r.authPort, 1812)
        XCTAssertEqual(r.acctPort, 1813)
        XCTAssertEqual(r.coaPort, 3799)
        XCTAssertEqual(r.allowedSourceSubnets, [])
        XCTAssertEqual(r.clients, [])
        XCTAssertEqual(r.duplicateWindowSeconds, 30)
        XCTAssertEqual(r.acctInterimIntervalSeconds, 600)
        XCTAssertNil(r.sessionTimeoutSeconds)
        XCTAssertTrue(r.requireMessageAuthenticator)

        let e = config.eap
        XCTAssertEqual(e.methods, [.aka, .akaPrime])
        XCTAssertEqual(e.prefer, .akaPrime)
        XCTAssertEqual(e.networkName, "WLAN")
        XCTAssertEqual(e.realms, [])
        XCTAssertEqual(e.mncLength, 2)
        XCTAssertEqual(e.stateTimeoutSeconds, 60)
        XCTAssertEqual(e.maxConversations, 100_000)

        let c = config.charging
        XCTAssertEqual(c.mode, .off)
        XCTAssertEqual(c.peers, [])
        XCTAssertEqual(c.serviceContextID, "32251@3gpp.org")
        XCTAssertEqual(c.quotaTiersBytes, [10 * 1_048_576, 50 * 1_048_576, 100 * 1_048_576])
        XCTAssertEqual(c.thresholdPercent, 80)
        XCTAssertEqual(c.failureHandling, .terminate)

        XCTAssertEqual(config.runtimeDirectory, "/run/twag")
        XCTAssertEqual(config.databasePath, "/var/lib/twag/twag.sqlite")
        XCTAssertEqual(config.databaseSynchronous, .normal)
        XCTAssertEqual(config.databaseWALMaximumMiB, 512)
        XCTAssertEqual(config.databaseCommitDelayMicroseconds, 500)
        XCTAssertEqual(config.accountingRetentionDays, 90)
        XCTAssertEqual(config.eventLoopThreads, 1)
        XCTAssertEqual(config.radius.socketReceiveBufferBytes, 4_194_304)
        XCTAssertEqual(config.ipc.requestTimeoutMilliseconds, 3000)
        XCTAssertEqual(config.ipc.maxFrameBytes, 65_536)
        XCTAssertEqual(config.prometheus.port, 9568)
        XCTAssertEqual(config.prometheus.bind, "0.0.0.0")
        XCTAssertEqual(config.dashboard.port, 443)
        XCTAssertEqual(config.dashboard.adminUser, "admin")
        XCTAssertNil(config.dashboard.adminPasswordHash)
        XCTAssertEqual(config.api.port, 8444)
        XCTAssertEqual(config.api.tokens, [])
        XCTAssertEqual(config.logging.level, .info)
        XCTAssertEqual(config.logging.format, .text)
    }

    func testParsedDefaultsEqualCodeDefaults() throws {
        var expected = TWAGConfiguration(diameter: DiameterConfiguration(host: "aaa.example.org", realm: "example.org"))
        expected.radius.secret = ConfigurationSecret("s3cr3t-shared")
        XCTAssertEqual(parsed(minimalYAML), expected)
        XCTAssertNoThrow(try expected.validate())
    }

    func testPeerDefaults() throws {
        let config = try XCTUnwrap(parsed("""
            diameter:
              host: aaa.example.org
              realm: example.org
              peers:
                - {host: hss.example.org, realm: example.org, ip: "2001:db8::1"}
            radius:
              secret: s3cr3t-shared
            """))
        let peer = try XCTUnwrap(config.diameter.peers.first)
        XCTAssertEqual(peer, DiameterPeerConfiguration(host: "hss.example.org", realm: "example.org", ip: "2001:db8::1"))
        XCTAssertEqual(peer.port, 3868)
        XCTAssertFalse(peer.tls)
        XCTAssertEqual(peer.transport, .tcp)
        XCTAssertTrue(peer.initiateConnection)
        XCTAssertEqual(peer.priority, 1)
        XCTAssertEqual(peer.akaPrimeKeys, .hss)
        XCTAssertEqual(peer.vectorDialect, .swx)
        XCTAssertEqual(peer.maxInFlight, 64)
    }

    /// Small Cx cores (pyHSS) lose requests when many arrive at once: a Cx peer defaults to 8 in flight,
    /// an explicit value still wins, and SWx peers keep 64.
    func testMaxInFlightDefaultsToEightForCxPeers() throws {
        let config = try XCTUnwrap(parsed("""
            diameter:
              host: aaa.example.org
              realm: example.org
              peers:
                - {host: hss1.example.org, realm: example.org, ip: 10.0.0.1, vector_dialect: cx}
                - {host: hss2.example.org, realm: example.org, ip: 10.0.0.2, vector_dialect: cx, max_in_flight: 32}
                - {host: hss3.example.org, realm: example.org, ip: 10.0.0.3, vector_dialect: swx}
            radius:
              secret: s3cr3t-shared
            """))
        XCTAssertEqual(config.diameter.peers.map(\.maxInFlight), [8, 32, 64])
        XCTAssertEqual(DiameterPeerConfiguration.cxDefaultMaxInFlight, 8)
    }

    /// `diameter.cx_impi_realm`: absent means the NAI's realm; set, it must be a realm and survives rendering.
    func testCxIMPIRealm() throws {
        let absent = try XCTUnwrap(parsed(minimalYAML))
        XCTAssertNil(absent.diameter.cxIMPIRealm)
        let text = """
            diameter:
              host: aaa.example.org
              realm: example.org
              cx_impi_realm: ims.mnc001.mcc001.3gppnetwork.org
            radius:
              secret: s3cr3t-shared
            """
        let set = try XCTUnwrap(parsed(text))
        XCTAssertEqual(set.diameter.cxIMPIRealm, "ims.mnc001.mcc001.3gppnetwork.org")
        let reparsed = try TWAGConfiguration.parse(yaml: set.redactedSummary(), environment: [:])
        XCTAssertEqual(reparsed.diameter.cxIMPIRealm, "ims.mnc001.mcc001.3gppnetwork.org")
        XCTAssertEqual(failure(text.replacingOccurrences(of: "ims.mnc001.mcc001.3gppnetwork.org", with: "bad realm")),
                       #"diameter.cx_impi_realm: "bad realm" is not a valid realm (a DNS name such as example.org)"#)
    }

    func testEmptySectionsAndNullOptionalsReadAsDefaults() throws {
        let config = try XCTUnwrap(parsed(minimalYAML + """

            eap:
            charging:
            dashboard:
              tls_cert_file: ~
              admin_password_hash: null
            """))
        XCTAssertEqual(config.eap, EAPConfiguration())
        XCTAssertEqual(config.charging, ChargingConfiguration())
        XCTAssertNil(config.dashboard.tlsCertificateFile)
    }

    func testFullDocumentReadsEveryKey() throws {
        let text = """
            diameter:
              listen_ip: "::"
              listen_port: 3870
              host: aaa.op.example
              realm: op.example
              product_name: TWAG-X
              request_timeout_ms: 2500
              watchdog_interval_s: 10
              reconnect_backoff_ms: {initial: 200, max: 5000}
              peers:
                - host: hss1.op.example
                  realm: op.example
                  ip: 10.0.0.5
                  port: 3869
                  tls: true
                  tls_ca_file: /etc/twag/ca.pem
                  tls_cert_file: /etc/twag/aaa.pem
                  tls_key_file: /etc/twag/aaa.key
                  transport: sctp
                  initiate_connection: false
                  priority: 2
                  aka_prime_keys: derive
                  vector_dialect: cx
                  max_in_flight: 128
                - {host: hss2.op.example, realm: op.example, ip: 10.0.0.6}
              destination_realm: hss.op.example
              registration: {enabled: yes}
            radius:
              bind_addresses: [10.1.0.1]
              auth_port: 11812
              acct_port: 11813
              coa_port: 13799
              secret: global-secret-value
              allowed_source_subnets: [10.0.0.0/8, "2001:db8::/32"]
              clients:
                - {name: campus, subnet: 10.1.0.0/16, secret: campus-secret}
                - {name: lobby, subnet: 10.1.2.0/24, coa_port: 1700}
              duplicate_window_s: 10
              acct_interim_interval_s: 60
              session_timeout_s: 86400
              require_message_authenticator: false
            eap:
              methods: [aka_prime]
              prefer: aka_prime
              network_name: WLAN-X
              realm: [wlan.mnc001.mcc001.3gppnetwork.org]
              mnc_length: 3
              state_timeout_s: 30
              max_conversations: 5000
            charging:
              mode: online
              peers:
                - {host: ocs.op.example, realm: op.example, ip: 10.0.0.7, priority: 0}
              service_context_id: 32251@3gpp.org
              quota_tiers_bytes: [1000, 2000]
              threshold_percent: 90
              failure_handling: retry_and_terminate
            runtime_dir: /var/run/twag
            database_path: /data/twag.sqlite
            database_synchronous: full
            database_wal_max_mib: 64
            database_commit_delay_us: 0
            accounting_retention_days: 30
            ipc: {request_timeout_ms: 1000, max_frame_bytes: 131072}
            prometheus: {port: 9100, bind: 127.0.0.1}
            dashboard:
              port: 8443
              tls_cert_file: /etc/twag/dash.pem
              tls_key_file: /etc/twag/dash.key
              admin_user: root
              admin_password_hash: "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
            api:
              port: 9444
              tokens: [0123456789abcdef0123]
            logging: {level: debug, format: json}
            """
        let config = try XCTUnwrap(parsed(text))
        XCTAssertEqual(config.diameter.listenIP, "::")
        XCTAssertEqual(config.diameter.listenPort, 3870)
        XCTAssertEqual(config.diameter.productName, "TWAG-X")
        XCTAssertEqual(config.diameter.requestTimeoutMilliseconds, 2500)
        XCTAssertEqual(config.diameter.watchdogIntervalSeconds, 10)
        XCTAssertEqual(config.diameter.reconnectBackoff.initialMilliseconds, 200)
        XCTAssertEqual(config.diameter.reconnectBackoff.maximumMilliseconds, 5000)
        var peer = DiameterPeerConfiguration(host: "hss1.op.example", realm: "op.example", ip: "10.0.0.5")
        peer.port = 3869
        peer.tls = true
        peer.tlsCAFile = "/etc/twag/ca.pem"
        peer.tlsCertificateFile = "/etc/twag/aaa.pem"
        peer.tlsKeyFile = "/etc/twag/aaa.key"
        peer.transport = .sctp
        peer.initiateConnection = false
        peer.priority = 2
        peer.akaPrimeKeys = .derive
        peer.vectorDialect = .cx
        peer.maxInFlight = 128
        XCTAssertEqual(config.diameter.peers, [peer, DiameterPeerConfiguration(host: "hss2.op.example", realm: "op.example", ip: "10.0.0.6")])
        XCTAssertEqual(config.diameter.destinationRealm, "hss.op.example")
        XCTAssertTrue(config.diameter.registration.enabled)
        XCTAssertEqual(config.radius.bindAddresses, ["10.1.0.1"])
        XCTAssertEqual([config.radius.authPort, config.radius.acctPort, config.radius.coaPort], [11812, 11813, 13799])
        XCTAssertEqual(config.radius.secret?.revealed, "global-secret-value")
        XCTAssertEqual(config.radius.allowedSourceSubnets.map(\.description), ["10.0.0.0/8", "2001:db8::/32"])
        XCTAssertEqual(config.radius.clients.map(\.name), ["campus", "lobby"])
        XCTAssertEqual(config.radius.clients.first?.secret?.revealed, "campus-secret")
        XCTAssertEqual(config.radius.clients.map(\.coaPort), [nil, 1700])
        XCTAssertEqual(config.radius.coaPort(for: [10, 1, 2, 9]), 1700, "the lobby controller's own port")
        XCTAssertEqual(config.radius.coaPort(for: [10, 1, 3, 9]), 13799, "campus: radius.coa_port")
        XCTAssertNil(config.radius.clients.last?.secret)
        XCTAssertEqual(config.radius.duplicateWindowSeconds, 10)
        XCTAssertEqual(config.radius.acctInterimIntervalSeconds, 60)
        XCTAssertEqual(config.radius.sessionTimeoutSeconds, 86400)
        XCTAssertFalse(config.radius.requireMessageAuthenticator)
        XCTAssertEqual(config.eap.methods, [.akaPrime])
        XCTAssertEqual(config.eap.networkName, "WLAN-X")
        XCTAssertEqual(config.eap.realms, ["wlan.mnc001.mcc001.3gppnetwork.org"])
        XCTAssertEqual(config.eap.mncLength, 3)
        XCTAssertEqual(config.eap.stateTimeoutSeconds, 30)
        XCTAssertEqual(config.eap.maxConversations, 5000)
        XCTAssertEqual(config.charging.mode, .online)
        XCTAssertEqual(config.charging.peers.first?.priority, 0)
        XCTAssertEqual(config.charging.quotaTiersBytes, [1000, 2000])
        XCTAssertEqual(config.charging.thresholdPercent, 90)
        XCTAssertEqual(config.charging.failureHandling, .retryAndTerminate)
        XCTAssertEqual(config.runtimeDirectory, "/var/run/twag")
        XCTAssertEqual(config.databasePath, "/data/twag.sqlite")
        XCTAssertEqual(config.databaseSynchronous, .full)
        XCTAssertEqual(config.databaseWALMaximumMiB, 64)
        XCTAssertEqual(config.databaseCommitDelayMicroseconds, 0)
        XCTAssertEqual(config.accountingRetentionDays, 30)
        XCTAssertEqual(config.ipc.requestTimeoutMilliseconds, 1000)
        XCTAssertEqual(config.ipc.maxFrameBytes, 131_072)
        XCTAssertEqual(config.prometheus.port, 9100)
        XCTAssertEqual(config.prometheus.bind, "127.0.0.1")
        XCTAssertEqual(config.dashboard.port, 8443)
        XCTAssertEqual(config.dashboard.tlsCertificateFile, "/etc/twag/dash.pem")
        XCTAssertEqual(config.dashboard.tlsKeyFile, "/etc/twag/dash.key")
        XCTAssertEqual(config.dashboard.adminUser, "root")
        XCTAssertEqual(config.dashboard.adminPasswordHash?.revealed.hasPrefix("$2b$12$"), true)
        XCTAssertEqual(config.api.port, 9444)
        XCTAssertEqual(config.api.tokens.map(\.revealed), ["0123456789abcdef0123"])
        XCTAssertEqual(config.logging.level, .debug)
        XCTAssertEqual(config.logging.format, .json)
        XCTAssertNoThrow(try config.validate())

        // The rendered form reads back to the same value (secrets included only in the tree).
        let summary = config.redactedSummary()
        for secret in ["global-secret-value", "campus-secret", "0123456789abcdef0123", "R9h/cIPz0gi"] {
            XCTAssertFalse(summary.contains(secret), secret)
        }
    }

    func testValidateForAAACoreNeedsAnHSSPeer() throws {
        let config = try XCTUnwrap(parsed(minimalYAML))
        XCTAssertNoThrow(try config.validate(for: .radiusFrontend))
        XCTAssertThrowsError(try config.validate(for: .aaaCore)) { error in
            XCTAssertEqual("\(error)", "diameter.peers: required (aaa-core needs at least one HSS peer)")
        }
    }

    func testValidateAppliesLoaderRulesToCodeBuiltValues() {
        var config = TWAGConfiguration(diameter: DiameterConfiguration(host: "aaa.example.org", realm: "example.org"))
        XCTAssertThrowsError(try config.validate()) { error in
            XCTAssertEqual("\(error)", "radius.secret: required (no per-client secret covers every client)")
        }
        config.radius.secret = ConfigurationSecret("x")
        config.radius.acctInterimIntervalSeconds = 30
        XCTAssertThrowsError(try config.validate()) { error in
            XCTAssertEqual("\(error)", "radius.acct_interim_interval_s: must be at least 60 (RFC 2869 section 5.16), got 30")
        }
    }
}

final class SummaryFormatTests: XCTestCase {
    func testSummaryIsReadableYAML() throws {
        let config = try TWAGConfiguration.load(path: shippedConfigurationPath, environment: [:])
        let summary = config.redactedSummary()
        XCTAssertTrue(summary.hasPrefix("diameter:\n  listen_ip: \"0.0.0.0\"\n"))
        XCTAssertTrue(summary.contains("  peers:\n    - host: \"hss.lab.twag\"\n      realm: \"lab.twag\"\n"))
        XCTAssertTrue(summary.contains("radius:\n  bind_addresses:\n    - \"0.0.0.0\"\n    - \"::\"\n"))
        XCTAssertTrue(summary.contains("  secret: \"***\"\n"))
        XCTAssertTrue(summary.contains("  tokens: []\n"))
    }
}
