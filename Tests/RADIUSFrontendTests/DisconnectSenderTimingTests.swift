import Foundation
import IPC
import MetricsTestKit
import NIOPosix
import RADIUS
import RADIUSFrontend
import XCTest

/// DisconnectSender timing: early and forged answers (regression tests for bugs found in review).
final class DisconnectSenderTimingTests: XCTestCase {
    private var group: MultiThreadedEventLoopGroup!

    override func setUp() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    override func tearDown() async throws {
        try await group?.shutdownGracefully()
    }

    private func makeSender(port: Int, timeout: Duration, attempts: Int) async throws -> DisconnectSender {
        let sender = DisconnectSender(group: group, policy: SourcePolicy(radius: TestData.radius(subnets: ["127.0.0.0/8"])),
                                      port: port, timeout: timeout, attempts: attempts,
                                      metrics: FrontendMetrics(factory: TestMetrics()), logger: TestData.logger)
        try await sender.start()
        return sender
    }

    /// An AP that answers quickly (loopback, a fast LAN) can be heard before the sender waits: the
    /// answer must be kept, not dropped as unsolicited (which would cost a timeout and a retransmission).
    func testAnImmediateAnswerIsNeverLost() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        // The first exchange of a fresh sender loses the race most often (seen in about half the runs).
        var outcomes: [IPCDisconnectOutcome] = []
        for _ in 0..<10 {
            let sender = try await makeSender(port: das.port, timeout: .milliseconds(300), attempts: 1)
            outcomes.append(await sender.disconnect(DisconnectSenderTests.request))
            await sender.shutdown()
        }
        XCTAssertEqual(outcomes, Array(repeating: .acknowledged, count: 10))
        XCTAssertEqual(das.received.count, 10, "no retransmission needed")
        await das.close()
    }

    /// RFC 5176 3 / RFC 2865 3: an answer that fails authentication is silently discarded and the
    /// client keeps waiting, so a spoofer cannot burn every attempt in one RTT and hide the real ACK.
    func testAForgedAnswerDoesNotEndTheAttempt() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK, secret: Array("forger".utf8))
                + FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK)
        }
        let sender = try await makeSender(port: das.port, timeout: .seconds(1), attempts: 1)
        let outcome = await sender.disconnect(DisconnectSenderTests.request)
        XCTAssertEqual(outcome, .acknowledged)
        await sender.shutdown()
        await das.close()
    }

    /// The timing side: answers that all fail authentication must not make the exchange give up
    /// before `attempts` x `timeout`.
    func testForgedAnswersDoNotShortenTheRetransmissionSchedule() async throws {
        let das = try await FakeDynamicAuthorizationServer(group: group) { request, _ in
            FakeDynamicAuthorizationServer.answer(request, code: .disconnectACK, secret: Array("forger".utf8))
        }
        let sender = try await makeSender(port: das.port, timeout: .milliseconds(200), attempts: 3)
        let started = ContinuousClock.now
        let outcome = await sender.disconnect(DisconnectSenderTests.request)
        XCTAssertEqual(outcome, .noAnswer)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(550))
        await sender.shutdown()
        await das.close()
    }
}
