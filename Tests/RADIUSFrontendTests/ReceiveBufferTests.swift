import Foundation
import Logging
import MetricsTestKit
import NIOPosix
import RADIUSFrontend
import TestSupport
import XCTest

/// `radius.socket_receive_buffer_bytes`: set on every RADIUS socket; a size the kernel caps
/// (net.core.rmem_max) is reported, since a capped buffer drops bursts of requests.
final class ReceiveBufferTests: XCTestCase {
    private func start(receiveBufferBytes: Int) async throws -> [LogStore.Record] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logs = LogStore()
        let logger = logs.logger(label: "rcvbuf-test")
        let radius = TestData.radius()
        let pipeline = AuthPipeline(policy: SourcePolicy(radius: radius), settings: PipelineSettings(radius: radius, frontendID: "x"),
                                    forwarder: FakeForwarder(fallback: AuthPipelineTests.challenge), registry: nil,
                                    metrics: FrontendMetrics(factory: TestMetrics()), logger: logger)
        let server = RADIUSAuthServer(bindAddresses: ["127.0.0.1"], port: 0, group: group, pipeline: pipeline,
                                      receiveBufferBytes: receiveBufferBytes, logger: logger)
        try await server.start()
        await server.shutdown()
        try await group.shutdownGracefully()
        return logs.records
    }

    func testABufferTheKernelCapsIsReported() async throws {
        // 1 GiB is above any host's net.core.rmem_max.
        let lines = try await start(receiveBufferBytes: 1 << 30)
        let warning = try XCTUnwrap(lines.first { $0.level == .warning && $0.message.contains("receive buffer") })
        XCTAssertTrue(warning.message.contains("net.core.rmem_max"), warning.message)
        XCTAssertTrue(warning.message.contains("radius.socket_receive_buffer_bytes"), warning.message)
    }

    func testABufferWithinTheLimitIsSetSilently() async throws {
        let lines = try await start(receiveBufferBytes: 65_536)
        XCTAssertFalse(lines.contains { $0.level == .warning }, "\(lines.map(\.message))")
        XCTAssertTrue(lines.contains { $0.level == .debug && $0.message.contains("receive buffer 65536 bytes") },
                      "\(lines.map(\.message))")
    }
}
