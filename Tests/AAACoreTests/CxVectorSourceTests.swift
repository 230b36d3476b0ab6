@testable import AAACore
import Diameter
import DiameterPeer
import EAP
import EAPAKA
import IPC
import Milenage
import NAI
import TWAGConfiguration
import WireFormat
import XCTest

/// The Cx dialect (`vector_dialect: cx`): the MAR an S-CSCF would send, the MAA of a pyHSS-class
/// HSS, and EAP-AKA/AKA' end to end with CK'/IK' derived by aaa-core.
final class CxVectorSourceTests: XCTestCase {
    let imsi = try! IMSI(Subscriber.imsi)  // constant, valid
    let v = DiameterVendor.threeGPP

    func source(_ transport: any SWxRequestTransport, impiRealm: String? = nil) -> CxVectorSource {
        CxVectorSource(transport: transport, originHost: "aaa.lab.twag", originRealm: "lab.twag",
                       destinationRealm: nil, impiRealm: impiRealm, mncLength: 2,
                       sessionIDs: DiameterSessionIDGenerator(identity: "aaa.lab.twag", high: 1_700_000_000))
    }

    func testMARCarriesTheCxAVPsWithDictionaryFlags() throws {
        let s = source(FakeSWxTransport { request throws(VectorFetchError) in request })
        let mar = try s.multimediaAuthRequest(imsi: imsi, naiRealm: Subscriber.realm, resync: nil)
        XCTAssertEqual(mar.command, .multimediaAuth)
        XCTAssertEqual(mar.applicationID, 16_777_216, "Cx application id in the header")
        XCTAssertTrue(mar.isRequest && mar.isProxiable)
        XCTAssertEqual(mar.avps.first?.code, DiameterAVPCode.sessionID, "Session-Id first")
        XCTAssertEqual(mar.sessionId, "aaa.lab.twag;1700000000;0")
        let vsai = try XCTUnwrap(mar.first(code: DiameterAVPCode.vendorSpecificApplicationID)).grouped()
        XCTAssertEqual(try vsai.first { $0.code == 266 }?.unsigned32(), 10415)
        XCTAssertEqual(try vsai.first { $0.code == 258 }?.unsigned32(), 16_777_216)
        XCTAssertEqual(mar.authSessionState, 1)
        XCTAssertEqual(mar.originHost, "aaa.lab.twag")
        XCTAssertEqual(mar.originRealm, "lab.twag")
        XCTAssertEqual(mar.destinationRealm, "epc.mnc001.mcc001.3gppnetwork.org")
        let impi = "\(Subscriber.imsi)@\(Subscriber.realm)"
        XCTAssertEqual(mar.userName, impi)
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.publicIdentity, vendor: v)?.utf8String(), "sip:" + impi)
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.serverName, vendor: v)?.utf8String(), "sip:aaa.lab.twag")
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: v)?.unsigned32(), 1)
        let item = try XCTUnwrap(mar.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v)).grouped()
        XCTAssertEqual(try item.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String(),
                       "Digest-AKAv1-MD5")
        XCTAssertNil(item.first { $0.code == DiameterAVPCode.sipAuthorization }, "no SIP-Authorization without resync")
        XCTAssertNil(mar.first(code: DiameterAVPCode.ratType, vendor: v), "no SWx-only AVPs")
        XCTAssertNil(mar.first(code: DiameterAVPCode.anid, vendor: v))
        // Every AVP (and grouped child) carries the V and M flags the dictionary prescribes.
        for avp in mar.avps + item {
            let vendor = avp.vendor
            let definition = try XCTUnwrap(DiameterDictionary.standard.avp(code: avp.code, vendorID: vendor),
                                           "AVP \(avp.code) in the dictionary")
            XCTAssertEqual(avp.isMandatory, definition.mandatoryRule == .must, "M flag of AVP \(avp.code)")
            XCTAssertEqual(avp.vendor == v, [601, 602, 607, 608, 610, 612].contains(avp.code), "V flag of \(avp.code)")
        }
        XCTAssertEqual(try DiameterMessage(decoding: mar.encode()).avps.count, mar.avps.count)
    }

    func testIMPIRealmComesFromConfigurationThenTheNAIThenTheIMSI() throws {
        let t = FakeSWxTransport { request throws(VectorFetchError) in request }
        let configured = try source(t, impiRealm: "ims.mnc001.mcc001.3gppnetwork.org")
            .multimediaAuthRequest(imsi: imsi, naiRealm: "other.example", resync: nil)
        XCTAssertEqual(configured.userName, "\(Subscriber.imsi)@ims.mnc001.mcc001.3gppnetwork.org")
        XCTAssertEqual(try configured.first(code: DiameterAVPCode.publicIdentity, vendor: v)?.utf8String(),
                       "sip:\(Subscriber.imsi)@ims.mnc001.mcc001.3gppnetwork.org")
        let fromNAI = try source(t).multimediaAuthRequest(imsi: imsi, naiRealm: "wifi.operator.example", resync: nil)
        XCTAssertEqual(fromNAI.userName, "\(Subscriber.imsi)@wifi.operator.example")
        let fallback = try source(t).multimediaAuthRequest(imsi: imsi, naiRealm: nil, resync: nil)
        XCTAssertEqual(fallback.userName, "\(Subscriber.imsi)@wlan.mnc001.mcc001.3gppnetwork.org")
    }

    func testResyncMARCarriesRANDAndAUTSInTheAuthDataItem() throws {
        let s = source(FakeSWxTransport { request throws(VectorFetchError) in request })
        let resync = try ResynchronisationInfo(rand: [UInt8](repeating: 0xAA, count: 16),
                                               auts: [UInt8](repeating: 0xBB, count: 14))
        let mar = try s.multimediaAuthRequest(imsi: imsi, naiRealm: Subscriber.realm, resync: resync)
        let item = try XCTUnwrap(mar.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v)).grouped()
        XCTAssertEqual(try item.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String(),
                       "Digest-AKAv1-MD5")
        XCTAssertEqual(item.first { $0.code == DiameterAVPCode.sipAuthorization && $0.vendor == v }?.octetString(),
                       resync.bytes)
        XCTAssertEqual(resync.bytes.count, 30)
    }

    func testMAAGivesPlainKeysAnd5001IsUserUnknown() async throws {
        let hss = FakeCxHSS(try Subscriber.hss())
        let s = source(hss)
        let vectors = try await s.fetch(VectorRequest(imsi: imsi, scheme: .akaPrime, resync: nil, realm: Subscriber.realm))
        let vector = try XCTUnwrap(vectors.first)
        XCTAssertEqual(vectors.count, 1)
        XCTAssertFalse(vector.keysAreAKAPrime, "Cx CK/IK are plain: aaa-core derives CK'/IK'")
        XCTAssertNil(vector.defect)
        XCTAssertEqual(vector.servingHSS, FakeCxHSS.host)
        // RAND/AUTN split, XRES, CK, IK as Milenage computes them.
        let milenage = try Milenage(k: Subscriber.k, opc: Subscriber.opc)
        let expected = try milenage.generateVector(rand: vector.rand, sqn: try XCTUnwrap(SequenceNumber(0x40)), amf: 0x8000)
        XCTAssertEqual(vector.xres, expected.xres)
        XCTAssertEqual(vector.ck, expected.ck)
        XCTAssertEqual(vector.ik, expected.ik)

        let stranger = try IMSI("001019999999999")
        do {
            _ = try await s.fetch(VectorRequest(imsi: stranger, scheme: .aka, resync: nil))
            XCTFail("expected userUnknown")
        } catch {
            XCTAssertEqual(error, .userUnknown)
        }
        let answer5001 = DiameterMessage.request(command: .multimediaAuth, application: .cx, hopByHop: 1, endToEnd: 1,
                                                 avps: [.sessionId("s")])
            .answer(avps: [.sessionId("s"), .experimentalResult(vendor: v, code: 5001)])
        XCTAssertThrowsError(try s.vectors(from: answer5001)) { XCTAssertEqual($0 as? VectorFetchError, .userUnknown) }
    }

    func testNonAKASchemeAndMissingKeysAreInvalidAnswers() throws {
        let s = source(FakeSWxTransport { request throws(VectorFetchError) in request })
        let request = DiameterMessage.request(command: .multimediaAuth, application: .cx, hopByHop: 1, endToEnd: 1,
                                              avps: [.sessionId("s")])
        let digest = request.answer(resultCode: 2001, avps: [.sipAuthDataItem(SWxAuthVector(
            scheme: "Digest-MD5", rand: [UInt8](repeating: 1, count: 16), autn: [UInt8](repeating: 2, count: 16),
            xres: [UInt8](repeating: 3, count: 8), ck: [UInt8](repeating: 4, count: 16),
            ik: [UInt8](repeating: 5, count: 16)))])
        XCTAssertThrowsError(try s.vectors(from: digest)) {
            guard case .invalidAnswer(let why) = $0 as? VectorFetchError else { return XCTFail("\($0)") }
            XCTAssertTrue(why.contains("Digest-MD5"))
        }
        let noKeys = request.answer(resultCode: 2001, avps: [.sipAuthDataItem([
            .sipAuthenticationScheme("Digest-AKAv1-MD5"), .sipAuthenticate([UInt8](repeating: 1, count: 32)),
            .sipAuthorization([UInt8](repeating: 3, count: 8)),
        ])])
        XCTAssertThrowsError(try s.vectors(from: noKeys)) {
            guard case .invalidAnswer = $0 as? VectorFetchError else { return XCTFail("\($0)") }
        }
    }

    // MARK: - End to end through the engine

    func cxHarness(amf: UInt16 = 0x8000) throws -> (EngineHarness, FakeCxHSS) {
        let hss = FakeCxHSS(try Subscriber.hss(amf: amf, returnsPrimeKeys: false))
        return (EngineHarness(hss: try Subscriber.hss(), vectorSource: source(hss)), hss)
    }

    func testAKAPrimeOverCxDerivesCKPrimeIKPrimeAndAgreesOnTheMSK() async throws {
        var (harness, hss) = try cxHarness()
        var p = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, rounds) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 2)
        XCTAssertEqual(reply.bytes(.msk), p.msk, "MSK equal on both sides")
        let requests = await hss.requests
        let mar = try XCTUnwrap(requests.first)
        XCTAssertEqual(mar.applicationID, DiameterApplication.cx.rawValue)
        XCTAssertEqual(mar.userName, "\(Subscriber.imsi)@\(Subscriber.realm)", "IMPI realm from the NAI")
    }

    func testAKAOverCxAndResynchronisation() async throws {
        var (harness, hss) = try cxHarness()
        var p = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaIdentity,
                                   sequence: USIMSequenceState(initial: try XCTUnwrap(SequenceNumber(0x4000))))
        let (reply, rounds) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 3, "identity, challenge, sync failure then challenge again")
        XCTAssertEqual(reply.bytes(.msk), p.msk)
        let requests = await hss.requests
        XCTAssertEqual(requests.count, 2)
        let item = try XCTUnwrap(requests.last?.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v)).grouped()
        XCTAssertEqual(item.first { $0.code == DiameterAVPCode.sipAuthorization }?.octetString().count, 30,
                       "RAND || AUTS")
        XCTAssertEqual(harness.counter("eap_aka_sync_failure_count"), 1)
    }

    func testUnknownIMSIOverCxRejects() async throws {
        var (harness, _) = try cxHarness()
        var p = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc,
                                   identity: "6001019999999999@\(Subscriber.realm)")
        let (reply, _) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authReject)
        XCTAssertEqual(try reply.string(.rejectReason), "user unknown")
    }

    func testAMFWithoutSeparationBitRejectsAKAPrimeWithTheLogLine() async throws {
        var (harness, _) = try cxHarness(amf: 0x0000)
        var p = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, _) = try await harness.run(&p)
        XCTAssertEqual(reply.type, .authReject)
        let line = try XCTUnwrap(harness.logs.messages(at: .info).first { $0.hasPrefix("Authentication REJECTED") })
        XCTAssertEqual(line, "Authentication REJECTED: AMF separation bit not set in AUTN: "
                       + "the subscriber's AMF cannot be used for EAP-AKA' (TS 33.402 6.1)")
        XCTAssertEqual(harness.counter("eap_aka_auth_reject_count", [("reason", "amf_separation_bit_missing")]), 1)
    }

    // MARK: - Configuration wiring

    func testCERAdvertisesCxOnlyWhenAPeerSpeaksCx() throws {
        var diameter = DiameterConfiguration(host: "aaa.lab.twag", realm: "lab.twag")
        diameter.peers = [DiameterPeerConfiguration(host: "hss.lab.twag", realm: "lab.twag", ip: "127.0.0.1")]
        XCTAssertEqual(SWxDiameterConfiguration.identity(diameter).authApplications, [.swx])
        diameter.peers[0].vectorDialect = .cx
        XCTAssertEqual(SWxDiameterConfiguration.identity(diameter).authApplications, [.swx, .cx])
    }

    func testDialectOrderFollowsPeerPriorityAndFallsBackWhenNoPeerIsOpen() async throws {
        var swxPeer = DiameterPeerConfiguration(host: "hss.lab.twag", realm: "lab.twag", ip: "127.0.0.1")
        var cxPeer = DiameterPeerConfiguration(host: "pyhss.lab.twag", realm: "lab.twag", ip: "127.0.0.2")
        cxPeer.vectorDialect = .cx
        swxPeer.priority = 2
        cxPeer.priority = 1
        XCTAssertEqual(HSSVectorSource.order([swxPeer, cxPeer]), [.cx, .swx])
        swxPeer.priority = 1
        XCTAssertEqual(HSSVectorSource.order([swxPeer, cxPeer]), [.swx, .cx], "SWx on a tie")
        XCTAssertEqual(HSSVectorSource.order([cxPeer]), [.cx])

        // No open SWx peer (the node finds no peer advertising SWx): the Cx MAR is tried next.
        let transport = FakeSWxTransport { request throws(VectorFetchError) in
            guard request.applicationID == DiameterApplication.cx.rawValue else {
                throw .unavailable("no open HSS peer")
            }
            return request.answer(resultCode: 2001, avps: [.sipAuthDataItem(SWxAuthVector(
                scheme: "Digest-AKAv1-MD5", rand: [UInt8](repeating: 1, count: 16),
                autn: [UInt8](repeating: 2, count: 16), xres: [UInt8](repeating: 3, count: 8),
                ck: [UInt8](repeating: 4, count: 16), ik: [UInt8](repeating: 5, count: 16)))])
        }
        var configuration = try TWAGConfiguration.parse(yaml: """
            diameter: {host: aaa.lab.twag, realm: lab.twag}
            radius: {secret: s3cr3t-shared}
            """, environment: [:])
        configuration.diameter.peers = [swxPeer, cxPeer]
        let source = HSSVectorSource(transport: transport, configuration: configuration)
        let vectors = try await source.fetch(VectorRequest(imsi: imsi, scheme: .aka, resync: nil))
        XCTAssertEqual(vectors.count, 1)
        let apps = await transport.requests.map(\.applicationID)
        XCTAssertEqual(apps, [DiameterApplication.swx.rawValue, DiameterApplication.cx.rawValue])
    }
}
