@testable import AAACore
import Diameter
import NAI
import XCTest

/// The SAR aaa-core builds and how it reads the SAA (TS 29.273 8.1.2.2), against a fake transport.
final class SWxRegistrationTests: XCTestCase {
    static let hssHost = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    static let hssRealm = "epc.mnc001.mcc001.3gppnetwork.org"
    let imsi = try! IMSI(Subscriber.imsi)  // constant, valid

    func registrar(_ transport: FakeSWxTransport, cxHosts: Set<String> = []) -> SWxServerAssignmentRegistrar {
        SWxServerAssignmentRegistrar(transport: transport, originHost: "aaa.lab.twag", originRealm: "lab.twag",
                                     destinationRealm: nil, mncLength: 2, cxHosts: cxHosts,
                                     sessionIDs: DiameterSessionIDGenerator(identity: "aaa.lab.twag", high: 1_700_000_000))
    }

    static func saa(_ request: DiameterMessage, access: Int32?) -> DiameterMessage {
        var avps: [DiameterAVP] = [
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx), .authSessionState(1),
            .originHost(hssHost), .originRealm(hssRealm),
        ]
        if let access {
            avps.append(.standard(code: DiameterAVPCode.non3GPPUserData, vendorID: DiameterVendor.threeGPP, .grouped([
                .standard(code: DiameterAVPCode.non3GPPIPAccess, vendorID: DiameterVendor.threeGPP,
                          .enumerated(access)),
            ])))
        }
        return request.answer(resultCode: 2001, avps: avps)
    }

    func testSARCarriesRegistrationUserNameAndTheServingHSS() async throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in Self.saa(request, access: 0) }
        let outcome = try await registrar(transport).register(imsi: imsi, servingHSS: Self.hssHost)
        XCTAssertEqual(outcome, .registered)
        let sent = await transport.requests
        let sar = try XCTUnwrap(sent.first)
        XCTAssertEqual(sent.count, 1)
        XCTAssertEqual(sar.command, .serverAssignment)
        XCTAssertEqual(sar.application, .swx)
        XCTAssertTrue(sar.isRequest)
        XCTAssertEqual(sar.avps.first?.code, DiameterAVPCode.sessionID, "Session-Id first")
        XCTAssertEqual(sar.sessionId, "aaa.lab.twag;1700000000;0")
        XCTAssertEqual(
            try sar.first(code: DiameterAVPCode.serverAssignmentType, vendor: DiameterVendor.threeGPP)?.enumerated(), 1)
        XCTAssertEqual(sar.userName, Subscriber.imsi)
        XCTAssertEqual(sar.destinationHost, Self.hssHost)
        XCTAssertEqual(sar.destinationRealm, Self.hssRealm, "realm from the IMSI, as for the MAR")
        XCTAssertEqual(sar.originHost, "aaa.lab.twag")
        XCTAssertEqual(sar.originRealm, "lab.twag")
        XCTAssertEqual(sar.authSessionState, 1)
        let vsai = try XCTUnwrap(sar.first(code: DiameterAVPCode.vendorSpecificApplicationID)).grouped()
        XCTAssertEqual(try vsai.first { $0.code == 266 }?.unsigned32(), 10415)
        XCTAssertEqual(try vsai.first { $0.code == 258 }?.unsigned32(), DiameterApplication.swx.rawValue)
    }

    func testUnknownServingHSSLeavesDestinationHostOut() throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in request }
        let sar = try registrar(transport).serverAssignmentRequest(imsi: imsi, servingHSS: nil)
        XCTAssertNil(sar.destinationHost)
    }

    func testSAAInterpretation() throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in request }
        let r = registrar(transport)
        let sar = try r.serverAssignmentRequest(imsi: imsi, servingHSS: Self.hssHost)
        XCTAssertEqual(try r.outcome(from: Self.saa(sar, access: 1)), .barred)
        XCTAssertEqual(try r.outcome(from: Self.saa(sar, access: 0)), .registered)
        XCTAssertEqual(try r.outcome(from: Self.saa(sar, access: nil)), .registered, "no profile: allowed")
        let unknown = sar.answer(avps: [.sessionId("s"), .experimentalResult(vendor: DiameterVendor.threeGPP, code: 5001)])
        XCTAssertThrowsError(try r.outcome(from: unknown)) { XCTAssertEqual($0 as? RegistrationError, .refused(resultCode: 5001)) }
        XCTAssertThrowsError(try r.outcome(from: sar.answer(resultCode: 3002))) {
            XCTAssertEqual($0 as? RegistrationError, .unavailable("Result-Code 3002"))
        }
        XCTAssertThrowsError(try r.outcome(from: sar.answer(resultCode: 5012))) {
            XCTAssertEqual($0 as? RegistrationError, .refused(resultCode: 5012))
        }
        XCTAssertThrowsError(try r.outcome(from: sar), "a request is no answer")
    }

    func testTransportFailuresAndCxPeers() async throws {
        let timeout = FakeSWxTransport { _ throws(VectorFetchError) in throw .timeout }
        do {
            _ = try await registrar(timeout).register(imsi: imsi, servingHSS: Self.hssHost)
            XCTFail("timeout")
        } catch {
            XCTAssertEqual(error, .timeout)
            XCTAssertEqual(error.rejectReason.text, "HSS unavailable for registration")
        }
        let skipped = try await registrar(timeout, cxHosts: [Self.hssHost.uppercased()])
            .register(imsi: imsi, servingHSS: Self.hssHost)
        XCTAssertEqual(skipped, .skipped, "a Cx HSS gets no SAR")
        let count = await timeout.requests.count
        XCTAssertEqual(count, 1, "only the SWx attempt was sent")
    }
}
