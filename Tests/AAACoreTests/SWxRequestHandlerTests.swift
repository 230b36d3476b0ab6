@testable import AAACore
import Diameter
import MetricsTestKit
import TestSupport
import XCTest

/// RTR / unknown SWx requests as the node's requestHandler sees them.
final class SWxRequestHandlerTests: XCTestCase {
    func handler(_ logs: LogStore, _ metrics: TestMetrics, sink: RecordingSessionTerminationSink) -> SWxRequestHandler {
        SWxRequestHandler(originHost: "aaa.lab.twag", originRealm: "lab.twag", sink: sink, logger: logs.logger(),
                          metrics: AAACoreMetrics(factory: metrics))
    }

    func request(_ command: DiameterCommand, application: DiameterApplication = .swx, avps: [DiameterAVP])
        -> DiameterMessage
    {
        DiameterMessage.request(command: command, application: application, hopByHop: 7, endToEnd: 9,
                                avps: [.sessionId("hss;1;1"), .originHost("hss.lab"), .originRealm("lab")] + avps)
    }

    func testRTRIsLoggedCountedRecordedAndAnswered() async throws {
        let logs = LogStore(), metrics = TestMetrics()
        let sink = RecordingSessionTerminationSink()
        let v = DiameterVendor.threeGPP
        let rtr = request(.registrationTermination, avps: [
            .userName("001010123456789"),
            .standard(code: DiameterAVPCode.deregistrationReason, vendorID: v, .grouped([
                .standard(code: DiameterAVPCode.reasonCode, vendorID: v, .enumerated(2)),
            ])),
        ])
        let answer = try await XCTUnwrapAsync(await handler(logs, metrics, sink: sink).handle(rtr, peer: "peer.lab"))
        XCTAssertEqual(answer.resultCode, 2001)
        XCTAssertEqual(answer.hopByHopID, 7)
        XCTAssertEqual(answer.sessionId, "hss;1;1")
        XCTAssertEqual(answer.authSessionState, 1)
        XCTAssertEqual(answer.originRealm, "lab.twag")
        XCTAssertTrue(logs.messages(at: .notice)
            .contains("Registration-Termination from hss.lab for 001010123456789 (reason 2)"))
        XCTAssertEqual(metrics.counterTotal(label: "swx_rtr_count", dimensions: []), 1)
        let pending = await sink.takePending()
        XCTAssertEqual(pending, ["001010123456789"])
    }

    func testUnknownRequestsGetProtocolErrors() async throws {
        let logs = LogStore(), metrics = TestMetrics()
        let h = handler(logs, metrics, sink: RecordingSessionTerminationSink())
        let mar = try await XCTUnwrapAsync(await h.handle(request(.multimediaAuth, avps: []), peer: "peer.lab"))
        XCTAssertEqual(mar.resultCode, 3001)
        XCTAssertTrue(mar.flags.contains(.error))
        let other = try await XCTUnwrapAsync(await h.handle(request(.registrationTermination, application: .gy, avps: []),
                                                             peer: "peer.lab"))
        XCTAssertEqual(other.resultCode, 3007)
        let noUser = try await XCTUnwrapAsync(await h.handle(request(.registrationTermination, avps: []), peer: "p"))
        XCTAssertEqual(noUser.resultCode, 5005, "DIAMETER_MISSING_AVP")
        XCTAssertEqual(metrics.counterTotal(label: "swx_rtr_count", dimensions: []), 0)
    }
}

/// Records the terminations the RTR handler reports, in order.
actor RecordingSessionTerminationSink: SessionTerminationSink {
    private var pending: [String] = []

    func registrationTerminated(_ termination: RegistrationTermination) {
        pending.append(termination.imsi)
    }

    /// The IMSIs recorded so far, oldest first; the list is emptied.
    func takePending() -> [String] {
        defer { pending.removeAll() }
        return pending
    }
}
