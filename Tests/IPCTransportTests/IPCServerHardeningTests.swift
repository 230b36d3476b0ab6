import Foundation
import IPC
import IPCTransport
import MetricsTestKit
import NIOPosix
import TestSupport
import XCTest

/// Hostile or broken peers, and the socket file's life cycle.
final class IPCServerHardeningTests: XCTestCase {
    private var directory: TemporarySocketDirectory!
    private let group = MultiThreadedEventLoopGroup.singleton
    private let logs = LogStore()
    private let metrics = TestMetrics()

    override func setUp() async throws {
        directory = try TemporarySocketDirectory()
    }

    override func tearDown() async throws {
        directory.remove()
    }

    private func makeServer(_ path: String) -> IPCServer {
        IPCServer(
            path: path, serviceName: "aaa-core", instanceID: "core-1", group: group, logger: logs.logger(),
            handler: IPCRequestReplyTests.echo, metricsFactory: metrics)
    }

    private var frameErrors: Int64 {
        metrics.counterTotal(label: "ipc_frame_errors_total", dimensions: [("service", "aaa-core")])
    }

    func testMalformedFrameClosesOnlyThatConnection() async throws {
        let path = directory.socket("core.sock")
        let server = makeServer(path)
        try await server.start()
        let client = IPCClient(path: path, serviceName: "radius-frontend", instanceID: "fe-good", group: group, logger: logs.logger())
        client.start()
        let connected = await eventually { client.isConnected }
        XCTAssertTrue(connected)

        let raw = try RawUnixSocket(path: path)
        raw.send(helloFrame(instance: "fe-bad").encoded())
        XCTAssertEqual(raw.readFrame()?.type, .helloAck)
        var bad = IPCFrame(type: .authRequest, correlationID: 2, fields: [IPCField(.msk, bytes: [0xAB, 0xCD, 0xEF])]).encoded()
        bad[4] = 9  // unsupported version
        raw.send(bad)
        XCTAssertTrue(raw.waitForEOF(), "the server closed the broken connection")

        let lines = logs.lines(containing: "IPC frame error")
        XCTAssertEqual(lines.count, 1, "one log line")
        XCTAssertTrue(lines.allSatisfy { !$0.lowercased().contains("abcdef") && !$0.contains("171") }, "no payload bytes: \(lines)")
        XCTAssertEqual(frameErrors, 1)

        // The good client and new connections are still served.
        let reply = try await client.request(.authRequest, fields: [IPCField(.userName, string: "still")])
        XCTAssertEqual(try reply.string(.userName), "still")
        let gone = await eventually { server.connectedPeers().map(\.peerInstance) == ["fe-good"] }
        XCTAssertTrue(gone)

        let oversized = try RawUnixSocket(path: path)
        oversized.send(helloFrame(instance: "fe-big").encoded())
        XCTAssertEqual(oversized.readFrame()?.type, .helloAck)
        oversized.send([0x7F, 0xFF, 0xFF, 0xFF])  // declares 2 GiB: refused before any body byte
        XCTAssertTrue(oversized.waitForEOF())
        XCTAssertEqual(frameErrors, 2)
        XCTAssertTrue(client.isConnected)

        await client.shutdown()
        await server.shutdown()
    }

    func testHandshakeIsEnforced() async throws {
        let path = directory.socket("core.sock")
        let server = makeServer(path)
        try await server.start()

        let pingFirst = try RawUnixSocket(path: path)
        pingFirst.send(IPCFrame(type: .ping, correlationID: 1).encoded())
        XCTAssertTrue(pingFirst.waitForEOF(), "a frame before hello closes the connection")

        let requestFirst = try RawUnixSocket(path: path)
        requestFirst.send(IPCFrame(type: .authRequest, correlationID: 1, fields: [IPCField(.userName, string: "x")]).encoded())
        XCTAssertTrue(requestFirst.waitForEOF(), "no request is served before hello")

        let anonymous = try RawUnixSocket(path: path)
        anonymous.send(IPCFrame(type: .hello, correlationID: 1, fields: [IPCField(.serviceName, string: "radius-frontend")]).encoded())
        XCTAssertTrue(anonymous.waitForEOF(), "hello without an instance id is refused")

        let proper = try RawUnixSocket(path: path)
        proper.send(helloFrame(instance: "fe-raw", correlationID: 77).encoded())
        let ack = try XCTUnwrap(proper.readFrame())
        XCTAssertEqual(ack.type, .helloAck)
        XCTAssertEqual(ack.correlationID, 77)
        XCTAssertEqual(try ack.string(.serviceName), "aaa-core")
        XCTAssertEqual(try ack.string(.instanceID), "core-1")
        XCTAssertNotNil(try ack.uint32(.protocolVersion))
        proper.send(IPCFrame(type: .ping, correlationID: 78).encoded())
        XCTAssertEqual(proper.readFrame(), IPCFrame(type: .pong, correlationID: 78))
        proper.send(IPCFrame(type: .authRequest, correlationID: 79, fields: [IPCField(.userName, string: "raw")]).encoded())
        let reply = try XCTUnwrap(proper.readFrame())
        XCTAssertEqual(reply.correlationID, 79)
        XCTAssertEqual(try reply.string(.userName), "raw")
        proper.send(helloFrame(instance: "fe-raw").encoded())
        XCTAssertTrue(proper.waitForEOF(), "a second hello is a protocol violation")
        XCTAssertEqual(frameErrors, 4)

        await server.shutdown()
    }

    func testStaleSocketFileIsReplacedAndPermissionsAre0660() async throws {
        let path = directory.socket("core.sock")
        try makeStaleSocketFile(at: path)
        let server = makeServer(path)
        try await server.start()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o660)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeSocket)

        let raw = try RawUnixSocket(path: path)
        raw.send(helloFrame().encoded())
        XCTAssertEqual(raw.readFrame()?.type, .helloAck, "the new server answers on the replaced file")

        await server.shutdown()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "shutdown removes its socket file")
    }

    func testLiveSocketAndRegularFileAreNeverRemoved() async throws {
        let path = directory.socket("core.sock")
        let live = makeServer(path)
        try await live.start()
        do {
            try await makeServer(path).start()
            XCTFail("a second server must not steal a live socket")
        } catch {
            XCTAssertEqual(error, .socketInUse(path: path))
        }
        let raw = try RawUnixSocket(path: path)
        raw.send(helloFrame().encoded())
        XCTAssertEqual(raw.readFrame()?.type, .helloAck, "the first server is untouched")
        await live.shutdown()

        let file = directory.socket("notes.txt")
        try Data("operator notes".utf8).write(to: URL(fileURLWithPath: file))
        do {
            try await makeServer(file).start()
            XCTFail("a regular file must not be replaced")
        } catch {
            XCTAssertEqual(error, .pathIsNotASocket(path: file))
        }
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "operator notes")
    }
}
