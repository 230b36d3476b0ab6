// swift-tools-version:6.1
// OpenTWAG: a Trusted WiFi Access Gateway (RADIUS front, 3GPP AAA core, Gy charging agent).
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "OpenTWAG",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "WireFormat", targets: ["WireFormat"]),
        .library(name: "RADIUS", targets: ["RADIUS"]),
        .library(name: "EAP", targets: ["EAP"]),
        .library(name: "EAPAKA", targets: ["EAPAKA"]),
        .library(name: "NAI", targets: ["NAI"]),
        .library(name: "Milenage", targets: ["Milenage"]),
        .library(name: "Diameter", targets: ["Diameter"]),
        .library(name: "IPC", targets: ["IPC"]),
        .library(name: "HashPrimitives", targets: ["HashPrimitives"]),
        .library(name: "TWAGConfiguration", targets: ["TWAGConfiguration"]),
        .library(name: "IPCTransport", targets: ["IPCTransport"]),
        .library(name: "DiameterPeer", targets: ["DiameterPeer"]),
        .executable(name: "twag-bench", targets: ["twag-bench"]),
        .executable(name: "twag", targets: ["twag"]),
        .executable(name: "radius-frontend", targets: ["radius-frontend"]),
        .executable(name: "ue-sim", targets: ["ue-sim"]),
        .executable(name: "hss-sim", targets: ["hss-sim"]),
        .executable(name: "aaa-core", targets: ["aaa-core"]),
        .executable(name: "charging-agent", targets: ["charging-agent"]),
        .executable(name: "ocs-sim", targets: ["ocs-sim"]),
        .executable(name: "twag-admin", targets: ["twag-admin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // Protocol libraries: pure Swift values, no I/O.
        .target(name: "WireFormat", path: "Shared/WireFormat", swiftSettings: strict),
        .target(
            name: "HashPrimitives", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/HashPrimitives", swiftSettings: strict),
        .target(
            name: "RADIUS",
            dependencies: ["WireFormat", "HashPrimitives", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/RADIUS", swiftSettings: strict),
        .target(name: "EAP", dependencies: ["WireFormat"], path: "Shared/EAP", swiftSettings: strict),
        .target(
            name: "EAPAKA",
            dependencies: [
                "WireFormat", "EAP", "HashPrimitives",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/EAPAKA", swiftSettings: strict),
        .target(name: "NAI", path: "Shared/NAI", swiftSettings: strict),
        .target(
            name: "Milenage",
            dependencies: [
                "WireFormat",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/Milenage", swiftSettings: strict),
        .target(name: "Diameter", dependencies: ["WireFormat"], path: "Shared/Diameter", swiftSettings: strict),
        // Framing between our own processes (docs/ipc.md).
        .target(name: "IPC", dependencies: ["WireFormat"], path: "Shared/IPC", swiftSettings: strict),

        // The operator's configuration file (config/twag.yaml), shared by every service.
        .target(
            name: "TWAGConfiguration", dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Shared/TWAGConfiguration", swiftSettings: strict),

        // What services report to the operator surface (status, Diameter test, disconnects), as JSON.
        .target(name: "OperatorStatus", dependencies: ["IPC"], path: "Shared/OperatorStatus", swiftSettings: strict),

        // IPC over Unix domain sockets between the services (docs/ipc.md).
        .target(
            name: "IPCTransport",
            dependencies: [
                "IPC", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/IPCTransport", swiftSettings: strict),

        // Diameter peers over TCP/TLS/SCTP: RFC 6733 state machine, RFC 3539 watchdog, routing, failover.
        .target(
            name: "DiameterPeer",
            dependencies: [
                "Diameter", "WireFormat", "OperatorStatus", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/DiameterPeer", swiftSettings: strict),

        // Configured Diameter peers (HSS, OCS) as the peer layer's settings.
        .target(
            name: "DiameterSettings", dependencies: ["DiameterPeer", "TWAGConfiguration"], path: "Shared/DiameterSettings",
            swiftSettings: strict),

        // What every executable shares: logging, Prometheus endpoint, lifecycle, config loading.
        .target(
            name: "ServiceSupport",
            dependencies: [
                "TWAGConfiguration", "OperatorStatus", "WireFormat",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Shared/ServiceSupport", swiftSettings: strict),

        // aaa-core: the 3GPP AAA server (EAP-AKA/AKA' conversations, SWx to the HSS).
        // The shared store of sessions and accounting, used by every service: SQLite (GRDB) on one
        // node, PostgreSQL (postgres-nio) shared by several.
        .target(
            name: "SessionStore",
            dependencies: [
                "PostgresStore", "TWAGConfiguration", "WireFormat", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/SessionStore", swiftSettings: strict),
        .target(
            name: "AAACore",
            dependencies: [
                "WireFormat", "EAP", "EAPAKA", "NAI", "Milenage", "Diameter", "DiameterPeer", "DiameterSettings", "IPC",
                "IPCTransport", "TWAGConfiguration", "SessionStore", "OperatorStatus",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Services/aaa-core/Core", swiftSettings: strict),
        .executableTarget(
            name: "aaa-core",
            dependencies: [
                "AAACore", "IPCTransport", "DiameterPeer", "Diameter", "TWAGConfiguration", "ServiceSupport", "SessionStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Services/aaa-core/Main", swiftSettings: strict),

        // charging-agent: Diameter Gy towards the OCS (credit-control state per session, in the shared store).
        .target(
            name: "ChargingAgent",
            dependencies: [
                "Diameter", "DiameterPeer", "DiameterSettings", "IPC", "IPCTransport", "TWAGConfiguration", "SessionStore",
                "WireFormat", "OperatorStatus", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Services/charging-agent/Core", swiftSettings: strict),
        .executableTarget(
            name: "charging-agent",
            dependencies: [
                "ChargingAgent", "IPCTransport", "DiameterPeer", "Diameter", "TWAGConfiguration", "ServiceSupport",
                "SessionStore", "OperatorStatus", "IPC", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Services/charging-agent/Main", swiftSettings: strict),

        // radius-frontend: RADIUS for the APs, stateless towards EAP (aaa-core holds it).
        .target(
            name: "RADIUSFrontend",
            dependencies: [
                "RADIUS", "IPC", "IPCTransport", "TWAGConfiguration", "WireFormat", "SessionStore", "HashPrimitives", "OperatorStatus",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Services/radius-frontend/Core", swiftSettings: strict),
        .executableTarget(
            name: "radius-frontend",
            dependencies: [
                "RADIUSFrontend", "IPC", "IPCTransport", "TWAGConfiguration", "ServiceSupport",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/radius-frontend/Main", swiftSettings: strict),

        // ue-sim: phone + AP over real RADIUS, and the load generator.
        .target(
            name: "UESimulator",
            dependencies: [
                "RADIUS", "EAP", "EAPAKA", "Milenage", "NAI", "WireFormat",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Services/ue-sim/Core", swiftSettings: strict),
        .executableTarget(
            name: "ue-sim",
            dependencies: ["UESimulator", "ServiceSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/ue-sim/Main", swiftSettings: strict),

        // The shared store on PostgreSQL (issue #11): location, schema, migrations.
        .target(
            name: "PostgresStore",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Shared/PostgresStore", swiftSettings: strict),

        // hss-sim: a lab SWx HSS (Milenage, SQN persisted, resync, unknown user).
        .target(
            name: "HSSSimulator",
            dependencies: [
                "WireFormat", "Milenage", "Diameter", "EAPAKA", .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/hss-sim/Core", swiftSettings: strict),
        .executableTarget(
            name: "hss-sim",
            dependencies: [
                "HSSSimulator", "Diameter", "DiameterPeer", "ServiceSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Services/hss-sim/Main", swiftSettings: strict),

        // ocs-sim: a lab Gy OCS (balances in octets, ledger, RAR/ASR, faults).
        .target(
            name: "OCSSimulator",
            dependencies: ["Diameter", .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log")],
            path: "Services/ocs-sim/Core", swiftSettings: strict),
        .executableTarget(
            name: "ocs-sim",
            dependencies: [
                "OCSSimulator", "Diameter", "DiameterPeer", "ServiceSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Services/ocs-sim/Main", swiftSettings: strict),

        // What the operator surface reads and does, whatever the transport (twag-admin's HTTP, `twag`'s
        // terminal): the store's sessions, the services' live state over IPC, disconnects, Diameter test.
        .target(
            name: "OperatorQueries",
            dependencies: [
                "OperatorStatus", "IPC", "IPCTransport", "SessionStore", "NAI",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/OperatorQueries", swiftSettings: strict),

        // twag-admin: the operators' HTTPS dashboard and REST API (Hummingbird), apart from the auth path.
        .target(
            name: "TWAGAdmin",
            dependencies: [
                "OperatorQueries", "OperatorStatus", "IPC", "IPCTransport", "SessionStore", "TWAGConfiguration", "NAI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Services/twag-admin/Core", swiftSettings: strict),
        .executableTarget(
            name: "twag-admin",
            dependencies: [
                "TWAGAdmin", "OperatorQueries", "ServiceSupport", "SessionStore", "TWAGConfiguration",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Services/twag-admin/Main", swiftSettings: strict),

        // twag: the operator CLI (lab supervisor `twag up`, Status-Server probe).
        .target(
            name: "TWAGCLI", dependencies: ["RADIUS", "SessionStore", "OperatorQueries", "OperatorStatus"], path: "Services/twag/Core",
            swiftSettings: strict),
        .executableTarget(
            name: "twag",
            dependencies: ["TWAGCLI", "SessionStore", "TWAGConfiguration", "OperatorQueries", "OperatorStatus",
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/twag/Main", swiftSettings: strict),

        // Micro-benchmarks (run in release; figures go to docs/performance.md).
        .executableTarget(
            name: "twag-bench",
            dependencies: ["WireFormat", "RADIUS", "EAP", "EAPAKA", "Milenage", "Diameter", "SessionStore", "ServiceSupport"],
            path: "Services/twag-bench", swiftSettings: strict),

        // Tests.
        .target(
            name: "TestSupport", dependencies: ["WireFormat", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "HashPrimitivesTests",
            dependencies: [
                "HashPrimitives", "WireFormat", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/HashPrimitivesTests", swiftSettings: strict),
        .testTarget(name: "WireFormatTests", dependencies: ["WireFormat"], path: "Tests/WireFormatTests", swiftSettings: strict),
        .testTarget(
            name: "RADIUSTests", dependencies: ["RADIUS", "WireFormat", "TestSupport"], path: "Tests/RADIUSTests",
            swiftSettings: strict),
        .testTarget(
            name: "EAPTests", dependencies: ["EAP", "WireFormat", "TestSupport"], path: "Tests/EAPTests",
            swiftSettings: strict),
        .testTarget(
            name: "EAPAKATests", dependencies: [
                "EAPAKA", "EAP", "WireFormat", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/EAPAKATests", swiftSettings: strict),
        .testTarget(name: "NAITests", dependencies: ["NAI", "TestSupport"], path: "Tests/NAITests", swiftSettings: strict),
        .testTarget(
            name: "MilenageTests", dependencies: ["Milenage", "WireFormat", "TestSupport"], path: "Tests/MilenageTests",
            swiftSettings: strict),
        .testTarget(
            name: "DiameterTests", dependencies: ["Diameter", "WireFormat", "TestSupport"], path: "Tests/DiameterTests",
            swiftSettings: strict),
        .testTarget(
            name: "IPCTests", dependencies: ["IPC", "WireFormat", "TestSupport"], path: "Tests/IPCTests",
            swiftSettings: strict),
        .testTarget(
            name: "TWAGConfigurationTests", dependencies: ["TWAGConfiguration", "TestSupport"],
            path: "Tests/TWAGConfigurationTests", swiftSettings: strict),
        .testTarget(
            name: "ServiceSupportTests",
            dependencies: [
                "ServiceSupport", "TestSupport", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/ServiceSupportTests", swiftSettings: strict),
        .testTarget(
            name: "IPCTransportTests",
            dependencies: [
                "IPCTransport", "IPC", "TestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/IPCTransportTests", swiftSettings: strict),
        .testTarget(
            name: "RADIUSFrontendTests",
            dependencies: [
                "RADIUSFrontend", "RADIUS", "IPC", "IPCTransport", "TWAGConfiguration", "WireFormat", "TestSupport", "SessionStore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/RADIUSFrontendTests", swiftSettings: strict),
        .testTarget(
            name: "SessionStoreTests",
            dependencies: ["SessionStore", "TestSupport", "PostgresStore", "TWAGConfiguration", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/SessionStoreTests", swiftSettings: strict),
        .testTarget(
            name: "DiameterPeerTests",
            dependencies: [
                "DiameterPeer", "Diameter", "WireFormat", "TestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/DiameterPeerTests", swiftSettings: strict),
        .testTarget(
            name: "UESimulatorTests",
            dependencies: [
                "UESimulator", "RADIUS", "EAP", "EAPAKA", "Milenage", "NAI", "WireFormat", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/UESimulatorTests", swiftSettings: strict),
        .testTarget(
            name: "HSSSimulatorTests",
            dependencies: [
                "HSSSimulator", "Milenage", "Diameter", "DiameterPeer", "EAPAKA", "WireFormat", "TestSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/HSSSimulatorTests", swiftSettings: strict),
        .testTarget(
            name: "AAACoreTests",
            dependencies: [
                "AAACore", "WireFormat", "EAP", "EAPAKA", "NAI", "Milenage", "Diameter", "DiameterPeer", "IPC",
                "IPCTransport", "TWAGConfiguration", "TestSupport", "HSSSimulator", "SessionStore", "OperatorStatus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/AAACoreTests", swiftSettings: strict),
        .testTarget(
            name: "ChargingAgentTests",
            dependencies: [
                "ChargingAgent", "Diameter", "DiameterPeer", "IPC", "IPCTransport", "SessionStore", "TWAGConfiguration",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/ChargingAgentTests", swiftSettings: strict),
        .testTarget(
            name: "OCSSimulatorTests",
            dependencies: ["OCSSimulator", "Diameter", "DiameterPeer", "TestSupport", .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOPosix", package: "swift-nio")],
            path: "Tests/OCSSimulatorTests", swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests", dependencies: ["TestSupport", "RADIUS", "EAP", "SessionStore", "PostgresStore", .product(name: "Logging", package: "swift-log")], path: "Tests/IntegrationTests", swiftSettings: strict),
        .testTarget(
            name: "TWAGCLITests", dependencies: ["TWAGCLI", "SessionStore", "OperatorQueries", "OperatorStatus"],
            path: "Tests/TWAGCLITests", swiftSettings: strict),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["PostgresStore", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Tests/PostgresStoreTests", swiftSettings: strict),
        .testTarget(
            name: "OperatorStatusTests", dependencies: ["OperatorStatus", "IPC"], path: "Tests/OperatorStatusTests",
            swiftSettings: strict),
        .testTarget(
            name: "TWAGAdminTests", dependencies: ["TWAGAdmin", "TWAGConfiguration"], path: "Tests/TWAGAdminTests",
            swiftSettings: strict),
        .testTarget(
            name: "OperatorQueriesTests",
            dependencies: ["OperatorQueries", "OperatorStatus", "SessionStore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/OperatorQueriesTests", swiftSettings: strict),
        .testTarget(
            name: "InteropTests",
            dependencies: ["RADIUS", "EAP", "EAPAKA", "Milenage", "NAI", "Diameter", "WireFormat", "TestSupport"],
            path: "Tests/InteropTests", swiftSettings: strict),
    ]
)
