import Foundation
import IPC
import IPCTransport
import MetricsTestKit
import NIOPosix
import RADIUS
import RADIUSFrontend
import XCTest

/// The forwarder against a real IPCServer playing aaa-core on a Unix socket in a temp directory.
final class IPCAuthForwarderTests: XCTestCase {
    func waitUntilConnected(_ client: IPCClient) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !client.isConnected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertTrue(client.isConnected)
    }

    func testDecisionsTravelOverTheSocket() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("aaa-core.sock").path
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = IPCServer(path: path, serviceName: "aaa-core", instanceID: "core-test", group: group, logger: TestData.logger,
                               handler: { frame, _ in
                                   guard frame.type == .authRequest else { return nil }
                                   if frame.bytes(.radiusState) == nil {
                                       return IPCFrame(type: .authChallenge, correlationID: frame.correlationID, fields: [
                                           IPCField(.eapMessage, bytes: [1, 9, 0, 4]), IPCField(.radiusState, bytes: [0x51]),
                                       ])
                                   }
                                   return IPCFrame(type: .authAccept, correlationID: frame.correlationID, fields: [
                                       IPCField(.eapMessage, bytes: [3, 9, 0, 4]), IPCField(.msk, bytes: TestData.msk),
                                       IPCField(.sessionClass, string: "s-1"), IPCField(.acceptedUserName, string: "u@r"),
                                       IPCField(.imsi, string: "234150999999999"),
                                   ])
                               }, metricsFactory: TestMetrics())
        try await server.start()
        let client = IPCClient(path: path, serviceName: "radius-frontend", instanceID: "fe-ipc", group: group, logger: TestData.logger,
                               metricsFactory: TestMetrics())
        client.start()
        try await waitUntilConnected(client)
        let forwarder = IPCAuthForwarder(client: client)
        let request = try XCTUnwrap(AuthForwardRequest(packet: TestData.accessRequest(), client: TestData.apIP, frontendID: "fe-ipc"))
        let challenge = try await forwarder.forward(request)
        XCTAssertEqual(challenge, .challenge(eap: [1, 9, 0, 4], state: [0x51]))
        var second = request
        second.state = [0x51]
        guard case .accept(let acceptance) = try await forwarder.forward(second) else { return XCTFail("expected accept") }
        XCTAssertEqual(acceptance.msk, TestData.msk)
        XCTAssertEqual(acceptance.userName, "u@r")
        await client.shutdown()
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    func testUnreachableCoreIsUnavailable() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let client = IPCClient(path: dir.appendingPathComponent("aaa-core.sock").path, serviceName: "radius-frontend",
                               instanceID: "fe-ipc", group: group, logger: TestData.logger, metricsFactory: TestMetrics())
        client.start()
        let request = try XCTUnwrap(AuthForwardRequest(packet: TestData.accessRequest(), client: TestData.apIP, frontendID: "fe-ipc"))
        do {
            _ = try await IPCAuthForwarder(client: client).forward(request)
            XCTFail("no aaa-core: must fail")
        } catch {
            guard case .unavailable = error else { return XCTFail("unexpected \(error)") }
        }
        await client.shutdown()
        try await group.shutdownGracefully()
    }

    func testSlowCoreTimesOut() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("aaa-core.sock").path
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = IPCServer(path: path, serviceName: "aaa-core", instanceID: "core-test", group: group, logger: TestData.logger,
                               handler: { frame, _ in
                                   try? await Task.sleep(for: .seconds(1))
                                   return IPCFrame(type: .authDiscard, correlationID: frame.correlationID)
                               }, metricsFactory: TestMetrics())
        try await server.start()
        let client = IPCClient(path: path, serviceName: "radius-frontend", instanceID: "fe-ipc", requestTimeout: .milliseconds(200),
                               group: group, logger: TestData.logger, metricsFactory: TestMetrics())
        client.start()
        try await waitUntilConnected(client)
        let request = try XCTUnwrap(AuthForwardRequest(packet: TestData.accessRequest(), client: TestData.apIP, frontendID: "fe-ipc"))
        do {
            _ = try await IPCAuthForwarder(client: client).forward(request)
            XCTFail("must time out")
        } catch {
            XCTAssertEqual(error, .timeout)
        }
        await client.shutdown()
        await server.shutdown()
        try await group.shutdownGracefully()
    }
}
