import Diameter
@testable import DiameterPeer
import Foundation
import Logging
import Metrics
import MetricsTestKit
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import XCTest

/// Shared helpers for the socket tests: nodes on 127.0.0.1 with ephemeral ports and fast timers.
enum Harness {
    /// Metrics can be bootstrapped once per process; every test node is created after this.
    static let metrics: TestMetrics = {
        let m = TestMetrics()
        MetricsSystem.bootstrap(m)
        return m
    }()

    static let group = MultiThreadedEventLoopGroup.singleton
    static let realm = "lab.twag"

    static var logger: Logger {
        var l = Logger(label: "diameter-peer-tests")
        l.logLevel = ProcessInfo.processInfo.environment["DIAMETER_TEST_LOG"] == nil ? .critical : .debug
        return l
    }

    static func identity(_ host: String, apps: [DiameterApplication] = [.swx]) -> DiameterLocalIdentity {
        DiameterLocalIdentity(originHost: host, originRealm: realm, hostIPAddresses: ["127.0.0.1"],
                              productName: "OpenTWAG-test", authApplications: apps)
    }

    static func options(recorder: Recorder? = nil) -> DiameterNodeOptions {
        _ = metrics
        var o = DiameterNodeOptions()
        o.minimumWatchdogInterval = .milliseconds(100)
        o.watchdogJitter = .zero
        o.tickInterval = .milliseconds(20)
        o.disconnectTimeout = .milliseconds(500)
        o.capabilitiesExchangeTimeout = .seconds(3)
        o.connectTimeout = .seconds(2)
        if let recorder { o.messageObserver = { recorder.record($0) } }
        return o
    }

    static func peer(_ host: String, port: Int, priority: Int = 1, initiate: Bool = true,
                     tw: Duration = .seconds(30), timeout: Duration = .seconds(3), maxInFlight: Int = 64,
                     tls: DiameterTLSSettings? = nil) -> DiameterPeerSettings {
        DiameterPeerSettings(host: host, realm: realm, address: "127.0.0.1", port: port, tls: tls,
                             initiateConnection: initiate, priority: priority, watchdogInterval: tw,
                             requestTimeout: timeout,
                             reconnectBackoff: DiameterBackoff(initial: .milliseconds(100), max: .seconds(1)),
                             maxInFlight: maxInFlight)
    }

    /// An HSS-like server: answers MAR with MAA 2001 carrying its Origin-Host, unless `handler` is given.
    static func server(_ host: String, peers: [DiameterPeerSettings] = [], acceptUnknown: Bool = true,
                       recorder: Recorder? = nil, tls: DiameterTLSSettings? = nil,
                       handler: (@Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage?)? = nil)
        async throws -> DiameterNode
    {
        var o = options(recorder: recorder)
        o.listenerTLS = tls
        let answer: @Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage? = handler ?? { req, _ in
            req.answer(resultCode: .success, avps: [.originHost(host), .originRealm(realm)])
        }
        let node = DiameterNode(identity: identity(host), peers: peers, listen: ("127.0.0.1", 0),
                                acceptUnknownPeers: acceptUnknown, options: o, group: group, logger: logger,
                                requestHandler: answer)
        try await node.start()
        return node
    }

    static func client(_ peers: [DiameterPeerSettings], recorder: Recorder? = nil, host: String = "aaa.lab.twag")
        async throws -> DiameterNode
    {
        let node = DiameterNode(identity: identity(host), peers: peers, listen: nil, options: options(recorder: recorder),
                                group: group, logger: logger)
        try await node.start()
        return node
    }

    static func mar(user: String = "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org") -> DiameterMessage {
        .request(command: .multimediaAuth, application: .swx, hopByHop: 0, endToEnd: 0, avps: [
            .sessionId("aaa.lab.twag;1;\(UInt32.random(in: 0...UInt32.max))"), .authSessionState(1),
            .originHost("aaa.lab.twag"), .originRealm(realm), .destinationRealm(realm), .userName(user),
        ])
    }

    /// Polls `condition` every 20 ms until true or `timeout`.
    static func waitUntil(_ what: String, timeout: Duration = .seconds(10), file: StaticString = #filePath,
                          line: UInt = #line, _ condition: () -> Bool) async {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline {
                XCTFail("timed out waiting for \(what)", file: file, line: line)
                return
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    static func isOpen(_ node: DiameterNode, _ host: String) -> Bool {
        node.peerStatus().first { $0.host == host }?.isOpen ?? false
    }

    static func state(_ node: DiameterNode, _ host: String) -> String? {
        node.peerStatus().first { $0.host == host }?.state
    }
}

/// Messages a node's observer saw.
final class Recorder: Sendable {
    private let events = NIOLockedValueBox<[DiameterMessageEvent]>([])

    func record(_ e: DiameterMessageEvent) { events.withLockedValue { $0.append(e) } }

    func messages(_ direction: DiameterMessageEvent.Direction, _ command: DiameterCommand,
                  request: Bool) -> [DiameterMessage] {
        events.withLockedValue { list in
            list.filter { $0.direction == direction && $0.message.command == command && $0.message.isRequest == request }
                .map(\.message)
        }
    }
}

/// A raw TCP client that speaks bytes, for malformed-input tests.
final class RawClient: Sendable {
    let channel: any Channel
    private let box: NIOLockedValueBox<(frames: [DiameterInbound], closed: Bool)>

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = DiameterInbound
        let box: NIOLockedValueBox<(frames: [DiameterInbound], closed: Bool)>
        init(_ box: NIOLockedValueBox<(frames: [DiameterInbound], closed: Bool)>) { self.box = box }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let item = unwrapInboundIn(data)
            box.withLockedValue { $0.frames.append(item) }
        }
        func channelInactive(context: ChannelHandlerContext) { box.withLockedValue { $0.closed = true } }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }

    init(port: Int) async throws {
        let box = NIOLockedValueBox<(frames: [DiameterInbound], closed: Bool)>(([], false))
        self.box = box
        channel = try await ClientBootstrap(group: Harness.group).channelInitializer { ch in
            ch.eventLoop.makeCompletedFuture {
                try ch.pipeline.syncOperations.addHandler(ByteToMessageHandler(DiameterFrameDecoder()))
                try ch.pipeline.syncOperations.addHandler(Collector(box))
            }
        }.connect(host: "127.0.0.1", port: port).get()
    }

    func send(_ bytes: [UInt8]) async throws {
        var b = channel.allocator.buffer(capacity: bytes.count)
        b.writeBytes(bytes)
        try await channel.writeAndFlush(b).get()
    }

    var messages: [DiameterMessage] {
        box.withLockedValue { $0.frames.compactMap { if case .message(let m) = $0 { return m } else { return nil } } }
    }

    var isClosed: Bool { box.withLockedValue { $0.closed } }
}
