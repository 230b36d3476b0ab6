import Foundation
import Logging
import Metrics
import NIOPosix
import Prometheus
import ServiceSupport
import XCTest

final class ServiceSupportTests: XCTestCase {
    /// Tests share one process and swift-metrics can be bootstrapped once per process (another
    /// target does it), so this test feeds the registry through an explicit factory.
    static let registry = ServiceMetrics.makeRegistry(service: "test-service")

    func testMetricsEndpointServesSwiftMetricsInPrometheusFormat() async throws {
        let registry = Self.registry
        let factory = PrometheusMetricsFactory(registry: registry)
        Counter(label: "radius_access_request_count", factory: factory).increment(by: 3)
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
        let (_, missing) = try await httpGet(port: port, path: "/other")
        XCTAssertEqual(missing, 404)

        // promtool is the independent oracle for the exposition format when it is installed.
        if let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(where: FileManager.default.isExecutableFile) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: promtool)
            p.arguments = ["check", "metrics"]
            let input = Pipe()
            let output = Pipe()
            p.standardInput = input
            p.standardOutput = output
            p.standardError = output
            try p.run()
            input.fileHandleForWriting.write(Data(body.utf8))
            try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            // Exit 1 = the exposition does not parse: always a failure. Exit 3 = lint remarks, which
            // are accepted only for what we chose on purpose: the product guide's `*_count` counter
            // names (operators' dashboards use them) and swift-metrics' lack of HELP lines.
            XCTAssertNotEqual(p.terminationStatus, 1, text)
            XCTAssertFalse(text.contains("error while linting"), text)
            for line in text.split(separator: "\n") {
                let accepted = line.hasSuffix("no help text")
                    || (line.split(separator: " ").first?.hasSuffix("_count") == true
                        && (line.contains("should have \"_total\" suffix") || line.contains("should not have \"_count\" suffix")))
                XCTAssertTrue(accepted, "promtool: \(line)")
            }
        }
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
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)\(path)"))
        return try await withCheckedThrowingContinuation { cont in
            // URLSession is not in FoundationEssentials on Linux; a raw socket keeps the test dependency-free.
            DispatchQueue.global().async {
                do { cont.resume(returning: try rawGet(url: url)) } catch { cont.resume(throwing: error) }
            }
        }
    }
}

/// Minimal HTTP/1.0 GET over a blocking socket (test helper only).
private func rawGet(url: URL) throws -> (String, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(url.port ?? 80).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
    let request = "GET \(url.path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    _ = request.withCString { send(fd, $0, strlen($0), 0) }
    var data = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buf, buf.count, 0)
        if n <= 0 { break }
        data += buf[0..<n]
    }
    let text = String(decoding: data, as: UTF8.self)
    let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
    let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
    return (body, status)
}
