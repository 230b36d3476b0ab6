import Diameter
import XCTest
@testable import HSSSimulator

/// SAR REGISTRATION / USER_DEREGISTRATION through the SWx logic: what is recorded, what is answered,
/// which log line results, and which RTR is armed.
final class RegistrationStateTests: XCTestCase {
    private let t0 = ContinuousClock.now

    /// A SAR as `host` sends it (the fixture's, with Origin-Host/Realm replaced).
    private func sar(_ type: Int32, from host: String = HSSFixture.aaaHost, realm: String = "lab.example",
                     imsi: String = HSSFixture.imsi) -> DiameterMessage {
        var m = HSSFixture.sar(imsi: imsi, type: type)
        m.avps = m.avps.map { avp in
            switch avp.code {
            case DiameterAVPCode.originHost: return .originHost(host)
            case DiameterAVPCode.originRealm: return .originRealm(realm)
            default: return avp
            }
        }
        return m
    }

    private func process(_ hss: inout SWxHSS, _ request: DiameterMessage, at offset: Duration = .zero) -> HSSOutcome {
        var rng = SystemRandomNumberGenerator()
        return hss.process(request, random: &rng, now: t0 + offset)
    }

    func testRegistrationRecordsTheAAAServerAndLogsIt() throws {
        var hss = try HSSFixture.hss()
        let outcome = process(&hss, sar(SWxServerAssignmentType.registration))
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        XCTAssertEqual(hss.registrations[HSSFixture.imsi], SWxRegistration(aaaHost: HSSFixture.aaaHost, aaaRealm: "lab.example"))
        XCTAssertNil(outcome.armedTermination, "no --rtr-after-registration-ms")
        XCTAssertEqual(outcome.summary.logLine,
                       "SAR REGISTRATION for 001010000000001 from aaa.lab.example: 2001, non-3GPP access allowed")
    }

    func testUserDeregistrationByTheHolderClears() throws {
        var hss = try HSSFixture.hss()
        _ = process(&hss, sar(SWxServerAssignmentType.registration))
        let outcome = process(&hss, sar(SWxServerAssignmentType.userDeregistration))
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        XCTAssertNil(outcome.answer.first(code: DiameterAVPCode.non3GPPUserData, vendor: DiameterVendor.threeGPP))
        XCTAssertNil(hss.registrations[HSSFixture.imsi])
        XCTAssertEqual(outcome.summary.logLine,
                       "SAR USER_DEREGISTRATION for 001010000000001 from aaa.lab.example: 2001, registration cleared")
        XCTAssertEqual(outcome.summary.isSuccess, true)
    }

    func testDeregistrationWhenNotRegisteredIsStill2001() throws {
        var hss = try HSSFixture.hss()
        let outcome = process(&hss, sar(SWxServerAssignmentType.userDeregistration))
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        XCTAssertEqual(outcome.summary.logLine,
                       "SAR USER_DEREGISTRATION for 001010000000001 from aaa.lab.example (was not registered): 2001")
    }

    func testDeregistrationByAnotherAAAIsAcknowledgedButKeepsTheRegistration() throws {
        var hss = try HSSFixture.hss()
        _ = process(&hss, sar(SWxServerAssignmentType.registration, from: "aaa1.lab"))
        let outcome = process(&hss, sar(SWxServerAssignmentType.userDeregistration, from: "aaa2.lab"))
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        XCTAssertEqual(hss.registrations[HSSFixture.imsi]?.aaaHost, "aaa1.lab")
        XCTAssertEqual(outcome.summary.logLine,
                       "SAR USER_DEREGISTRATION for 001010000000001 from aaa2.lab (was not registered): 2001, registered by aaa1.lab")
    }

    func testUnknownIMSIGets5001ForDeregistrationToo() throws {
        var hss = try HSSFixture.hss()
        let outcome = process(&hss, sar(SWxServerAssignmentType.userDeregistration, imsi: "001019999999999"))
        XCTAssertEqual(outcome.answer.experimentalResult?.code, 5001)
        XCTAssertEqual(outcome.answer.experimentalResult?.vendor, DiameterVendor.threeGPP)
        XCTAssertNil(outcome.answer.resultCode)
        XCTAssertEqual(outcome.summary.logLine,
                       "SAR USER_DEREGISTRATION for 001019999999999 from aaa.lab.example: 5001 DIAMETER_ERROR_USER_UNKNOWN (IMSI not provisioned)")
    }

    func testRegistrationWithoutOriginRealmIsRefusedAndNotRecorded() throws {
        var hss = try HSSFixture.hss()
        var request = sar(SWxServerAssignmentType.registration)
        request.avps.removeAll { $0.code == DiameterAVPCode.originRealm }
        let outcome = process(&hss, request)
        XCTAssertEqual(outcome.answer.resultCode, 5005)
        XCTAssertNil(hss.registrations[HSSFixture.imsi])
    }

    func testRegistrationArmsAnRTROnceAndReRegistrationReArms() throws {
        var hss = SWxHSS(identity: HSSFixture.identity, subscribers: try HSSFixture.subscribers(),
                         terminationDelay: .milliseconds(250))
        let first = process(&hss, sar(SWxServerAssignmentType.registration))
        let armed = try XCTUnwrap(first.armedTermination)
        XCTAssertEqual(armed.imsi, HSSFixture.imsi)
        XCTAssertEqual(armed.registration.terminationDue, t0 + .milliseconds(250))
        XCTAssertTrue(first.summary.logLine.hasSuffix(", non-3GPP access allowed, RTR in 250 ms"), first.summary.logLine)

        let again = process(&hss, sar(SWxServerAssignmentType.registration, from: "aaa2.lab", realm: "lab2"), at: .milliseconds(100))
        XCTAssertTrue(again.summary.logLine.contains("replaces registration by aaa.lab.example"), again.summary.logLine)
        XCTAssertEqual(hss.takeDueTerminations(now: t0 + .milliseconds(250)), [], "the first REGISTRATION's RTR is void")
        let due = hss.takeDueTerminations(now: t0 + .milliseconds(350))
        XCTAssertEqual(due.map(\.registration.aaaHost), ["aaa2.lab"])
        XCTAssertNil(hss.registrations[HSSFixture.imsi])
        XCTAssertEqual(hss.takeDueTerminations(now: t0 + .seconds(5)), [])
    }

    func testDeregistrationCancelsTheArmedRTR() throws {
        var hss = SWxHSS(identity: HSSFixture.identity, subscribers: try HSSFixture.subscribers(),
                         terminationDelay: .milliseconds(250))
        _ = process(&hss, sar(SWxServerAssignmentType.registration))
        _ = process(&hss, sar(SWxServerAssignmentType.userDeregistration), at: .milliseconds(10))
        XCTAssertEqual(hss.takeDueTerminations(now: t0 + .seconds(1)), [])
    }

    func testOtherAssignmentTypesLeaveTheRegistrationAlone() throws {
        var hss = try HSSFixture.hss()
        _ = process(&hss, sar(SWxServerAssignmentType.registration))
        let data = process(&hss, sar(SWxServerAssignmentType.aaaUserDataRequest, from: "aaa2.lab"))
        XCTAssertEqual(data.answer.resultCode, 2001)
        XCTAssertEqual(hss.registrations[HSSFixture.imsi]?.aaaHost, HSSFixture.aaaHost)
        XCTAssertNil(data.armedTermination)
    }

    func testCxDialectNeverRegisters() throws {
        var hss = SWxHSS(identity: HSSFixture.identity, subscribers: try HSSFixture.subscribers(), dialect: .cx,
                         terminationDelay: .milliseconds(1))
        var rng = SystemRandomNumberGenerator()
        let decision = hss.respond(to: sar(SWxServerAssignmentType.registration), random: &rng, now: t0)
        XCTAssertNil(decision.outcome)
        XCTAssertTrue(hss.registrations.entries.isEmpty)
    }
}
