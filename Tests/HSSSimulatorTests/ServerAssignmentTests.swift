import Diameter
import XCTest
@testable import HSSSimulator

final class ServerAssignmentTests: XCTestCase {
    private func non3GPPIPAccess(_ answer: DiameterMessage) throws -> Int32? {
        let v = DiameterVendor.threeGPP
        guard let data = answer.first(code: DiameterAVPCode.non3GPPUserData, vendor: v) else { return nil }
        return try data.grouped().first { $0.code == DiameterAVPCode.non3GPPIPAccess && $0.vendor == v }?.enumerated()
    }

    func testRegistrationOfAllowedUserCarriesProfile() throws {
        var hss = try HSSFixture.hss()
        let request = HSSFixture.sar(type: SWxServerAssignmentType.registration)
        let answer = hss.handle(request)
        XCTAssertEqual(answer.resultCode, 2001)
        XCTAssertEqual(answer.commandCode, 301)
        XCTAssertEqual(answer.sessionId, request.sessionId)
        XCTAssertEqual(answer.authSessionState, 1)
        XCTAssertEqual(answer.userName, HSSFixture.imsi)
        XCTAssertEqual(try non3GPPIPAccess(answer), 0)
        XCTAssertNoThrow(try DiameterMessage(decoding: answer.encode()))
    }

    func testRegistrationOfBarredUserSaysBarred() throws {
        var hss = try HSSFixture.hss()
        var rng = SystemRandomNumberGenerator()
        let outcome = hss.process(HSSFixture.sar(imsi: HSSFixture.barredIMSI, type: SWxServerAssignmentType.registration),
                                  random: &rng)
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        XCTAssertEqual(try non3GPPIPAccess(outcome.answer), 1)
        XCTAssertTrue(outcome.summary.logLine.contains("BARRED"), outcome.summary.logLine)
    }

    func testDeregistrationIsAcknowledgedWithoutProfile() throws {
        var hss = try HSSFixture.hss()
        let answer = hss.handle(HSSFixture.sar(type: SWxServerAssignmentType.userDeregistration))
        XCTAssertEqual(answer.resultCode, 2001)
        XCTAssertNil(try non3GPPIPAccess(answer))
        let data = hss.handle(HSSFixture.sar(type: SWxServerAssignmentType.aaaUserDataRequest))
        XCTAssertEqual(try non3GPPIPAccess(data), 0)
    }

    func testUnknownUserAndMissingType() throws {
        var hss = try HSSFixture.hss()
        let unknown = hss.handle(HSSFixture.sar(imsi: "001019999999999", type: SWxServerAssignmentType.registration))
        XCTAssertEqual(unknown.experimentalResult?.code, 5001)
        XCTAssertEqual(unknown.experimentalResult?.vendor, DiameterVendor.threeGPP)
        XCTAssertNil(unknown.resultCode)

        var noType = HSSFixture.sar(type: 1)
        noType.avps.removeAll { $0.code == DiameterAVPCode.serverAssignmentType }
        let missing = hss.handle(noType)
        XCTAssertEqual(missing.resultCode, 5005)
    }
}
