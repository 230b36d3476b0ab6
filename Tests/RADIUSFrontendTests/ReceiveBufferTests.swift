import Foundation
import Logging
import MetricsTestKit
import NIOPosix
import RADIUSFrontend
import XCTest

/// `radius.socket_receive_buffer_bytes`: set on every RADIUS socket; a size the kernel caps
/// (net.core.rmem_max) is reported, since a capped buffer drops bursts of requests.
final class ReceiveBufferTests: XCTestCase {
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [(Logger.Level, String)] = []
        var all: [(Logger.Level, String)] { lock.withLock { stored } }
        func append(_ level: Logger.Level, _ line: String) { lock.withLock { stored.append((level, line)) } }
    }

    private struct Capture: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.append(event.level, event.message.description) }
    }

    private func start(receiveBufferBytes: Int) async throws -> [(Logger.Level, String)] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let lines = Lines()
        let logger = Logger(label: "rcvbuf-test") { _ in Capture(lines: lines) }
        let radius = TestData.radius()
        let pipeline = AuthPipeline(policy: SourcePolicy(radius: radius), settings: PipelineSettings(radius: radius, frontendID: "x"),
                                    forwarder: FakeForwarder(fallback: AuthPipelineTests.challenge), registry: nil,
                                    metrics: FrontendMetrics(factory: TestMetrics()), logger: logger)
        let server = RADIUSAuthServer(bindAddresses: ["127.0.0.1"], port: 0, group: group, pipeline: pipeline,
                                      receiveBufferBytes: receiveBufferBytes, logger: logger)
        try await server.start()
        await server.shutdown()
        try await group.shutdownGracefully()
        return lines.all
    }

    func testABufferTheKernelCapsIsReported() async throws {
        // 1 GiB is above any host's net.core.rmem_max.
        let lines = try await start(receiveBufferBytes: 1 << 30)
        let warning = try XCTUnwrap(lines.first { $0.0 == .warning && $0.1.contains("receive buffer") })
        XCTAssertTrue(warning.1.contains("net.core.rmem_max"), warning.1)
        XCTAssertTrue(warning.1.contains("radius.socket_receive_buffer_bytes"), warning.1)
    }

    func testABufferWithinTheLimitIsSetSilently() async throws {
        let lines = try await start(receiveBufferBytes: 65_536)
        XCTAssertFalse(lines.contains { $0.0 == .warning }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.0 == .debug && $0.1.contains("receive buffer 65536 bytes") }, "\(lines)")
    }
}
