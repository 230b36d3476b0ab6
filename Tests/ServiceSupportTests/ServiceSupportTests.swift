import Foundation
import Logging
import Metrics
import NIOPosix
import Prometheus
import ServiceSupport
import TestSupport
import XCTest

final class ServiceSupportTests: XCTestCase {
    /// Tests share one process and swift-metrics can be bootstrapped once per process (another
    /// target does it), so this test feeds the registry through an explicit factory.
    static let registry = ServiceMetrics.makeRegistry(service: "test-service")

    func testMetricsEndpointServesSwiftMetricsInPrometheusFormat() async throws {
        let registry = Self.registry
        let factory = HelpfulMetricsFactory(registry: registry)
        Counter(label: "radius_access_request_count", factory: factory).increment(by: 3)
        Metrics.Timer(label: "charging_ocs_request_duration_seconds", factory: factory).recordMilliseconds(1)
        Counter(
            label: "diameter_message_count",
            dimensions: [("application", "3GPP SWx"), ("command", "MAR"), ("direction", "out")], factory: factory
        ).increment()
        let endpoint = MetricsEndpoint(
            registry: registry, host: "127.0.0.1", port: 0, group: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "test"))
        let port = try await endpoint.start()
        defer { Task { await endpoint.shutdown() } }

        let (body, status) = try await httpGet(port: port, path: "/metrics")
        XCTAssertEqual(status, 200)
        XCTAssertTrue(body.contains("radius_access_request_count 3"), body)
        XCTAssertTrue(body.contains(#"diameter_message_count{application="3GPP SWx",command="MAR",direction="out"} 1"#), body)
        XCTAssertTrue(body.contains("process_resident_memory_bytes"), body)
        XCTAssertTrue(body.contains(#"twag_service_info{service="test-service"} 1"#), body)
        XCTAssertTrue(body.contains("# HELP radius_access_request_count Access-Requests that passed validation"), body)
        XCTAssertTrue(body.contains(#"charging_ocs_request_duration_seconds_bucket{le="0.0005"}"#), "sub-millisecond buckets: \(body)")
        let (_, missing) = try await httpGet(port: port, path: "/other")
        XCTAssertEqual(missing, 404)

        // promtool is the independent oracle for the exposition format when it is installed.
        if let problems = try PromtoolCheck.problems(in: body) {
            XCTAssertEqual(problems, [], "promtool")
        }
    }

    /// Every metric a source file names has a HELP text in the catalogue (promtool then has nothing
    /// to say but the guide's `_count` names).
    func testEveryMetricInTheSourcesHasHelpText() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let pattern = try NSRegularExpression(pattern: #"(?:Counter|Gauge|Timer|Recorder)\(label: "([a-z_]+)""#)
        var names = Set<String>()
        for folder in ["Shared", "Services"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let range = Range(match.range(at: 1), in: text) { names.insert(String(text[range])) }
                }
            }
        }
        XCTAssertGreaterThan(names.count, 40, "the scan found the metrics")
        XCTAssertEqual(names.subtracting(MetricHelp.text.keys).sorted(), [], "metrics without HELP text")
        XCTAssertEqual(Set(MetricHelp.text.keys).subtracting(names).sorted(), [], "HELP text for metrics that no longer exist")
    }

    func testTextAndJSONLogLines() {
        var text = Logger(label: "t") { TWAGLogHandler(service: "aaa-core", label: $0, format: .text, level: .info) }
        text[metadataKey: "imsi"] = "001010000000001"
        let capture = TWAGLogHandlerRenderProbe.render(format: .text, message: "Authentication ACCEPTED", metadata: ["imsi": "001010000000001"])
        XCTAssertTrue(capture.hasSuffix(" info aaa-core: Authentication ACCEPTED imsi=001010000000001\n"), capture)
        let json = TWAGLogHandlerRenderProbe.render(format: .json, message: "quote \" and\nnewline", metadata: [:])
        XCTAssertTrue(json.contains(#""msg":"quote \" and\nnewline""#), json)
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        XCTAssertEqual(object?["service"], "aaa-core")
        XCTAssertEqual(object?["level"], "info")
        _ = text
    }

    func testOnlyTWAGVariablesAreConfigurationOverrides() {
        let env = ["TWAG_RADIUS__SECRET": "x", "HOME": "/root", "PATH": "/bin", "TWAG_RUNTIME_DIR": "/run/twag"]
        XCTAssertEqual(Set(ServiceConfiguration.overrides(from: env).keys), ["TWAG_RADIUS__SECRET", "TWAG_RUNTIME_DIR"])
    }

    private func httpGet(port: Int, path: String) async throws -> (String, Int) {
        try await withCheckedThrowingContinuation { cont in
            DispatchQueue.global().async {
                do { cont.resume(returning: try HTTPProbe.get(port: port, path: path)) } catch { cont.resume(throwing: error) }
            }
        }
    }
}
