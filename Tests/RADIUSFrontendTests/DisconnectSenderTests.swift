import Foundation
import IPC
import MetricsTestKit
import NIOPosix
import RADIUS
import RADIUSFrontend
import XCTest

/// The Dynamic Authorization Client on loopback against a fake AP (RFC 5176): answers matched,
/// authenticated, retransmitted unchanged, counted.
final class DisconnectSenderTests: XCTestCase {
    private var group: MultiThreadedEventLoopGroup!
    private var metrics: TestMetrics!

    override func setUp() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        metrics = TestMetrics()
    }

    override func tearDown() async throws {
        try await group.shutdownGracefully()
    }

    static let request = IPCDisconnectRequest(
        sessionClass: "twag:0123456789abcdef", clientIP: "127.0.0.1", userName: AccountingData.userName,
        acctSessionID: "5F3A0001", callingStationID: "02-00-00-00-00-01", nasIP: "10.7.15.72", nasIdentifier: "ap-lobby",
        cause: "HSS Registration-Termination")

    private func makeSender(port: Int, timeout: Duration = .milliseconds(300), attempts: Int = 3,
                            subnets: [String] = ["127.0.0.0/8"]) async throws -> DisconnectSender {
        let sender = DisconnectSender(group: group, policy: SourcePolicy(radius: TestData.radius(subnets: subnets)), port: port,
                                      timeout: timeout, attempts: attempts, metrics: FrontendMetrics(factory: metrics),
                                      logger: TestData.logger)
        try await sender.start()
        return sender
    }

    private func count(_ result: String) -> Int64 {
        metrics.counterTotal(label: "radius_disconnect_requests_total", dimensions: [("result", result)])
    }

    func testACKIsAcknowledgedAndTheRequestCarriesTheSessionIdentification() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let sender = try await makeSender(port: das.port)
        let before = UInt32(Date().timeIntervalSince1970)
        let outcome = await sender.disconnect(Self.request)
        let after = UInt32(Date().timeIntervalSince1970)
        XCTAssertEqual(outcome, .acknowledged)
        XCTAssertEqual(count("ack"), 1)

        let bytes = try XCTUnwrap(das.received.first)
        // One copy is expected; a second one (identical) would show the early-answer race (DisconnectSenderTimingTests).
        XCTAssertEqual(Set(das.received).count, 1)
        let packet = try RADIUSPacket.verifyRequest(bytes, secret: TestData.secret, requireMessageAuthenticator: true)
        XCTAssertEqual(packet.code, .disconnectRequest)
        XCTAssertEqual(packet.attributes.first?.type, RADIUSAttributeType.messageAuthenticator.rawValue,
                       "Message-Authenticator first (BlastRADIUS)")
        XCTAssertEqual(packet.userName, AccountingData.userName)
        XCTAssertEqual(packet.acctSessionId, "5F3A0001")
        XCTAssertEqual(packet.callingStationId, "02-00-00-00-00-01")
        XCTAssertEqual(packet.nasIPAddress, IPv4Address(10, 7, 15, 72))
        XCTAssertEqual(packet.nasIdentifier, "ap-lobby")
        let timestamp = try XCTUnwrap(packet.eventTimestamp)
        XCTAssertTrue((before...after).contains(timestamp), "Event-Timestamp \(timestamp) is now")
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(bytes, secret: Array("other-secret".utf8)))
        await sender.shutdown()
        await das.close()
    }

    func testCoARequestCarriesTheNewSessionTimeoutAndIsCountedApart() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            let timeout = (try? RADIUSPacket(decoding: request))?.sessionTimeout
            return FakeDynamicAuthorizationServer.answer(request, code: timeout == 600 ? .coaACK : .coaNAK)
        }
        let sender = try await makeSender(port: das.port)
        let outcome = await sender.changeSessionTimeout(IPCChangeOfAuthorization(session: Self.request, sessionTimeout: 600))
        XCTAssertEqual(outcome, .acknowledged)
        let packet = try RADIUSPacket.verifyRequest(try XCTUnwrap(das.received.first), secret: TestData.secret,
                                                    requireMessageAuthenticator: true)
        XCTAssertEqual(packet.code, .coaRequest)
        XCTAssertEqual(packet.sessionTimeout, 600)
        XCTAssertEqual(packet.acctSessionId, "5F3A0001")
        XCTAssertEqual(metrics.counterTotal(label: "radius_coa_requests_total", dimensions: [("result", "ack")]), 1)
        XCTAssertEqual(count("ack"), 0, "not a Disconnect")
        // A Disconnect-ACK does not answer a CoA-Request.
        let wrong = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let other = try await makeSender(port: wrong.port, timeout: .milliseconds(100), attempts: 1)
        let unanswered = await other.changeSessionTimeout(IPCChangeOfAuthorization(session: Self.request, sessionTimeout: 5))
        XCTAssertEqual(unanswered, .noAnswer)
        await sender.shutdown()
        await other.shutdown()
        await das.close()
        await wrong.close()
    }

    func testAClientsOwnCoAPortIsUsed() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let dasPort = das.port
        // radius.coa_port points nowhere; the client entry of 127.0.0.1 names the fake AP's port.
        let sender = DisconnectSender(group: group, policy: SourcePolicy(radius: TestData.radius(subnets: ["127.0.0.0/8"])),
                                      port: 9, portForAddress: { $0 == [127, 0, 0, 1] ? dasPort : 9 },
                                      timeout: .milliseconds(300), attempts: 1, metrics: FrontendMetrics(factory: metrics),
                                      logger: TestData.logger)
        try await sender.start()
        let outcome = await sender.disconnect(Self.request)
        XCTAssertEqual(outcome, .acknowledged)
        await sender.shutdown()
        await das.close()
    }

    func testNAKWithErrorCauseIsRefused() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectNAK,
                                                  errorCause: ErrorCause.sessionContextNotFound.rawValue)
        }
        let sender = try await makeSender(port: das.port)
        let outcome = await sender.disconnect(Self.request)
        XCTAssertEqual(outcome, .refused(errorCause: 503))
        XCTAssertEqual(count("nak"), 1)
        await sender.shutdown()
        await das.close()
    }

    func testNAKWithoutErrorCause() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectNAK)
        }
        let sender = try await makeSender(port: das.port)
        let outcome = await sender.disconnect(Self.request)
        XCTAssertEqual(outcome, .refused(errorCause: nil))
        await sender.shutdown()
        await das.close()
    }

    func testNoAnswerAfterIdenticalRetransmissions() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { _, _ in [] }
        let sender = try await makeSender(port: das.port, timeout: .milliseconds(200), attempts: 3)
        let started = ContinuousClock.now
        let outcome = await sender.disconnect(Self.request)
        let elapsed = ContinuousClock.now - started
        XCTAssertEqual(outcome, .noAnswer)
        XCTAssertEqual(count("timeout"), 1)
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(550), "three timeouts waited")
        let received = das.received
        XCTAssertEqual(received.count, 3)
        // RFC 5176 2.3 / RFC 5080 2.2.1: a retransmission keeps the Identifier and the authenticator.
        XCTAssertEqual(Set(received.map { $0 }).count, 1, "identical bytes")
        XCTAssertEqual(received.map { $0[1] }.count, 3)
        await sender.shutdown()
        await das.close()
    }

    func testAnswerWithWrongAuthenticatorIsIgnored() async throws {
        // Every answer is signed with the wrong secret: none is taken, the exchange times out.
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK, secret: Array("wrong-secret".utf8))
        }
        let sender = try await makeSender(port: das.port, timeout: .milliseconds(200), attempts: 2)
        let outcome = await sender.disconnect(Self.request)
        XCTAssertEqual(outcome, .noAnswer)
        XCTAssertEqual(count("ack"), 0)
        XCTAssertEqual(count("timeout"), 1)
        await sender.shutdown()
        await das.close()
    }

    func testForgedAnswerThenGenuineACK() async throws {
        // First copy: a forged ACK (bad authenticator); the retransmission gets the genuine one.
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, index in
            index == 0
                ? FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK, secret: Array("forger".utf8))
                : FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let sender = try await makeSender(port: das.port, timeout: .milliseconds(300), attempts: 3)
        let outcome = await sender.disconnect(Self.request)
        XCTAssertEqual(outcome, .acknowledged)
        XCTAssertEqual(das.received.count, 2)
        XCTAssertEqual(das.received.first, das.received.last)
        await sender.shutdown()
        await das.close()
    }

    func testAnswerWithAnotherIdentifierIsIgnored() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            var other = request
            other[1] &+= 1
            // Signed correctly for the request, but for another Identifier: not ours.
            return FakeDynamicAuthorizationServer.answer(other, code: .disconnectACK)
        }
        let sender = try await makeSender(port: das.port, timeout: .milliseconds(150), attempts: 2)
        let outcome = await sender.disconnect(Self.request)
        XCTAssertEqual(outcome, .noAnswer)
        await sender.shutdown()
        await das.close()
    }

    func testNoSecretForTheAddressFails() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let sender = try await makeSender(port: das.port, subnets: ["10.0.0.0/8"])
        let outcome = await sender.disconnect(Self.request)
        guard case .failed(let why) = outcome else { return XCTFail("expected .failed, got \(outcome)") }
        XCTAssertTrue(why.contains("127.0.0.1"), why)
        XCTAssertEqual(count("error"), 1)
        XCTAssertTrue(das.received.isEmpty, "nothing sent without a secret")
        await sender.shutdown()
        await das.close()
    }

    func testNotAnAddressFails() async throws {
        let sender = try await makeSender(port: 3799)
        var request = Self.request
        request.clientIP = "ap-lobby.example.net"
        let outcome = await sender.disconnect(request)
        guard case .failed = outcome else { return XCTFail("expected .failed, got \(outcome)") }
        XCTAssertEqual(count("error"), 1)
        await sender.shutdown()
    }

    func testConcurrentRequestsToOneAPUseDistinctIdentifiers() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let sender = try await makeSender(port: das.port)
        let outcomes = await withTaskGroup(of: IPCDisconnectOutcome.self) { tasks in
            for n in 0..<20 {
                var request = Self.request
                request.acctSessionID = "session-\(n)"
                tasks.addTask { await sender.disconnect(request) }
            }
            var all: [IPCDisconnectOutcome] = []
            for await outcome in tasks { all.append(outcome) }
            return all
        }
        XCTAssertEqual(outcomes, Array(repeating: .acknowledged, count: 20))
        // Retransmissions (identical bytes) aside, each request has its own Identifier.
        let distinct = Set(das.received)
        XCTAssertEqual(distinct.count, 20)
        XCTAssertEqual(Set(distinct.map { $0[1] }).count, 20, "one Identifier per outstanding request")
        await sender.shutdown()
        await das.close()
    }

    func testShutdownEndsAWaitingExchange() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { _, _ in [] }
        let sender = try await makeSender(port: das.port, timeout: .seconds(30), attempts: 1)
        let request = Self.request
        let exchange = Task { await sender.disconnect(request) }
        while das.received.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        await sender.shutdown()
        let outcome = await exchange.value
        XCTAssertEqual(outcome, .noAnswer)
        await das.close()
    }
}
