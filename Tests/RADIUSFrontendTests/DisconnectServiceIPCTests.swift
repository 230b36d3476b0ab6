import Foundation
import IPC
import MetricsTestKit
import NIOPosix
import RADIUS
import RADIUSFrontend
import TWAGConfiguration
import XCTest

/// `RADIUSFrontendService.handle(ipcRequest:)`: what aaa-core gets back for a `disconnect-request`.
final class DisconnectServiceIPCTests: XCTestCase {
    private var group: MultiThreadedEventLoopGroup!
    private var directory: URL!

    override func setUp() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        directory = try temporaryDirectory()
    }

    override func tearDown() async throws {
        try await group.shutdownGracefully()
        try? FileManager.default.removeItem(at: directory)
    }

    private func makeService(coaPort: Int) throws -> RADIUSFrontendService {
        var configuration = try TWAGConfiguration.parse(yaml: """
            diameter: {host: aaa.test, realm: test}
            radius: {secret: testing123, allowed_source_subnets: ["127.0.0.0/8"], bind_addresses: ["127.0.0.1"]}
            database_path: \(directory.appendingPathComponent("twag.sqlite").path)
            runtime_dir: \(directory.path)
            """)
        configuration.radius.authPort = 0
        configuration.radius.acctPort = 0
        configuration.radius.coaPort = coaPort
        return RADIUSFrontendService(configuration: configuration, instanceID: "fe-ipc",
                                     forwarder: FakeForwarder(fallback: AuthPipelineTests.challenge), group: group,
                                     logger: TestData.logger, metrics: FrontendMetrics(factory: TestMetrics()))
    }

    private func errorCode(_ frame: IPCFrame) throws -> IPCErrorCode? {
        try frame.uint32(.errorCode).flatMap(IPCErrorCode.init(rawValue:))
    }

    func testOtherMessageTypesAreUnsupported() async throws {
        let service = try makeService(coaPort: 3799)
        let answer = await service.handle(ipcRequest: IPCFrame(type: .authRequest, correlationID: 41))
        XCTAssertEqual(answer.type, .error)
        XCTAssertEqual(answer.correlationID, 41)
        XCTAssertEqual(try errorCode(answer), .unsupportedMessage)
    }

    func testDisconnectBeforeStartIsUpstreamUnavailable() async throws {
        let service = try makeService(coaPort: 3799)
        let frame = IPCFrame(type: .disconnectRequest, correlationID: 42, fields: DisconnectSenderTests.request.fields)
        let answer = await service.handle(ipcRequest: frame)
        XCTAssertEqual(answer.type, .error)
        XCTAssertEqual(try errorCode(answer), .upstreamUnavailable)
    }

    func testMalformedAndValidDisconnectRequestsOnARunningService() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let service = try makeService(coaPort: das.port)
        let bound = try await service.start()
        XCTAssertEqual(bound.count, 2, "authentication and accounting listeners")

        // Required User-Name missing.
        let missing = IPCFrame(type: .disconnectRequest, correlationID: 43, fields: [
            IPCField(.sessionID, string: "twag:x"), IPCField(.clientAddress, string: "127.0.0.1"),
        ])
        var answer = await service.handle(ipcRequest: missing)
        XCTAssertEqual(answer.type, .error)
        XCTAssertEqual(answer.correlationID, 43)
        XCTAssertEqual(try errorCode(answer), .malformedMessage)
        // Invalid UTF-8 in a string field.
        var invalid = DisconnectSenderTests.request.fields
        invalid.insert(IPCField(.userName, bytes: [0xFF, 0xFE]), at: 0)
        answer = await service.handle(ipcRequest: IPCFrame(type: .disconnectRequest, correlationID: 44, fields: invalid))
        XCTAssertEqual(try errorCode(answer), .malformedMessage)
        XCTAssertTrue(das.received.isEmpty)

        let valid = IPCFrame(type: .disconnectRequest, correlationID: 45, fields: DisconnectSenderTests.request.fields)
        answer = await service.handle(ipcRequest: valid)
        XCTAssertEqual(answer.type, .disconnectResult)
        XCTAssertEqual(answer.correlationID, 45)
        XCTAssertEqual(try IPCDisconnectOutcome(frame: answer), .acknowledged)
        XCTAssertFalse(das.received.isEmpty)
        await service.shutdown()
        await das.close()
    }
}
