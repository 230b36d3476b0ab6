import IPC
import IPCTransport
import NIOConcurrencyHelpers
import NIOPosix
import TestSupport
import XCTest

final class IPCReconnectTests: XCTestCase {
    func testServerRestartFailsInFlightAtOnceAndClientReconnectsByItself() async throws {
        let directory = try TemporarySocketDirectory()
        defer { directory.remove() }
        let path = directory.socket("core.sock")
        let logs = LogStore()
        let group = MultiThreadedEventLoopGroup.singleton
        let held = NIOLockedValueBox(0)
        func server() -> IPCServer {
            IPCServer(path: path, serviceName: "aaa-core", instanceID: "core-1", group: group, logger: logs.logger()) {
                request, peer in
                if (try? request.string(.userName)) == "hang" { held.withLockedValue { $0 += 1 } }
                return await IPCRequestReplyTests.echo(request, peer)
            }
        }

        let first = server()
        try await first.start()
        let client = IPCClient(
            path: path, serviceName: "radius-frontend", instanceID: "fe-1", backoffInitial: .milliseconds(20),
            backoffMax: .milliseconds(300), group: group, logger: logs.logger())
        client.start()
        let connected = await eventually { client.isConnected }
        XCTAssertTrue(connected)

        let inFlight = (0..<10).map { _ in
            Task { () async -> (Result<IPCFrame, IPCRequestError>, ContinuousClock.Instant) in
                (await outcome(client, "hang", timeout: .seconds(20)), .now)
            }
        }
        let allHeld = await eventually { held.withLockedValue { $0 } == 10 }
        XCTAssertTrue(allHeld, "the server is holding every request when it goes away")
        let killedAt = ContinuousClock.now
        await first.shutdown()
        for task in inFlight {
            let (result, at) = await task.value
            XCTAssertEqual(result.failure, .connectionLost)
            XCTAssertLessThan(at - killedAt, .seconds(1), "failed at once, not at the 20 s timeout")
        }
        let dropped = await eventually { !client.isConnected }
        XCTAssertTrue(dropped)
        do {
            _ = try await client.request(.authRequest, fields: [])
            XCTFail("expected notConnected while the server is down")
        } catch {
            XCTAssertEqual(error, .notConnected)
        }

        let second = server()
        try await second.start()
        let reconnected = await eventually { client.isConnected }
        XCTAssertTrue(reconnected, "the client reconnected without being told")
        let reply = try await client.request(.authRequest, fields: [IPCField(.userName, string: "again")])
        XCTAssertEqual(try reply.string(.userName), "again")

        await client.shutdown()
        await second.shutdown()
    }
}
