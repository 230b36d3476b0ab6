import AAACore
import Foundation
import IPC
import IPCTransport
import Logging
import Milenage
import NIOPosix
import XCTest

/// The engine behind a real IPC server on a Unix socket, driven by an IPC client as a frontend would.
final class AAACoreIPCTests: XCTestCase {
    func testAuthenticationOverTheUnixSocket() async throws {
        var template = Array("/tmp/aaacore-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/aaa-core.sock"

        let harness = EngineHarness(hss: try Subscriber.hss())
        let engine = harness.engine
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logger = Logger(label: "aaa-core-ipc-test") { _ in SwiftLogNoOpLogHandler() }
        let server = IPCServer(path: path, serviceName: "aaa-core", instanceID: "core-1", group: group,
                               logger: logger) { frame, _ in await engine.handle(frame) }
        try await server.start()
        let client = IPCClient(path: path, serviceName: "radius-frontend", instanceID: "fe-1", group: group,
                               logger: logger)
        client.start()
        let deadline = ContinuousClock.now + .seconds(5)
        while !client.isConnected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        XCTAssertTrue(client.isConnected)

        var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let first = try await client.request(.authRequest, fields: [
            IPCField(.eapMessage, bytes: try phone.identityResponse(identifier: 1)),
            IPCField(.clientAddress, string: "192.0.2.10:40000"), IPCField(.frontendID, string: "fe-1"),
        ])
        XCTAssertEqual(first.type, .authChallenge)
        let response = try phone.respond(to: try XCTUnwrap(first.bytes(.eapMessage)))
        let second = try await client.request(.authRequest, fields: [
            IPCField(.eapMessage, bytes: response), IPCField(.radiusState, bytes: try XCTUnwrap(first.bytes(.radiusState))),
            IPCField(.clientAddress, string: "192.0.2.10:40000"), IPCField(.frontendID, string: "fe-1"),
        ])
        XCTAssertEqual(second.type, .authAccept)
        XCTAssertEqual(second.bytes(.msk), phone.msk)
        XCTAssertEqual(try second.string(.imsi), Subscriber.imsi)

        await client.shutdown()
        await server.shutdown()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "socket removed on shutdown")
        try await group.shutdownGracefully()
    }
}
