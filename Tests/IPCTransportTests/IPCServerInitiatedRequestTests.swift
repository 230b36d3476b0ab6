import IPC
import IPCTransport
import NIOPosix
import TestSupport
import XCTest

/// charging-agent asking a given frontend to disconnect a subscriber.
final class IPCServerInitiatedRequestTests: XCTestCase {
    func testServerRequestReachesTheNamedClient() async throws {
        let directory = try TemporarySocketDirectory()
        defer { directory.remove() }
        let path = directory.socket("charging.sock")
        let logs = LogStore()
        let group = MultiThreadedEventLoopGroup.singleton
        let server = IPCServer(
            path: path, serviceName: "charging-agent", instanceID: "ca-1", group: group, logger: logs.logger(),
            handler: IPCRequestReplyTests.echo)
        try await server.start()

        func frontend(_ instance: String) -> IPCClient {
            IPCClient(
                path: path, serviceName: "radius-frontend", instanceID: instance, group: group, logger: logs.logger(),
                requestHandler: { request, peer in
                    guard request.type == .disconnectRequest else { return nil }
                    return IPCFrame(
                        type: .disconnectResult, correlationID: 0,
                        fields: [
                            IPCField(.errorMessage, string: "\(instance) by \(peer.peerService)"),
                            IPCField(.sessionID, string: ((try? request.string(.sessionID)) ?? nil) ?? ""),
                        ])
                })
        }
        let a = frontend("fe-a")
        let b = frontend("fe-b")
        let mute = IPCClient(path: path, serviceName: "radius-frontend", instanceID: "fe-mute", group: group, logger: logs.logger())
        for c in [a, b, mute] { c.start() }
        let all = await eventually { server.connectedPeers().count == 3 }
        XCTAssertTrue(all)
        XCTAssertEqual(Set(server.connectedPeers().map(\.peerInstance)), ["fe-a", "fe-b", "fe-mute"])

        let reply = try await server.request(to: "fe-b", .disconnectRequest, fields: [IPCField(.sessionID, string: "s-42")])
        XCTAssertEqual(reply.type, .disconnectResult)
        XCTAssertEqual(try reply.string(.errorMessage), "fe-b by charging-agent")
        XCTAssertEqual(try reply.string(.sessionID), "s-42")

        // Client requests still work on the same connection at the same time.
        async let fromClient = a.request(.authRequest, fields: [IPCField(.userName, string: "both")])
        async let fromServer = server.request(to: "fe-a", .disconnectRequest, fields: [IPCField(.sessionID, string: "s-1")])
        let (r1, r2) = try await (fromClient, fromServer)
        XCTAssertEqual(try r1.string(.userName), "both")
        XCTAssertEqual(try r2.string(.sessionID), "s-1")

        do {
            _ = try await server.request(to: "fe-mute", .disconnectRequest, fields: [])
            XCTFail("a client without a request handler answers unsupported")
        } catch {
            guard case .remote(.unsupportedMessage, _) = error else { return XCTFail("\(error)") }
        }
        do {
            _ = try await server.request(to: "fe-nobody", .disconnectRequest, fields: [])
            XCTFail("unknown instance")
        } catch {
            XCTAssertEqual(error, .notConnected)
        }
        do {
            _ = try await server.request(to: "fe-a", .authChallenge, fields: [], timeout: .milliseconds(200))
            XCTFail("the handler returned nil: no reply, so the request times out")
        } catch {
            XCTAssertEqual(error, .timeout)
        }

        for c in [a, b, mute] { await c.shutdown() }
        let none = await eventually { server.connectedPeers().isEmpty }
        XCTAssertTrue(none)
        await server.shutdown()
    }
}
