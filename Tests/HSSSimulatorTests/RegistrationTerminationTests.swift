import Diameter
import XCTest
@testable import HSSSimulator

/// The RTR hss-sim sends (TS 29.273 8.2.2.3), checked AVP by AVP, and its Session-Id.
final class RegistrationTerminationTests: XCTestCase {
    private let v = DiameterVendor.threeGPP

    private func rtr() throws -> DiameterMessage {
        let hss = try HSSFixture.hss()
        let registration = SWxRegistration(aaaHost: "aaa1.lab.example", aaaRealm: "lab.example")
        return hss.registrationTerminationRequest(imsi: HSSFixture.imsi, registration: registration,
                                                  sessionId: hss.terminationSessionId(high: 7, low: 9))
    }

    func testHeader() throws {
        let m = try rtr()
        XCTAssertEqual(m.commandCode, 304)
        XCTAssertEqual(m.applicationID, 16_777_265)
        XCTAssertTrue(m.flags.contains(.request))
        XCTAssertTrue(m.flags.contains(.proxiable))
        XCTAssertFalse(m.flags.contains(.error))
        XCTAssertFalse(m.flags.contains(.retransmitted))
        XCTAssertEqual(m.hopByHopID, 0, "DiameterNode.send assigns it")
        XCTAssertEqual(m.endToEndID, 0)
        XCTAssertEqual(DiameterDictionary.standard.label(for: m), "RTR")
    }

    func testAVPsInABNFOrder() throws {
        let m = try rtr()
        XCTAssertEqual(m.avps.map(\.code), [
            DiameterAVPCode.sessionID, DiameterAVPCode.vendorSpecificApplicationID, DiameterAVPCode.authSessionState,
            DiameterAVPCode.originHost, DiameterAVPCode.originRealm, DiameterAVPCode.destinationHost,
            DiameterAVPCode.destinationRealm, DiameterAVPCode.userName, DiameterAVPCode.deregistrationReason,
        ])
        XCTAssertEqual(m.sessionId, "hss.lab.epc.mnc001.mcc001.3gppnetwork.org;7;9;rtr")
        XCTAssertEqual(AnswerView(message: m).vendorSpecificApplicationID.vendor, 10415)
        XCTAssertEqual(AnswerView(message: m).vendorSpecificApplicationID.app, 16_777_265)
        XCTAssertEqual(m.authSessionState, 1, "NO_STATE_MAINTAINED")
        XCTAssertEqual(m.originHost, HSSFixture.identity.originHost)
        XCTAssertEqual(m.originRealm, HSSFixture.identity.originRealm)
        XCTAssertEqual(m.destinationHost, "aaa1.lab.example")
        XCTAssertEqual(m.destinationRealm, "lab.example")
        XCTAssertEqual(m.userName, HSSFixture.imsi)
        for avp in m.avps where avp.code != DiameterAVPCode.deregistrationReason {
            XCTAssertEqual(avp.vendor, 0, "base AVP \(avp.code)")
            XCTAssertTrue(avp.flags.contains(.mandatory), "M on \(avp.code)")
        }
    }

    func testDeregistrationReason() throws {
        let m = try rtr()
        let reason = try XCTUnwrap(m.first(code: DiameterAVPCode.deregistrationReason, vendor: v))
        XCTAssertTrue(reason.flags.contains(.vendorSpecific))
        XCTAssertTrue(reason.flags.contains(.mandatory))
        let children = try reason.grouped()
        XCTAssertEqual(children.map(\.code), [DiameterAVPCode.reasonCode, DiameterAVPCode.reasonInfo])
        XCTAssertEqual(children.map(\.vendor), [v, v])
        XCTAssertEqual(try children[0].enumerated(), 0, "PERMANENT_TERMINATION")
        XCTAssertEqual(try children[1].utf8String(), "hss-sim")
        XCTAssertTrue(children.allSatisfy { $0.flags.contains(.vendorSpecific) && $0.flags.contains(.mandatory) })
    }

    func testRoundTripsThroughTheCodec() throws {
        let m = try rtr()
        let decoded = try DiameterMessage(decoding: m.encode())
        XCTAssertEqual(decoded, m)
    }
}
