@testable import TWAGConfiguration
import XCTest

/// docs/operations.md's `## Configuration reference` has one row per configuration key, named by its
/// full dotted path (`diameter.peers[].host`), and no row for a path that is not a key: adding,
/// renaming or removing a key without updating the guide fails here.
///
/// The key paths come from the code: each section's `keys` (and the peers' `commonKeys`/`swxKeys`),
/// and, for the nested mappings that have no such list, the configuration's rendering
/// (`ConfigurationRendering.tree`), whose keys the loader accepts (`validate()` re-reads it).
final class OperationsGuideTests: XCTestCase {
    func testConfigurationReferenceNamesEveryKeyAndNothingElse() throws {
        let documented = try documentedRows()
        let duplicates = Dictionary(grouping: documented.map(\.path), by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        XCTAssertTrue(duplicates.isEmpty, "docs/operations.md documents these key paths more than once: \(duplicates.joined(separator: ", "))")

        let schema = try schemaKeyPaths()
        let named = Set(documented.map(\.path))
        let missing = schema.subtracting(named).sorted()
        XCTAssertTrue(missing.isEmpty,
                      "docs/operations.md (## Configuration reference) has no row for: \(missing.joined(separator: ", "))")
        let unknown = named.subtracting(schema).sorted()
        XCTAssertTrue(unknown.isEmpty,
                      "docs/operations.md (## Configuration reference) documents paths that are not keys: \(unknown.joined(separator: ", "))")
    }

    /// Each leaf key's row gives its environment variable exactly as `EnvironmentOverrides` reads it.
    func testConfigurationReferenceGivesEachKeysEnvironmentVariable() throws {
        let schema = try schemaKeyPaths()
        let leaves = schema.filter { path in !schema.contains { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[]") } }
        for row in try documentedRows() where leaves.contains(row.path) {
            let variable = Self.environmentVariable(for: row.path)
            XCTAssertTrue(row.line.contains("`\(variable)`"), "the row of \(row.path) does not give `\(variable)`")
        }
        // The rule the column follows is the loader's: a value set that way lands on the key.
        let overridden = try TWAGConfiguration.parse(yaml: minimalYAML, environment: [
            Self.environmentVariable(for: "diameter.reconnect_backoff_ms.initial"): "750",
            Self.environmentVariable(for: "diameter.peers[].host").replacingOccurrences(of: "<n>", with: "0"): "hss.example.org",
            Self.environmentVariable(for: "diameter.peers[].realm").replacingOccurrences(of: "<n>", with: "0"): "example.org",
            Self.environmentVariable(for: "diameter.peers[].ip").replacingOccurrences(of: "<n>", with: "0"): "192.0.2.1",
        ])
        XCTAssertEqual(overridden.diameter.reconnectBackoff.initialMilliseconds, 750)
        XCTAssertEqual(overridden.diameter.peers.first?.host, "hss.example.org")
    }

    /// The key lists the test reads agree with the rendering wherever both exist, so the rendering is
    /// a faithful source for the nested mappings that have no list of their own.
    func testKeyListsAgreeWithTheRendering() throws {
        let sample = try Self.sampleConfiguration()
        let rendered = Self.renderedMappings(ConfigurationRendering.tree(of: sample), path: "")
        for (path, keys) in Self.listedMappings {
            XCTAssertEqual(rendered[path].map(Set.init), Set(keys), "keys of \(path.isEmpty ? "the top level" : path)")
        }
    }

    // MARK: The schema

    /// Mappings whose keys the code lists, by path (`[]` for the items of a list).
    static let listedMappings: [(String, [String])] = [
        ("", TWAGConfiguration.keys),
        ("diameter", DiameterConfiguration.keys),
        ("diameter.peers[]", DiameterPeerConfiguration.commonKeys + DiameterPeerConfiguration.swxKeys),
        ("radius", RADIUSConfiguration.keys),
        ("eap", EAPConfiguration.keys),
        ("charging", ChargingConfiguration.keys),
        ("charging.peers[]", DiameterPeerConfiguration.commonKeys),
        ("ipc", IPCConfiguration.keys),
        ("prometheus", PrometheusConfiguration.keys),
        ("dashboard", DashboardConfiguration.keys),
        ("dashboard.users[]", OperatorAccountConfiguration.keys),
        ("api", APIConfiguration.keys),
        ("logging", LoggingConfiguration.keys),
    ]

    /// Every key path: the listed keys, plus the keys of every mapping the rendering shows.
    private func schemaKeyPaths() throws -> Set<String> {
        var paths: Set<String> = []
        for (parent, keys) in Self.listedMappings {
            for key in keys { paths.insert(Self.join(parent, key)) }
        }
        let sample = try Self.sampleConfiguration()
        for (parent, keys) in Self.renderedMappings(ConfigurationRendering.tree(of: sample), path: "") {
            for key in keys { paths.insert(Self.join(parent, key)) }
        }
        return paths
    }

    /// A configuration with one entry in every list of mappings, so the rendering shows their items'
    /// keys (optional keys are named by the rendering even when unset).
    static func sampleConfiguration() throws -> TWAGConfiguration {
        var configuration = TWAGConfiguration(diameter: DiameterConfiguration(host: "aaa.example.org", realm: "example.org"))
        configuration.diameter.peers = [DiameterPeerConfiguration(host: "hss.example.org", realm: "example.org", ip: "192.0.2.1")]
        configuration.radius.secret = ConfigurationSecret("s3cr3t-shared")
        let subnet = try XCTUnwrap(CIDRSubnet("192.0.2.0/24"))
        configuration.radius.clients = [RADIUSClientConfiguration(name: "aps", subnet: subnet, secret: ConfigurationSecret("s3cr3t-aps"))]
        configuration.charging.peers = [DiameterPeerConfiguration(host: "ocs.example.org", realm: "example.org", ip: "192.0.2.2")]
        configuration.dashboard.users = [OperatorAccountConfiguration(
            name: "operator", passwordHash: ConfigurationSecret("$2b$12$" + String(repeating: "a", count: 53)))]
        // The loader accepts every key the rendering writes (it refuses unknown keys).
        try configuration.validate()
        return configuration
    }

    /// Key names of every mapping in a rendered tree, by path.
    static func renderedMappings(_ value: ConfigurationRendering.Value, path: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        switch value {
        case .mapping(let fields):
            out[path] = fields.map { $0.0 }
            for case let (key, child?) in fields {
                out.merge(renderedMappings(child, path: join(path, key))) { Array(Set($0 + $1)).sorted() }
            }
        case .list(let items):
            for item in items {
                out.merge(renderedMappings(item, path: path + "[]")) { Array(Set($0 + $1)).sorted() }
            }
        case .string, .int, .bool, .secret, .url:
            break
        }
        return out
    }

    static func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// `diameter.peers[].host` → `TWAG_DIAMETER__PEERS__<n>__HOST` (EnvironmentOverrides' rule).
    static func environmentVariable(for path: String) -> String {
        let segments = path.replacingOccurrences(of: "[]", with: ".<n>").split(separator: ".").map { $0.uppercased() }
        return EnvironmentOverrides.prefix + segments.joined(separator: "__").replacingOccurrences(of: "<N>", with: "<n>")
    }

    // MARK: The guide

    private struct Row {
        var path: String
        var line: String
    }

    /// Table rows of `## Configuration reference` whose first cell is one code span.
    private func documentedRows() throws -> [Row] {
        let text = try String(contentsOfFile: Self.guidePath, encoding: .utf8)
        var rows: [Row] = []
        var inSection = false
        var sawSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") {
                inSection = line == "## Configuration reference"
                sawSection = sawSection || inSection
                continue
            }
            guard inSection, line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 2 else { continue }
            let first = cells[1]
            guard first.count > 2, first.hasPrefix("`"), first.hasSuffix("`") else { continue }
            rows.append(Row(path: String(first.dropFirst().dropLast()), line: line))
        }
        XCTAssertTrue(sawSection, "docs/operations.md has no \"## Configuration reference\" section")
        return rows
    }

    /// docs/operations.md at the repository root (this file is Tests/TWAGConfigurationTests/<file>).
    static var guidePath: String {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast(3)
        return (components + ["docs", "operations.md"]).joined(separator: "/")
    }
}
