import Foundation
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RADIUS
import RADIUSFrontend
import TWAGConfiguration
import XCTest

/// A UDP client on 127.0.0.1 that collects every datagram it receives.
final class UDPTestClient: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let received = NIOLockedValueBox<[[UInt8]]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            received.withLockedValue { $0.append(Array(envelope.data.readableBytesView)) }
        }
    }

    let channel: any Channel
    private let collector: Collector
    let server: SocketAddress

    init(group: any EventLoopGroup, server: SocketAddress, host: String = "127.0.0.1") async throws {
        let collector = Collector()
        self.collector = collector
        self.server = server
        channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .bind(host: host, port: 0).get()
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: bytes))).get()
    }

    var received: [[UInt8]] { collector.received.withLockedValue { $0 } }

    /// Waits (bounded) until `count` datagrams arrived.
    func waitFor(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [[UInt8]] {
        let deadline = ContinuousClock.now + timeout
        while received.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return received
    }

    /// Sends and expects no answer within `quiet`.
    func sendExpectingSilence(_ bytes: [UInt8], quiet: Duration = .milliseconds(300)) async throws -> Bool {
        let before = received.count
        try await send(bytes)
        try await Task.sleep(for: quiet)
        return received.count == before
    }
}

final class UDPServerTests: XCTestCase {
    var group: MultiThreadedEventLoopGroup!
    var directory: URL!

    override func setUp() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        directory = try temporaryDirectory()
    }

    override func tearDown() async throws {
        try await group.shutdownGracefully()
        try? FileManager.default.removeItem(at: directory)
    }

    private func startServer(forwarder: FakeForwarder, metrics: TestMetrics, subnets: [String] = ["127.0.0.0/8"],
                             registry: AccessPointRegistry? = nil,
                             bind: [String] = ["127.0.0.1"]) async throws -> (RADIUSAuthServer, SocketAddress) {
        let radius = TestData.radius(subnets: subnets)
        let pipeline = AuthPipeline(policy: SourcePolicy(radius: radius),
                                    settings: PipelineSettings(radius: radius, frontendID: "fe-udp"),
                                    forwarder: forwarder, registry: registry, metrics: FrontendMetrics(factory: metrics),
                                    logger: TestData.logger)
        let server = RADIUSAuthServer(bindAddresses: bind, port: 0, group: group, pipeline: pipeline, logger: TestData.logger)
        let bound = try await server.start()
        return (server, try XCTUnwrap(bound.last))
    }

    func testChallengeThenAcceptWithMPPEKeys() async throws {
        let metrics = TestMetrics()
        let forwarder = FakeForwarder { request in
            if request.state == nil { return .success(.challenge(eap: [1, 2, 0, 40] + [UInt8](repeating: 0x17, count: 36), state: [0xAA, 0x01])) }
            return .success(.accept(AuthAcceptance(eap: [3, 2, 0, 4], msk: TestData.msk, sessionClass: Array("twag-s1".utf8),
                                                   userName: "0234150999999999@wlan.mnc015.mcc234.3gppnetwork.org")))
        }
        let store = try SQLiteAccessPointStore(path: directory.appendingPathComponent("twag.sqlite").path)
        let registry = AccessPointRegistry(store: store, logger: TestData.logger, metrics: FrontendMetrics(factory: metrics))
        let (server, address) = try await startServer(forwarder: forwarder, metrics: metrics, registry: registry)
        let client = try await UDPTestClient(group: group, server: address)

        let first = TestData.accessRequest(identifier: 1)
        try await client.send(try first.encodeRequest(secret: TestData.secret))
        let answers = try await client.waitFor(1)
        let challenge = try RADIUSPacket.verifyResponse(try XCTUnwrap(answers.first), secret: TestData.secret,
                                                        requestAuthenticator: first.authenticator, requireMessageAuthenticator: true)
        XCTAssertEqual(challenge.code, .accessChallenge)
        XCTAssertEqual(challenge.state, [0xAA, 0x01])

        let second = TestData.accessRequest(identifier: 2, eap: [2, 2, 0, 40] + [UInt8](repeating: 0x17, count: 36), state: challenge.state)
        try await client.send(try second.encodeRequest(secret: TestData.secret))
        let both = try await client.waitFor(2)
        XCTAssertEqual(both.count, 2)
        let accept = try RADIUSPacket.verifyResponse(both[1], secret: TestData.secret, requestAuthenticator: second.authenticator,
                                                     requireMessageAuthenticator: true)
        XCTAssertEqual(accept.code, .accessAccept)
        XCTAssertEqual(accept.eapMessage, [3, 2, 0, 4])
        XCTAssertEqual(accept.classes, [Array("twag-s1".utf8)])
        XCTAssertEqual(accept.acctInterimInterval, 600)
        let keys = try XCTUnwrap(accept.mppeKeys(secret: TestData.secret, requestAuthenticator: second.authenticator))
        XCTAssertEqual(keys.recvKey, Array(TestData.msk[0..<32]))
        XCTAssertEqual(keys.sendKey, Array(TestData.msk[32..<64]))
        XCTAssertEqual(forwarder.requests.map(\.state), [nil, [0xAA, 0x01]])
        XCTAssertEqual(forwarder.requests.first?.clientAddress.hasPrefix("127.0.0.1:"), true)
        XCTAssertEqual(metrics.counterTotal(label: "radius_access_request_count"), 2)
        XCTAssertEqual(metrics.counterTotal(label: "radius_access_accept_count"), 1)

        await registry.flush(force: true)
        let rows = try await store.all()
        XCTAssertEqual(rows.map(\.nasIP), ["10.7.15.72"])
        XCTAssertEqual(rows.first?.clientCount, 1)
        try await client.channel.close()
        await server.shutdown()
    }

    func testBadSecretAndForeignSourceGetNoAnswer() async throws {
        let metrics = TestMetrics()
        let forwarder = FakeForwarder(fallback: AuthPipelineTests.challenge)
        let (server, address) = try await startServer(forwarder: forwarder, metrics: metrics)
        let client = try await UDPTestClient(group: group, server: address)
        let silent = try await client.sendExpectingSilence(try TestData.accessRequest().encodeRequest(secret: Array("wrong-secret".utf8)))
        XCTAssertTrue(silent)
        XCTAssertEqual(TestData.dropped(metrics, .badMessageAuthenticator), 1)
        try await client.channel.close()
        await server.shutdown()

        let foreignMetrics = TestMetrics()
        let (foreignServer, foreignAddress) = try await startServer(forwarder: forwarder, metrics: foreignMetrics, subnets: ["10.0.0.0/8"])
        let foreignClient = try await UDPTestClient(group: group, server: foreignAddress)
        let foreignSilent = try await foreignClient.sendExpectingSilence(try TestData.accessRequest().encodeRequest(secret: TestData.secret))
        XCTAssertTrue(foreignSilent)
        XCTAssertEqual(TestData.dropped(foreignMetrics, .sourceNotAllowed), 1)
        XCTAssertTrue(forwarder.requests.isEmpty)
        try await foreignClient.channel.close()
        await foreignServer.shutdown()
    }

    func testRetransmissionGetsTheCachedAnswer() async throws {
        let metrics = TestMetrics()
        let forwarder = FakeForwarder(fallback: AuthPipelineTests.challenge)
        let (server, address) = try await startServer(forwarder: forwarder, metrics: metrics)
        let client = try await UDPTestClient(group: group, server: address)
        let bytes = try TestData.accessRequest(identifier: 9).encodeRequest(secret: TestData.secret)
        try await client.send(bytes)
        _ = try await client.waitFor(1)
        try await client.send(bytes)
        let answers = try await client.waitFor(2)
        XCTAssertEqual(answers.count, 2)
        XCTAssertEqual(answers[0], answers[1], "byte-identical answer, MPPE salts and all")
        XCTAssertEqual(forwarder.requests.count, 1)
        try await client.channel.close()
        await server.shutdown()
    }

    func testStatusServerIsAnswered() async throws {
        let metrics = TestMetrics()
        let (server, address) = try await startServer(forwarder: FakeForwarder(fallback: AuthPipelineTests.challenge), metrics: metrics)
        let client = try await UDPTestClient(group: group, server: address)
        let request = RADIUSPacket(code: .statusServer, identifier: 77, authenticator: RADIUSPacket.randomAuthenticator())
        try await client.send(try request.encodeRequest(secret: TestData.secret))
        let answers = try await client.waitFor(1)
        let reply = try RADIUSPacket.verifyResponse(try XCTUnwrap(answers.first), secret: TestData.secret,
                                                    requestAuthenticator: request.authenticator, requireMessageAuthenticator: true)
        XCTAssertEqual(reply.code, .accessAccept)
        XCTAssertEqual(reply.identifier, 77)
        try await client.channel.close()
        await server.shutdown()
    }

    func testSmallFramedMTUGivesSmallerFragments() async throws {
        let metrics = TestMetrics()
        let eap = [1, 3, 1, 44] + [UInt8](repeating: 0x55, count: 296)
        let forwarder = FakeForwarder { _ in .success(.challenge(eap: eap, state: [1])) }
        let (server, address) = try await startServer(forwarder: forwarder, metrics: metrics)
        let client = try await UDPTestClient(group: group, server: address)
        let large = TestData.accessRequest(identifier: 1, framedMTU: 1400)
        let small = TestData.accessRequest(identifier: 2, framedMTU: 128)
        try await client.send(try large.encodeRequest(secret: TestData.secret))
        _ = try await client.waitFor(1)
        try await client.send(try small.encodeRequest(secret: TestData.secret))
        let answers = try await client.waitFor(2)
        XCTAssertEqual(answers.count, 2)
        let a = try RADIUSPacket.verifyResponse(answers[0], secret: TestData.secret, requestAuthenticator: large.authenticator)
        let b = try RADIUSPacket.verifyResponse(answers[1], secret: TestData.secret, requestAuthenticator: small.authenticator)
        XCTAssertEqual(a.values(.eapMessage).map(\.count), [253, 47])
        XCTAssertEqual(b.values(.eapMessage).map(\.count), [122, 122, 56])
        XCTAssertEqual(a.eapMessage, eap)
        XCTAssertEqual(b.eapMessage, eap)
        try await client.channel.close()
        await server.shutdown()
    }

    func testIPv6BindFailureIsNotFatal() async throws {
        let radius = TestData.radius()
        let pipeline = AuthPipeline(policy: SourcePolicy(radius: radius), settings: PipelineSettings(radius: radius, frontendID: "x"),
                                    forwarder: FakeForwarder(fallback: AuthPipelineTests.challenge), registry: nil,
                                    metrics: FrontendMetrics(factory: TestMetrics()), logger: TestData.logger)
        // 2001:db8::/32 is documentation space: never a local address, so the bind fails.
        let server = RADIUSAuthServer(bindAddresses: ["127.0.0.1", "2001:db8::1"], port: 0, group: group, pipeline: pipeline,
                                      logger: TestData.logger)
        let bound = try await server.start()
        XCTAssertEqual(bound.count, 1)
        await server.shutdown()
        let onlyIPv4Bad = RADIUSAuthServer(bindAddresses: ["192.0.2.1"], port: 0, group: group, pipeline: pipeline, logger: TestData.logger)
        do {
            try await onlyIPv4Bad.start()
            XCTFail("binding a foreign IPv4 address must fail")
        } catch {}
    }

    func testIPv6ListenerServesIPv6Clients() async throws {
        let metrics = TestMetrics()
        let forwarder = FakeForwarder(fallback: AuthPipelineTests.challenge)
        let server: RADIUSAuthServer
        let address: SocketAddress
        do {
            (server, address) = try await startServer(forwarder: forwarder, metrics: metrics, subnets: ["127.0.0.0/8", "::1/128"],
                                                      bind: ["127.0.0.1", "::1"])
        } catch {
            throw XCTSkip("no IPv6 loopback: \(error)")
        }
        guard case .v6 = address else { throw XCTSkip("IPv6 listener not bound on this host") }
        let client = try await UDPTestClient(group: group, server: address, host: "::1")
        let request = TestData.accessRequest()
        try await client.send(try request.encodeRequest(secret: TestData.secret))
        let answers = try await client.waitFor(1)
        XCTAssertEqual(try RADIUSPacket.verifyResponse(try XCTUnwrap(answers.first), secret: TestData.secret,
                                                       requestAuthenticator: request.authenticator).code, .accessChallenge)
        XCTAssertEqual(forwarder.requests.first?.clientAddress.hasPrefix("[::1]:"), true)
        try await client.channel.close()
        await server.shutdown()
    }
}
