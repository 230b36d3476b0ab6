import Diameter
import Logging
import Milenage
import TestSupport
import WireFormat
import XCTest
@testable import HSSSimulator

/// Cx mode: answers Cx MAR like pyHSS (plain CK/IK, one vector), drops SWx and malformed requests.
final class CxDialectTests: XCTestCase {
    private var rng = SplitMix64(seed: 0x4358_4853_5300)

    private func respond(_ hss: inout SWxHSS, _ request: DiameterMessage) -> HSSOutcome? {
        hss.respond(to: request, random: &rng).outcome
    }

    func testCxMARAnsweredWithPlainKeysTheUSIMAccepts() throws {
        var hss = try CxFixture.hss()
        let request = CxFixture.mar()
        let outcome = try XCTUnwrap(respond(&hss, request))
        let answer = try DiameterMessage(decoding: outcome.answer.encode())
        // pyHSS order: Session-Id, VSAI, Auth-Session-State, Origin-Host, Origin-Realm, Public-Identity,
        // User-Name, SIP-Auth-Data-Item, SIP-Number-Auth-Items, Result-Code.
        XCTAssertEqual(answer.avps.map(\.code), [263, 260, 277, 264, 296, 601, 1, 612, 607, 268])
        XCTAssertEqual(answer.sessionId, request.sessionId)
        let vsai = answer.first(code: DiameterAVPCode.vendorSpecificApplicationID)
        XCTAssertEqual(try vsai?.first(code: DiameterAVPCode.vendorID)?.unsigned32(), DiameterVendor.threeGPP)
        XCTAssertEqual(try vsai?.first(code: DiameterAVPCode.authApplicationID)?.unsigned32(), DiameterApplication.cx.rawValue)
        XCTAssertEqual(answer.applicationID, DiameterApplication.cx.rawValue)
        XCTAssertEqual(answer.commandCode, 303)
        XCTAssertEqual(answer.hopByHopID, request.hopByHopID)
        XCTAssertEqual(answer.endToEndID, request.endToEndID)
        XCTAssertFalse(answer.isRequest)
        XCTAssertEqual(answer.resultCode, 2001)
        XCTAssertEqual(answer.authSessionState, 1)
        XCTAssertEqual(answer.originHost, HSSFixture.identity.originHost)
        XCTAssertEqual(answer.userName, HSSFixture.imsi)
        XCTAssertEqual(try answer.first(code: DiameterAVPCode.publicIdentity, vendor: DiameterVendor.threeGPP)?.utf8String(),
                       "sip:\(HSSFixture.imsi)@\(CxFixture.realm)")
        XCTAssertEqual(try answer.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: DiameterVendor.threeGPP)?.unsigned32(), 1)

        let v = try CxFixture.vector(answer)
        XCTAssertEqual(v.itemNumber, 1)
        XCTAssertEqual(v.scheme, "Digest-AKAv1-MD5", "the scheme is echoed")
        var state = USIMSequenceState()
        let ue = try HSSFixture.usim().verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
        XCTAssertEqual(v.xres, ue.res)
        XCTAssertEqual(v.ck, ue.ck, "Cx hands out plain CK, never CK'")
        XCTAssertEqual(v.ik, ue.ik, "Cx hands out plain IK, never IK'")
        XCTAssertEqual(hss.sequenceState[HSSFixture.imsi], ue.sqn)
        XCTAssertTrue(outcome.sequenceStateChanged)
        XCTAssertEqual(outcome.summary.logLine,
                       "MAA to \(HSSFixture.aaaHost) for \(HSSFixture.imsi): 2001, 1 vector (Digest-AKAv1-MD5), Cx")
    }

    func testOneVectorEvenWhenMoreAreAsked() throws {
        var hss = try CxFixture.hss()
        let outcome = try XCTUnwrap(respond(&hss, CxFixture.mar(scheme: "EAP-AKA'", count: 5)))
        XCTAssertEqual(outcome.answer.all(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP).count, 1)
        XCTAssertEqual(try outcome.answer.first(code: DiameterAVPCode.sipNumberAuthItems,
                                                vendor: DiameterVendor.threeGPP)?.unsigned32(), 1)
        let v = try CxFixture.vector(outcome.answer)
        XCTAssertEqual(v.scheme, "EAP-AKA'")
        var state = USIMSequenceState()
        let ue = try HSSFixture.usim().verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
        XCTAssertEqual(v.ck, ue.ck, "no CK' even for EAP-AKA': the AAA server derives it")
    }

    func testBareIMSIAndPublicIdentityAloneAreAccepted() throws {
        var hss = try CxFixture.hss()
        XCTAssertEqual(respond(&hss, CxFixture.mar(userName: HSSFixture.imsi))?.answer.resultCode, 2001)
        XCTAssertEqual(respond(&hss, CxFixture.mar(userName: nil))?.answer.resultCode, 2001)
        XCTAssertEqual(SWxHSS.cxIMSI(userName: nil, publicIdentity: "SIP:001010000000001@x"), "001010000000001")
        XCTAssertNil(SWxHSS.cxIMSI(userName: "alice@x", publicIdentity: nil))
    }

    func testResynchronisationWithAUTS() throws {
        var hss = try CxFixture.hss()
        let usim = try HSSFixture.usim()
        let ahead = try XCTUnwrap(SequenceNumberScheme.standard.make(seq: 77, ind: 0))
        var state = USIMSequenceState(initial: ahead)
        let first = try CxFixture.vector(try XCTUnwrap(respond(&hss, CxFixture.mar())).answer)
        let rejected = Result { () throws(AUTNVerificationError) in
            try usim.verifyAUTN(rand: first.rand, autn: first.autn, state: &state)
        }
        guard case .failure(.sequenceOutOfRange(let auts)) = rejected else {
            return XCTFail("USIM ahead must ask for resynchronisation, got \(rejected)")
        }
        let outcome = try XCTUnwrap(respond(&hss, CxFixture.mar(authorization: first.rand + auts)))
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        let v = try CxFixture.vector(outcome.answer)
        let ue = try usim.verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
        XCTAssertEqual(SequenceNumberScheme.standard.seq(of: ue.sqn), 78)
        XCTAssertEqual(v.ck, ue.ck)
        XCTAssertEqual(v.xres, ue.res)

        // AUTS with a bad MAC-S: refused (5012) and SQN_HE unchanged, as in SWx mode.
        let before = hss.sequenceState[HSSFixture.imsi]
        var forged = first.rand + auts
        forged[forged.count - 1] ^= 0xff
        let refused = try XCTUnwrap(respond(&hss, CxFixture.mar(authorization: forged)))
        XCTAssertEqual(refused.answer.resultCode, 5012)
        XCTAssertEqual(hss.sequenceState[HSSFixture.imsi], before)
    }

    func testUnknownIMSIIsExperimentalResult5001() throws {
        var hss = try CxFixture.hss()
        let outcome = try XCTUnwrap(respond(&hss, CxFixture.mar(userName: "001019999999999@\(CxFixture.realm)")))
        XCTAssertEqual(outcome.answer.experimentalResult?.vendor, DiameterVendor.threeGPP)
        XCTAssertEqual(outcome.answer.experimentalResult?.code, 5001)
        XCTAssertNil(outcome.answer.resultCode)
        XCTAssertFalse(outcome.sequenceStateChanged)
    }

    func testSWxRequestsGetNoAnswerInCxMode() async throws {
        var hss = try CxFixture.hss()
        XCTAssertNil(respond(&hss, HSSFixture.mar(scheme: "EAP-AKA", anid: nil)))
        XCTAssertNil(respond(&hss, HSSFixture.mar(scheme: "EAP-AKA'")))
        XCTAssertNil(respond(&hss, HSSFixture.sar(type: SWxServerAssignmentType.registration)))
        XCTAssertTrue(hss.sequenceState.values.isEmpty, "nothing issued")
        let service = HSSService(core: try CxFixture.hss(), persister: nil, logger: Logger(label: "t"))
        let answer = await service.handle(HSSFixture.mar(scheme: "EAP-AKA", anid: nil))
        XCTAssertNil(answer)
    }

    func testMalformedCxRequestsGetNoAnswer() async throws {
        var hss = try CxFixture.hss()
        XCTAssertNil(respond(&hss, CxFixture.mar(withItem: false)), "no SIP-Auth-Data-Item")
        XCTAssertNil(respond(&hss, CxFixture.mar(scheme: nil)), "no SIP-Authentication-Scheme")
        XCTAssertNil(respond(&hss, CxFixture.mar(userName: nil, publicIdentity: nil)), "no identity")
        XCTAssertNil(respond(&hss, CxFixture.mar(authorization: [UInt8](repeating: 1, count: 10))), "short RAND||AUTS")
        XCTAssertTrue(hss.sequenceState.values.isEmpty)
        let service = HSSService(core: try CxFixture.hss(), persister: nil, logger: Logger(label: "t"))
        let answer = await service.handle(CxFixture.mar(withItem: false))
        XCTAssertNil(answer)
    }

    func testOtherCxCommandsAndSWxModeAreUnchanged() throws {
        var cx = try CxFixture.hss()
        let sar = DiameterMessage.request(command: .serverAssignment, application: .cx, hopByHop: 1, endToEnd: 2, avps: [
            .sessionId("s;1;1"), .originHost(HSSFixture.aaaHost), .originRealm("lab.example"),
        ])
        XCTAssertEqual(respond(&cx, sar)?.answer.resultCode, 3001)
        var swx = try HSSFixture.hss()
        XCTAssertEqual(respond(&swx, CxFixture.mar())?.answer.resultCode, 3007, "SWx mode does not serve Cx")
        XCTAssertEqual(respond(&swx, HSSFixture.mar())?.answer.resultCode, 2001)
    }
}
