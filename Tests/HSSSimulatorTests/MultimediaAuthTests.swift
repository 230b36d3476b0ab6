import Diameter
import EAPAKA
import Milenage
import TestSupport
import WireFormat
import XCTest
@testable import HSSSimulator

final class MultimediaAuthTests: XCTestCase {
    private var rng = SplitMix64(seed: 0x5157_4853_5300)

    private func process(_ hss: inout SWxHSS, _ request: DiameterMessage) -> HSSOutcome {
        hss.process(request, random: &rng)
    }

    /// TS 29.273 MAA layout: < Session-Id > first, { VSAI }, result, { Auth-Session-State } = 1,
    /// { Origin-Host }, { Origin-Realm }, { User-Name }; ids copied, R cleared, P kept.
    private func assertSWxAnswerLayout(_ answer: DiameterMessage, to request: DiameterMessage, file: StaticString = #filePath,
                                       line: UInt = #line) {
        let view = AnswerView(message: answer)
        XCTAssertEqual(view.avpCodes.first, DiameterAVPCode.sessionID, file: file, line: line)
        XCTAssertEqual(answer.sessionId, request.sessionId, file: file, line: line)
        XCTAssertEqual(view.vendorSpecificApplicationID.vendor, DiameterVendor.threeGPP, file: file, line: line)
        XCTAssertEqual(view.vendorSpecificApplicationID.app, DiameterApplication.swx.rawValue, file: file, line: line)
        XCTAssertEqual(answer.authSessionState, 1, file: file, line: line)
        XCTAssertEqual(answer.originHost, HSSFixture.identity.originHost, file: file, line: line)
        XCTAssertEqual(answer.originRealm, HSSFixture.identity.originRealm, file: file, line: line)
        XCTAssertEqual(answer.userName, request.userName, file: file, line: line)
        XCTAssertFalse(answer.isRequest, file: file, line: line)
        XCTAssertTrue(answer.isProxiable, file: file, line: line)
        XCTAssertEqual(answer.commandCode, request.commandCode, file: file, line: line)
        XCTAssertEqual(answer.applicationID, request.applicationID, file: file, line: line)
        XCTAssertEqual(answer.hopByHopID, request.hopByHopID, file: file, line: line)
        XCTAssertEqual(answer.endToEndID, request.endToEndID, file: file, line: line)
        XCTAssertEqual(answer.all(code: DiameterAVPCode.resultCode).count + answer.all(code: DiameterAVPCode.experimentalResult).count,
                       1, "exactly one of Result-Code / Experimental-Result", file: file, line: line)
        // What we send must decode with the library's strict decoder.
        XCTAssertNoThrow(try DiameterMessage(decoding: answer.encode()), file: file, line: line)
    }

    func testEAPAKAVectorVerifiesWithUSIM() throws {
        var hss = try HSSFixture.hss()
        let request = HSSFixture.mar(scheme: "EAP-AKA", anid: nil)
        let outcome = process(&hss, request)
        assertSWxAnswerLayout(outcome.answer, to: request)
        let maa = try SWxMultimediaAuthAnswer(try DiameterMessage(decoding: outcome.answer.encode()))
        XCTAssertEqual(maa.resultCode, 2001)
        XCTAssertEqual(maa.vectors.count, 1)
        XCTAssertEqual(outcome.answer.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: DiameterVendor.threeGPP)
            .flatMap { try? $0.unsigned32() }, 1)
        let v = try XCTUnwrap(maa.vectors.first)
        XCTAssertEqual(v.itemNumber, 1)
        XCTAssertEqual(v.scheme, "EAP-AKA")
        var state = USIMSequenceState()
        let result = try HSSFixture.usim().verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
        XCTAssertEqual(result.res, v.xres)
        XCTAssertEqual(result.ck, v.ck)
        XCTAssertEqual(result.ik, v.ik)
        XCTAssertEqual(result.amf, 0x8000)
        XCTAssertTrue(outcome.sequenceStateChanged)
        XCTAssertEqual(hss.sequenceState[HSSFixture.imsi], result.sqn)
        XCTAssertEqual(outcome.summary.logLine,
                       "MAA to \(HSSFixture.aaaHost) for \(HSSFixture.imsi): 2001, 1 vector (EAP-AKA)")
    }

    func testEAPAKAPrimeKeysMatchWhatTheUEDerives() throws {
        var hss = try HSSFixture.hss()
        let request = HSSFixture.mar(scheme: "EAP-AKA'", anid: "WLAN")
        let outcome = process(&hss, request)
        assertSWxAnswerLayout(outcome.answer, to: request)
        let maa = try SWxMultimediaAuthAnswer(outcome.answer)
        let v = try XCTUnwrap(maa.vectors.first)
        var state = USIMSequenceState()
        let ue = try HSSFixture.usim().verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
        XCTAssertTrue(AKAPrimeTransformedKeys.amfSeparationBitIsSet(autn: v.autn))
        let keys = try AKAPrimeTransformedKeys.derive(ck: ue.ck, ik: ue.ik, networkName: "WLAN", autn: v.autn)
        XCTAssertEqual(v.ck, keys.ckPrime)
        XCTAssertEqual(v.ik, keys.ikPrime)
        XCTAssertNotEqual(v.ck, ue.ck, "AKA' must not hand out plain CK")
        XCTAssertEqual(v.xres, ue.res)
        XCTAssertEqual(outcome.summary.logLine,
                       "MAA to \(HSSFixture.aaaHost) for \(HSSFixture.imsi): 2001, 1 vector (EAP-AKA')")
    }

    func testVectorCountIsCappedAndEveryVectorIsFreshForTheUSIM() throws {
        var hss = try HSSFixture.hss()
        let outcome = process(&hss, HSSFixture.mar(count: 9))
        let maa = try SWxMultimediaAuthAnswer(outcome.answer)
        XCTAssertEqual(maa.vectors.map(\.itemNumber), [1, 2, 3, 4, 5])
        XCTAssertEqual(outcome.answer.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: DiameterVendor.threeGPP)
            .flatMap { try? $0.unsigned32() }, 5)
        let usim = try HSSFixture.usim()
        var state = USIMSequenceState()
        var seen: [SequenceNumber] = []
        for v in maa.vectors {
            let r = try usim.verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
            seen.append(r.sqn)
        }
        let scheme = SequenceNumberScheme.standard
        XCTAssertEqual(seen.map { scheme.seq(of: $0) }, [1, 2, 3, 4, 5], "SEQ + 1 per vector")
        XCTAssertEqual(seen.map { scheme.ind(of: $0) }, [1, 2, 3, 4, 5], "IND cycles")
        XCTAssertEqual(Set(maa.vectors.map(\.rand)).count, 5, "fresh RAND per vector")
        // A second request continues after the last SQN.
        let next = try SWxMultimediaAuthAnswer(process(&hss, HSSFixture.mar()).answer)
        let r = try usim.verifyAUTN(rand: next.vectors[0].rand, autn: next.vectors[0].autn, state: &state)
        XCTAssertEqual(scheme.seq(of: r.sqn), 6)
    }

    func testUnknownIMSIIsExperimentalResultUserUnknown() throws {
        var hss = try HSSFixture.hss()
        let request = HSSFixture.mar(imsi: "001019999999999")
        let outcome = process(&hss, request)
        assertSWxAnswerLayout(outcome.answer, to: request)
        XCTAssertNil(outcome.answer.resultCode)
        XCTAssertEqual(outcome.answer.experimentalResult?.vendor, DiameterVendor.threeGPP)
        XCTAssertEqual(outcome.answer.experimentalResult?.code, 5001)
        XCTAssertTrue(outcome.answer.all(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP).isEmpty)
        XCTAssertFalse(outcome.answer.isError)
        XCTAssertFalse(outcome.sequenceStateChanged)
        XCTAssertEqual(outcome.summary.logLine,
                       "MAA to \(HSSFixture.aaaHost) for 001019999999999: 5001 DIAMETER_ERROR_USER_UNKNOWN (IMSI not provisioned)")
    }

    func testMissingANIDForAKAPrimeIsMissingAVPWithFailedAVP() throws {
        var hss = try HSSFixture.hss()
        let request = HSSFixture.mar(scheme: "EAP-AKA'", anid: nil)
        let outcome = process(&hss, request)
        assertSWxAnswerLayout(outcome.answer, to: request)
        XCTAssertEqual(outcome.answer.resultCode, 5005)
        let failed = AnswerView(message: outcome.answer).failedAVPChildren
        XCTAssertEqual(failed.first?.code, DiameterAVPCode.anid)
        XCTAssertEqual(failed.first?.vendorID, DiameterVendor.threeGPP)
        XCTAssertFalse(outcome.sequenceStateChanged)
        XCTAssertNil(hss.sequenceState[HSSFixture.imsi])
    }

    func testUnsupportedSchemeIsInvalidAVPValueNamingTheScheme() throws {
        var hss = try HSSFixture.hss()
        let outcome = process(&hss, HSSFixture.mar(scheme: "SIP Digest"))
        XCTAssertEqual(outcome.answer.resultCode, 5004)
        let item = try XCTUnwrap(AnswerView(message: outcome.answer).failedAVPChildren.first)
        XCTAssertEqual(item.code, DiameterAVPCode.sipAuthDataItem)
        let scheme = try XCTUnwrap(item.first(code: DiameterAVPCode.sipAuthenticationScheme, vendor: DiameterVendor.threeGPP))
        XCTAssertEqual(try scheme.utf8String(), "SIP Digest")
    }

    func testMissingMandatoryAVPs() throws {
        var hss = try HSSFixture.hss()
        var noUser = HSSFixture.mar()
        noUser.avps.removeAll { $0.code == DiameterAVPCode.userName }
        var outcome = process(&hss, noUser)
        XCTAssertEqual(outcome.answer.resultCode, 5005)
        XCTAssertEqual(AnswerView(message: outcome.answer).failedAVPChildren.first?.code, DiameterAVPCode.userName)

        var noCount = HSSFixture.mar()
        noCount.avps.removeAll { $0.code == DiameterAVPCode.sipNumberAuthItems }
        outcome = process(&hss, noCount)
        XCTAssertEqual(outcome.answer.resultCode, 5005)

        outcome = process(&hss, HSSFixture.mar(count: 0))
        XCTAssertEqual(outcome.answer.resultCode, 5004)
    }

    func testResynchronisationWithAUTSFromUSIMAhead() throws {
        var hss = try HSSFixture.hss()
        let usim = try HSSFixture.usim()
        let scheme = SequenceNumberScheme.standard
        // The USIM has accepted SEQ 500 (e.g. used with another HSS); the HSS is at SEQ 0.
        let ahead = try XCTUnwrap(scheme.make(seq: 500, ind: 3))
        var state = USIMSequenceState(initial: ahead)
        let first = try SWxMultimediaAuthAnswer(process(&hss, HSSFixture.mar()).answer).vectors[0]
        let auts: [UInt8]
        do {
            _ = try usim.verifyAUTN(rand: first.rand, autn: first.autn, state: &state)
            return XCTFail("USIM must reject a stale SQN")
        } catch .sequenceOutOfRange(let a) {
            auts = a
        }
        let outcome = process(&hss, HSSFixture.mar(authorization: first.rand + auts))
        XCTAssertEqual(outcome.answer.resultCode, 2001)
        XCTAssertTrue(outcome.sequenceStateChanged)
        XCTAssertTrue(outcome.summary.logLine.contains("resynchronised"), outcome.summary.logLine)
        let fresh = try SWxMultimediaAuthAnswer(outcome.answer).vectors[0]
        let accepted = try usim.verifyAUTN(rand: fresh.rand, autn: fresh.autn, state: &state)
        XCTAssertEqual(scheme.seq(of: accepted.sqn), 501, "next SEQ after SQN_MS")
        let keys = try AKAPrimeTransformedKeys.derive(ck: accepted.ck, ik: accepted.ik, networkName: "WLAN", autn: fresh.autn)
        XCTAssertEqual(fresh.ck, keys.ckPrime)
    }

    func testForgedAUTSIsRefusedAndSQNUnchanged() throws {
        var hss = try HSSFixture.hss()
        let usim = try HSSFixture.usim()
        let first = try SWxMultimediaAuthAnswer(process(&hss, HSSFixture.mar()).answer).vectors[0]
        let before = hss.sequenceState[HSSFixture.imsi]
        var auts = try usim.makeAUTS(rand: first.rand, sqnMS: XCTUnwrap(SequenceNumber(0x1_0000)))
        auts[13] ^= 0x01
        let outcome = process(&hss, HSSFixture.mar(authorization: first.rand + auts))
        XCTAssertEqual(outcome.answer.resultCode, 5012)
        XCTAssertFalse(outcome.sequenceStateChanged)
        XCTAssertEqual(hss.sequenceState[HSSFixture.imsi], before)
        XCTAssertTrue(outcome.answer.all(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP).isEmpty)

        let short = process(&hss, HSSFixture.mar(authorization: Array(first.rand.prefix(20))))
        XCTAssertEqual(short.answer.resultCode, 5004)
        XCTAssertEqual(AnswerView(message: short.answer).failedAVPChildren.first?.code, DiameterAVPCode.sipAuthDataItem)
    }

    func testAMFComesFromTheSubscriber() throws {
        let yaml = """
            - imsi: "001010000000004"
              k: "\(HSSFixture.k.hexString)"
              opc: "\(HSSFixture.opc.hexString)"
              amf: "0000"
            """
        var hss = SWxHSS(identity: HSSFixture.identity, subscribers: try SubscriberFile.parse(yaml, path: "t"))
        let maa = try SWxMultimediaAuthAnswer(process(&hss, HSSFixture.mar(imsi: "001010000000004")).answer)
        XCTAssertFalse(AKAPrimeTransformedKeys.amfSeparationBitIsSet(autn: maa.vectors[0].autn),
                       "the lab's AMF 0000 subscriber exists to test AKA' rejection by peers")
    }

    func testUnknownCommandAndApplication() throws {
        var hss = try HSSFixture.hss()
        let rtr = DiameterMessage.request(command: .registrationTermination, application: .swx, hopByHop: 9, endToEnd: 9,
                                          avps: [.sessionId("x;1;1"), .originHost("aaa"), .originRealm("r")])
        var outcome = process(&hss, rtr)
        XCTAssertEqual(outcome.answer.resultCode, 3001)
        XCTAssertTrue(outcome.answer.isError)
        XCTAssertEqual(outcome.answer.originHost, HSSFixture.identity.originHost)
        XCTAssertEqual(outcome.answer.sessionId, "x;1;1")

        var cx = HSSFixture.mar()
        cx.applicationID = DiameterApplication.cx.rawValue
        outcome = process(&hss, cx)
        XCTAssertEqual(outcome.answer.resultCode, 3007)
        XCTAssertTrue(outcome.answer.isError)
    }

    func testProxyInfoIsEchoed() throws {
        var hss = try HSSFixture.hss()
        let proxyInfo = DiameterAVP.standard(code: DiameterAVPCode.proxyInfo, .grouped([
            .standard(code: 280, .diameterIdentity("dra.lab")), .standard(code: 33, .octetString([1, 2, 3])),
        ]))
        let outcome = process(&hss, HSSFixture.mar(extra: [proxyInfo]))
        XCTAssertEqual(outcome.answer.all(code: DiameterAVPCode.proxyInfo), [proxyInfo])
    }
}
