import MetricsTestKit
import RADIUS
import RADIUSFrontend
import XCTest

final class AuthPipelineTests: XCTestCase {
    func makePipeline(_ forwarder: FakeForwarder, metrics: TestMetrics, requireMA: Bool = true,
                      maximumInFlight: Int = 100) -> AuthPipeline {
        let radius = TestData.radius(requireMA: requireMA)
        var settings = PipelineSettings(radius: radius, frontendID: "fe-test")
        settings.maximumInFlight = maximumInFlight
        return AuthPipeline(policy: SourcePolicy(radius: radius), settings: settings, forwarder: forwarder, registry: nil,
                            metrics: FrontendMetrics(factory: metrics), logger: TestData.logger)
    }

    static let challenge: @Sendable (AuthForwardRequest) -> Result<AuthDecision, AuthForwardError> = { _ in
        .success(.challenge(eap: [1, 2, 0, 4], state: [7]))
    }

    func testRetransmissionWhileInProgressIsDroppedThenAnsweredFromCache() async throws {
        let gate = Gate()
        let forwarder = FakeForwarder(gate: gate, fallback: Self.challenge)
        let metrics = TestMetrics()
        let pipeline = makePipeline(forwarder, metrics: metrics)
        let bytes = try TestData.accessRequest().encodeRequest(secret: TestData.secret)
        let first = Task { await pipeline.handle(bytes, from: TestData.apIP) }
        while forwarder.requests.isEmpty { await Task.yield() }
        let duplicate = await pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNil(duplicate)
        XCTAssertEqual(TestData.dropped(metrics, .duplicateInProgress), 1)
        gate.open()
        let firstAnswer = await first.value
        let answer = try XCTUnwrap(firstAnswer)
        let cached = await pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertEqual(cached, answer)
        XCTAssertEqual(forwarder.requests.count, 1)
        XCTAssertEqual(metrics.counterTotal(label: "radius_access_challenge_count"), 1)
        XCTAssertEqual(pipeline.inFlight, 0)
    }

    func testUpstreamFailureLeavesNoAnswerAndIsRetried() async throws {
        let forwarder = FakeForwarder(fallback: Self.challenge)
        forwarder.enqueue(.failure(.timeout))
        let metrics = TestMetrics()
        let pipeline = makePipeline(forwarder, metrics: metrics)
        let bytes = try TestData.accessRequest().encodeRequest(secret: TestData.secret)
        let none = await pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNil(none)
        XCTAssertEqual(metrics.counterTotal(label: "radius_upstream_failures_total"), 1)
        let retried = await pipeline.handle(bytes, from: TestData.apIP)
        XCTAssertNotNil(retried, "the AP's retransmission is forwarded again")
        XCTAssertEqual(forwarder.requests.count, 2)
    }

    func testDiscardSendsNothing() async throws {
        let forwarder = FakeForwarder(fallback: { _ in .success(.discard(reason: "stale state")) })
        let pipeline = makePipeline(forwarder, metrics: TestMetrics())
        let answer = await pipeline.handle(try TestData.accessRequest().encodeRequest(secret: TestData.secret), from: TestData.apIP)
        XCTAssertNil(answer)
    }

    func testRequestWithoutEAPIsRejectedLocally() async throws {
        let forwarder = FakeForwarder(fallback: Self.challenge)
        let metrics = TestMetrics()
        let pipeline = makePipeline(forwarder, metrics: metrics)
        let request = TestData.accessRequest(eap: nil)
        let handled = await pipeline.handle(try request.encodeRequest(secret: TestData.secret), from: TestData.apIP)
        let answer = try XCTUnwrap(handled)
        let reply = try RADIUSPacket.verifyResponse(answer, secret: TestData.secret, requestAuthenticator: request.authenticator)
        XCTAssertEqual(reply.code, .accessReject)
        XCTAssertTrue(forwarder.requests.isEmpty)
        XCTAssertEqual(metrics.counterTotal(label: "radius_access_reject_count"), 1)
    }

    func testDropsAreCountedByReason() async throws {
        let forwarder = FakeForwarder(fallback: Self.challenge)
        let metrics = TestMetrics()
        let pipeline = makePipeline(forwarder, metrics: metrics)
        let good = try TestData.accessRequest().encodeRequest(secret: TestData.secret)
        _ = await pipeline.handle(good, from: ClientEndpoint(address: [192, 0, 2, 1], port: 1)!)
        _ = await pipeline.handle(Array(good.prefix(30)), from: TestData.apIP)
        _ = await pipeline.handle(try TestData.accessRequest().encodeRequest(secret: Array("wrong".utf8)), from: TestData.apIP)
        _ = await pipeline.handle(try TestData.accessRequest().encodeRequest(secret: TestData.secret, messageAuthenticator: .ifPresent),
                                  from: TestData.apIP)
        var accounting = good
        accounting[0] = RADIUSCode.accountingRequest.rawValue
        _ = await pipeline.handle(accounting, from: TestData.apIP)
        XCTAssertEqual(TestData.dropped(metrics, .sourceNotAllowed), 1)
        XCTAssertEqual(TestData.dropped(metrics, .malformed), 1)
        XCTAssertEqual(TestData.dropped(metrics, .badMessageAuthenticator), 1)
        XCTAssertEqual(TestData.dropped(metrics, .missingMessageAuthenticator), 1)
        XCTAssertEqual(TestData.dropped(metrics, .unknownCode), 1)
        XCTAssertEqual(metrics.counterTotal(label: "radius_access_request_count"), 0)
        XCTAssertTrue(forwarder.requests.isEmpty)
    }

    func testOverloadSheds() async throws {
        let gate = Gate()
        let forwarder = FakeForwarder(gate: gate, fallback: Self.challenge)
        let metrics = TestMetrics()
        let pipeline = makePipeline(forwarder, metrics: metrics, maximumInFlight: 1)
        let first = Task { await pipeline.handle(try! TestData.accessRequest(identifier: 1).encodeRequest(secret: TestData.secret), from: TestData.apIP) }
        while forwarder.requests.isEmpty { await Task.yield() }
        let second = await pipeline.handle(try TestData.accessRequest(identifier: 2).encodeRequest(secret: TestData.secret), from: TestData.apIP)
        XCTAssertNil(second)
        XCTAssertEqual(TestData.dropped(metrics, .overloaded), 1)
        gate.open()
        _ = await first.value
    }
}
