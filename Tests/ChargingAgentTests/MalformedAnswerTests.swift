import ChargingAgent
import Diameter
import DiameterPeer
import Foundation
import IPC
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import SessionStore
import XCTest

/// An OCS (or a broken DRA) whose answers cannot be used: each is a typed error, logged, counted,
/// and the failure handling decides; nothing crashes.
final class MalformedAnswerTests: XCTestCase {
    /// Answers every CCR with what `mangle` makes of a correct CCA.
    final class BrokenOCS: GyRequestTransport {
        let mangle: @Sendable (DiameterMessage) -> DiameterMessage
        init(_ mangle: @escaping @Sendable (DiameterMessage) -> DiameterMessage) { self.mangle = mangle }

        func send(_ request: DiameterMessage) async throws(DiameterRequestError) -> DiameterMessage {
            guard let ccr = try? CreditControlRequest(decoding: request) else { throw .invalidAnswer("not a CCR") }
            let cca = CreditControlAnswer(sessionID: ccr.sessionID, resultCode: 2001, requestType: ccr.requestType,
                                          requestNumber: ccr.requestNumber,
                                          services: [.init(resultCode: 2001, grantedOctets: 1_000)])
            return mangle(cca.message(answering: request, originHost: "ocs", originRealm: "test"))
        }
    }

    func decision(_ mangle: @escaping @Sendable (DiameterMessage) -> DiameterMessage) async throws
        -> (ChargingDecision, TestMetrics)
    {
        let directory = NSTemporaryDirectory() + "twag-malformed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let metrics = TestMetrics()
        let agent = ChargingCoordinator(
            policy: ChargingPolicy(mode: .online, failureHandling: .terminate),
            identity: ChargingIdentity(originHost: "gy.twag.test", originRealm: "test", destinationRealm: "test",
                                       serviceContextID: "32251@3gpp.org", ratingGroup: 100),
            store: try SQLiteSessionStore(path: directory + "/twag.sqlite"), transport: BrokenOCS(mangle),
            disconnects: RecordingDisconnects(), interimInterval: 60, metrics: ChargingMetrics(factory: metrics),
            logger: Logger(label: "test"))
        let result = await agent.authorize(IPCChargingAuthorize(sessionClass: "c1", imsi: "001010000000001"))
        return (result, metrics)
    }

    func testMissingResultCodeIsCountedAndTerminates() async throws {
        let (result, metrics) = try await decision { m in
            var m = m
            m.avps.removeAll { $0.code == DiameterAVPCode.resultCode }
            return m
        }
        XCTAssertEqual(result, .denied(ChargingDenial(resultCode: 0, reason: "ocs_unreachable")))
        XCTAssertEqual(metrics.counterTotal(label: "charging_answer_errors_total", dimensions: [("reason", "missing_avp")]), 1)
        XCTAssertEqual(metrics.counterTotal(label: "charging_ccr_total",
                                            dimensions: [("type", "CCR-I"), ("result", "invalid_answer")]), 1)
    }

    func testWrongSessionIDIsCountedAndTerminates() async throws {
        let (result, metrics) = try await decision { m in
            var m = m
            m.avps = m.avps.map { $0.code == DiameterAVPCode.sessionID ? .sessionId("someone;else") : $0 }
            return m
        }
        XCTAssertEqual(result, .denied(ChargingDenial(resultCode: 0, reason: "ocs_unreachable")))
        XCTAssertEqual(metrics.counterTotal(label: "charging_answer_errors_total", dimensions: [("reason", "mismatch")]), 1)
    }

    func testMalformedGrantIsAnInvalidAVP() async throws {
        let (result, metrics) = try await decision { m in
            var m = m
            m.avps = m.avps.map {
                $0.code == DiameterAVPCode.multipleServicesCreditControl
                    ? DiameterAVP(code: DiameterAVPCode.multipleServicesCreditControl, mandatory: true,
                                  payload: .grouped([DiameterAVP(code: DiameterAVPCode.grantedServiceUnit, mandatory: true,
                                                                 payload: .grouped([DiameterAVP(code: DiameterAVPCode.ccTotalOctets,
                                                                                                mandatory: true, data: [1, 2, 3])]))]))
                    : $0
            }
            return m
        }
        XCTAssertEqual(result, .denied(ChargingDenial(resultCode: 0, reason: "ocs_unreachable")))
        XCTAssertEqual(metrics.counterTotal(label: "charging_answer_errors_total", dimensions: [("reason", "invalid_avp")]), 1)
    }
}
