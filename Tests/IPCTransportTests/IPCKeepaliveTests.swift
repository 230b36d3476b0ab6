import IPC
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import XCTest

@testable import IPCTransport

/// A server that finishes (or skips) the handshake but never answers pings: a hung aaa-core.
private final class MuteServerHandler: ChannelInboundHandler {
    typealias InboundIn = IPCFrame
    typealias OutboundOut = IPCFrame

    let answerHello: Bool
    let pings: NIOLockedValueBox<Int>

    init(answerHello: Bool, pings: NIOLockedValueBox<Int>) {
        self.answerHello = answerHello
        self.pings = pings
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.type {
        case .hello where answerHello:
            let ack = IPCFrame(
                type: .helloAck, correlationID: frame.correlationID,
                fields: [IPCField(.serviceName, string: "aaa-core"), IPCField(.instanceID, string: "mute")])
            context.writeAndFlush(Self.wrapOutboundOut(ack), promise: nil)
        case .ping:
            pings.withLockedValue { $0 += 1 }
        default:
            break
        }
    }
}

final class IPCKeepaliveTests: XCTestCase {
    private let group = MultiThreadedEventLoopGroup.singleton
    private let fast = IPCKeepalivePolicy(
        interval: .milliseconds(100), maxMissedPongs: 3, handshakeTimeout: .milliseconds(300))

    private func muteServer(at path: String, answerHello: Bool, pings: NIOLockedValueBox<Int>) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                initializeIPCChannel(channel, maxFrameSize: IPCFrame.defaultMaximumSize) {
                    MuteServerHandler(answerHello: answerHello, pings: pings)
                }
            }
            .bind(unixDomainSocketPath: path).get()
    }

    private func client(_ path: String, logs: LogStore) -> IPCClient {
        IPCClient(
            path: path, serviceName: "radius-frontend", instanceID: "fe-1", requestTimeout: .seconds(30),
            backoffInitial: .seconds(30), backoffMax: .seconds(30), maxFrameSize: IPCFrame.defaultMaximumSize,
            group: group, logger: logs.logger(), requestHandler: nil, metricsFactory: nil, policy: fast)
    }

    func testClientClosesAfterThreeMissedPongsAndFailsInFlight() async throws {
        let directory = try TemporarySocketDirectory()
        defer { directory.remove() }
        let path = directory.socket("mute.sock")
        let pings = NIOLockedValueBox(0)
        let server = try await muteServer(at: path, answerHello: true, pings: pings)
        let logs = LogStore()
        let client = client(path, logs: logs)
        client.start()
        let connected = await eventually { client.isConnected }
        XCTAssertTrue(connected)

        // The request is never answered; the keepalive, not its 30 s timeout, ends it.
        let start = ContinuousClock.now
        let result = await outcome(client, "hung")
        XCTAssertEqual(result.failure, .connectionLost)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
        XCTAssertEqual(pings.withLockedValue { $0 }, 3)
        XCTAssertFalse(client.isConnected)
        XCTAssertEqual(logs.lines(containing: "IPC connection closed by this end").count, 1)

        await client.shutdown()
        try await server.close()
    }

    func testClientGivesUpOnAServerThatNeverAcknowledgesHello() async throws {
        let directory = try TemporarySocketDirectory()
        defer { directory.remove() }
        let path = directory.socket("mute.sock")
        let server = try await muteServer(at: path, answerHello: false, pings: NIOLockedValueBox(0))
        let logs = LogStore()
        let client = client(path, logs: logs)
        client.start()
        let gaveUp = await eventually {
            logs.lines(containing: "IPC connection closed by this end").contains { $0.contains("handshake not completed") }
        }
        XCTAssertTrue(gaveUp)
        XCTAssertFalse(client.isConnected)
        await client.shutdown()
        try await server.close()
    }
}
