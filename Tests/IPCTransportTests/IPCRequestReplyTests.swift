import IPC
import IPCTransport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import XCTest

/// Client and server over a real Unix socket in a temp dir.
final class IPCRequestReplyTests: XCTestCase {
    private var directory: TemporarySocketDirectory!
    private let group = MultiThreadedEventLoopGroup.singleton
    private let logs = LogStore()

    override func setUp() async throws {
        directory = try TemporarySocketDirectory()
    }

    override func tearDown() async throws {
        directory.remove()
    }

    /// Echoes userName back in an auth-challenge; `slow` requests wait, `fail` ones return an error.
    static let echo: @Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame? = { request, peer in
        let name = (try? request.string(.userName)) ?? nil
        switch name {
        case "slow":
            try? await Task.sleep(for: .seconds(1))
        case "fail":
            return IPCFrame(
                type: .error, correlationID: 0,
                fields: [IPCField(.errorCode, uint32: IPCErrorCode.overloaded.rawValue), IPCField(.errorMessage, string: "busy")])
        case "silent":
            return nil
        case "hang":
            try? await Task.sleep(for: .seconds(30))
            return nil
        default:
            break
        }
        return IPCFrame(
            type: .authChallenge, correlationID: 0,
            fields: [IPCField(.userName, string: name ?? ""), IPCField(.frontendID, string: peer.peerInstance)])
    }

    private func makeServer(
        _ path: String,
        handler: @escaping @Sendable (IPCFrame, IPCConnectionInfo) async -> IPCFrame? = IPCRequestReplyTests.echo
    ) -> IPCServer {
        IPCServer(
            path: path, serviceName: "aaa-core", instanceID: "core-1", group: group, logger: logs.logger(), handler: handler)
    }

    private func makeClient(
        _ path: String, instance: String = "fe-1", timeout: Duration = .seconds(3),
        maxFrameSize: Int = IPCFrame.defaultMaximumSize
    ) -> IPCClient {
        IPCClient(
            path: path, serviceName: "radius-frontend", instanceID: instance, requestTimeout: timeout,
            backoffInitial: .milliseconds(20), backoffMax: .milliseconds(200), maxFrameSize: maxFrameSize, group: group,
            logger: logs.logger())
    }

    /// A started echo server and a client that has completed its handshake with it.
    private func connectedPair(
        clientMaxFrameSize: Int = IPCFrame.defaultMaximumSize, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> (server: IPCServer, client: IPCClient) {
        let path = directory.socket("core.sock")
        let server = makeServer(path)
        try await server.start()
        let client = makeClient(path, maxFrameSize: clientMaxFrameSize)
        client.start()
        let connected = await eventually { client.isConnected }
        XCTAssertTrue(connected, "client connected", file: file, line: line)
        return (server, client)
    }

    /// `waitUntilConnected` is resumed by the handshake (a server started after the client), gives
    /// up at its timeout with no server, and answers at once after shutdown.
    func testWaitUntilConnectedFollowsTheHandshake() async throws {
        let path = directory.socket("late.sock")
        let client = makeClient(path)
        client.start()
        let clock = ContinuousClock()
        var connected = true
        let waited = await clock.measure { connected = await client.waitUntilConnected(timeout: .milliseconds(300)) }
        XCTAssertFalse(connected, "no server: not connected")
        XCTAssertGreaterThanOrEqual(waited, .milliseconds(300))

        async let late = client.waitUntilConnected(timeout: .seconds(10))
        let server = makeServer(path)
        try await server.start()
        let lateConnected = await late
        XCTAssertTrue(lateConnected)
        XCTAssertTrue(client.isConnected)
        let already = await client.waitUntilConnected(timeout: .seconds(10))
        XCTAssertTrue(already, "connected already: answered at once")

        await client.shutdown()
        let afterShutdown = await clock.measure { connected = await client.waitUntilConnected(timeout: .seconds(10)) }
        XCTAssertFalse(connected)
        XCTAssertLessThan(afterShutdown, .seconds(1))
        await server.shutdown()
    }

    private static func request(_ client: IPCClient, _ name: String, timeout: Duration? = nil) async throws(IPCRequestError) -> IPCFrame {
        try await client.request(.authRequest, fields: [IPCField(.userName, string: name)], timeout: timeout)
    }

    func testRoundTripCarriesFieldsPeerIdentityAndCorrelation() async throws {
        let (server, client) = try await connectedPair()

        let reply = try await Self.request(client, "alice")
        XCTAssertEqual(reply.type, .authChallenge)
        XCTAssertEqual(try reply.string(.userName), "alice")
        XCTAssertEqual(try reply.string(.frontendID), "fe-1", "the handler saw the client's hello identity")
        let peers = await eventually { server.connectedPeers() == [IPCConnectionInfo(peerService: "radius-frontend", peerInstance: "fe-1")] }
        XCTAssertTrue(peers)

        await client.shutdown()
        await server.shutdown()
    }

    func testTwoClientsFiveHundredConcurrentRequestsEach() async throws {
        let path = directory.socket("core.sock")
        let server = makeServer(path)
        try await server.start()
        let clients = [makeClient(path, instance: "fe-a"), makeClient(path, instance: "fe-b")]
        for c in clients { c.start() }
        let connected = await eventually { clients.allSatisfy(\.isConnected) }
        XCTAssertTrue(connected)

        let mismatches = await withTaskGroup(of: Int.self) { group in
            for (index, client) in clients.enumerated() {
                for n in 0..<500 {
                    group.addTask {
                        let name = "c\(index)-\(n)"
                        guard let reply = try? await client.request(.authRequest, fields: [IPCField(.userName, string: name)]),
                            (try? reply.string(.userName)) == name,
                            (try? reply.string(.frontendID)) == (index == 0 ? "fe-a" : "fe-b")
                        else { return 1 }
                        return 0
                    }
                }
            }
            return await group.reduce(0, +)
        }
        XCTAssertEqual(mismatches, 0, "every reply matched its own request")
        XCTAssertEqual(Set(server.connectedPeers().map(\.peerInstance)), ["fe-a", "fe-b"])
        for c in clients { await c.shutdown() }
        await server.shutdown()
    }

    func testSlowRequestDoesNotBlockOthersOnTheSameConnection() async throws {
        let (server, client) = try await connectedPair()

        let slow = Task { await outcome(client, "slow") }
        let start = ContinuousClock.now
        for n in 0..<20 { _ = try await Self.request(client, "fast-\(n)") }
        XCTAssertLessThan(ContinuousClock.now - start, .milliseconds(900), "fast requests overtook the slow one")
        let slowReply = try await slow.value.get()
        XCTAssertEqual(try slowReply.string(.userName), "slow")
        await client.shutdown()
        await server.shutdown()
    }

    /// Awaits a request that must time out; returns how long it took.
    private func timedOut(_ client: IPCClient, _ name: String, timeout: Duration,
                          file: StaticString = #filePath, line: UInt = #line) async -> Duration {
        let start = ContinuousClock.now
        let result = await outcome(client, name, timeout: timeout)
        XCTAssertEqual(result.failure, .timeout, file: file, line: line)
        return ContinuousClock.now - start
    }

    func testTimeoutThenConnectionStaysUsable() async throws {
        let (server, client) = try await connectedPair()

        let elapsed = await timedOut(client, "silent", timeout: .milliseconds(200))
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(200))
        XCTAssertLessThan(elapsed, .seconds(2))
        _ = await timedOut(client, "slow", timeout: .milliseconds(100))
        let after = try await Self.request(client, "after")
        XCTAssertEqual(after.type, .authChallenge)
        XCTAssertTrue(client.isConnected)
        await client.shutdown()
        await server.shutdown()
    }

    /// Timeouts share one sweep at the earliest deadline: a short timeout behind a long one still
    /// fires on time, and the long one after it. The long request goes out first through the
    /// completion form, which registers it before the call returns.
    func testShortTimeoutBehindALongOneFiresOnTime() async throws {
        let (server, client) = try await connectedPair()
        let (longResult, longDone) = AsyncStream.makeStream(of: Result<IPCFrame, IPCRequestError>.self)
        let longStart = ContinuousClock.now
        client.request(.authRequest, fields: [IPCField(.userName, string: "silent")], timeout: .seconds(2)) { result in
            longDone.yield(result)
            longDone.finish()
        }
        let elapsed = await timedOut(client, "silent", timeout: .milliseconds(150))
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(150))
        XCTAssertLessThan(elapsed, .seconds(1), "the short timeout waited for the long one's timer")
        for await result in longResult {
            XCTAssertEqual(result.failure, .timeout)
        }
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - longStart, .seconds(2))
        await client.shutdown()
        await server.shutdown()
    }

    func testErrorReplyBecomesRemoteError() async throws {
        let (server, client) = try await connectedPair()
        do {
            _ = try await Self.request(client, "fail")
            XCTFail("expected remote error")
        } catch {
            XCTAssertEqual(error, .remote(code: .overloaded, message: "busy"))
        }
        await client.shutdown()
        await server.shutdown()
    }

    func testNotConnectedFailsAtOnceAndShutdownFailsInFlight() async throws {
        let path = directory.socket("core.sock")
        let client = makeClient(path)
        client.start()
        let start = ContinuousClock.now
        do {
            _ = try await Self.request(client, "x")
            XCTFail("expected notConnected")
        } catch {
            XCTAssertEqual(error, .notConnected)
        }
        XCTAssertLessThan(ContinuousClock.now - start, .milliseconds(100))

        let held = NIOLockedValueBox(0)
        let server = makeServer(path) { request, peer in
            if (try? request.string(.userName)) == "hang" { held.withLockedValue { $0 += 1 } }
            return await Self.echo(request, peer)
        }
        try await server.start()
        let connected = await eventually { client.isConnected }
        XCTAssertTrue(connected, "the client keeps retrying until the server appears")

        let inFlight = Task { await outcome(client, "hang", timeout: .seconds(10)) }
        let reached = await eventually { held.withLockedValue { $0 } == 1 }
        XCTAssertTrue(reached, "the server is holding the request when the client shuts down")
        await client.shutdown()
        let result = await inFlight.value
        XCTAssertEqual(result.failure, .shuttingDown)
        XCTAssertFalse(client.isConnected)
        do {
            _ = try await Self.request(client, "x")
            XCTFail("expected shuttingDown")
        } catch {
            XCTAssertEqual(error, .shuttingDown)
        }
        await server.shutdown()
    }

    func testOversizedRequestIsRefusedLocallyWithoutDroppingTheConnection() async throws {
        let (server, client) = try await connectedPair(clientMaxFrameSize: 1024)
        do {
            _ = try await client.request(.authRequest, fields: [IPCField(.eapMessage, bytes: [UInt8](repeating: 1, count: 2000))])
            XCTFail("expected refusal")
        } catch {
            guard case .remote(.malformedMessage, _) = error else { return XCTFail("\(error)") }
        }
        let ok = try await Self.request(client, "ok")
        XCTAssertEqual(ok.type, .authChallenge)
        await client.shutdown()
        await server.shutdown()
    }
}

/// A request's outcome as a value, for tasks that outlive the statement that started them.
func outcome(_ client: IPCClient, _ userName: String, timeout: Duration? = nil) async -> Result<IPCFrame, IPCRequestError> {
    do throws(IPCRequestError) {
        return .success(try await client.request(.authRequest, fields: [IPCField(.userName, string: userName)], timeout: timeout))
    } catch {
        return .failure(error)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
