@testable import AAACore
import Diameter
import EAPAKA
import Milenage
import NAI
import TWAGConfiguration
import WireFormat
import Foundation
import XCTest

/// A fake HSS at the SWx level: records MARs, answers with `answer`.
actor FakeSWxTransport: SWxRequestTransport {
    var requests: [DiameterMessage] = []
    var answer: @Sendable (DiameterMessage) throws(VectorFetchError) -> DiameterMessage

    init(answer: @escaping @Sendable (DiameterMessage) throws(VectorFetchError) -> DiameterMessage) {
        self.answer = answer
    }

    func sendSWx(_ request: DiameterMessage) async throws(VectorFetchError) -> DiameterMessage {
        requests.append(request)
        return try answer(request)
    }
}

final class SWxVectorSourceTests: XCTestCase {
    let imsi = try! IMSI(Subscriber.imsi)  // constant, valid
    static let hssHost = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    static let swxApp = DiameterAVP.vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx)
    var hssHost: String { Self.hssHost }

    func source(_ transport: FakeSWxTransport, destinationRealm: String? = nil,
                keySources: [String: DiameterPeerConfiguration.AKAPrimeKeySource] = [:]) -> SWxVectorSource {
        SWxVectorSource(transport: transport, originHost: "aaa.lab.twag", originRealm: "lab.twag",
                        destinationRealm: destinationRealm, mncLength: 2, networkName: "WLAN", keySources: keySources,
                        sessionIDs: DiameterSessionIDGenerator(identity: "aaa.lab.twag", high: 1_700_000_000))
    }

    static func maa(_ request: DiameterMessage, scheme: String, resultCode: UInt32 = 2001) -> DiameterMessage {
        let item = SWxAuthVector(itemNumber: 1, scheme: scheme, rand: [UInt8](repeating: 1, count: 16),
                                 autn: [UInt8](repeating: 2, count: 16), xres: [UInt8](repeating: 3, count: 8),
                                 ck: [UInt8](repeating: 4, count: 16), ik: [UInt8](repeating: 5, count: 16))
        return request.answer(resultCode: resultCode, avps: [
            swxApp, .authSessionState(1), .originHost(hssHost), .originRealm("epc.mnc001.mcc001.3gppnetwork.org"),
            .sipNumberAuthItems(1), .sipAuthDataItem(item),
        ])
    }

    func testAKAPrimeMARCarriesTheTS29273AVPs() async throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in request.answer(resultCode: 2001) }
        let s = source(transport)
        let mar = try s.multimediaAuthRequest(imsi: imsi, method: .akaPrime, resync: nil)
        XCTAssertEqual(mar.command, .multimediaAuth)
        XCTAssertEqual(mar.application, .swx)
        XCTAssertTrue(mar.isRequest && mar.isProxiable)
        XCTAssertEqual(mar.sessionId, "aaa.lab.twag;1700000000;0")
        XCTAssertEqual(mar.avps.first?.code, DiameterAVPCode.sessionID, "Session-Id first")
        let vsai = try XCTUnwrap(mar.first(code: DiameterAVPCode.vendorSpecificApplicationID)).grouped()
        XCTAssertEqual(try vsai.first { $0.code == 266 }?.unsigned32(), 10415)
        XCTAssertEqual(try vsai.first { $0.code == 258 }?.unsigned32(), DiameterApplication.swx.rawValue)
        XCTAssertEqual(mar.authSessionState, 1)
        XCTAssertEqual(mar.originHost, "aaa.lab.twag")
        XCTAssertEqual(mar.originRealm, "lab.twag")
        XCTAssertEqual(mar.destinationRealm, "epc.mnc001.mcc001.3gppnetwork.org")
        XCTAssertEqual(mar.userName, Subscriber.imsi)
        let v = DiameterVendor.threeGPP
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: v)?.unsigned32(), 1)
        let item = try XCTUnwrap(mar.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v)).grouped()
        XCTAssertEqual(try item.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String(), "EAP-AKA'")
        XCTAssertNil(item.first { $0.code == DiameterAVPCode.sipAuthorization }, "no SIP-Authorization without resync")
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.ratType, vendor: v)?.enumerated(), 0)
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.anid, vendor: v)?.utf8String(), "WLAN")
        // Round-trips through the codec.
        XCTAssertEqual(try DiameterMessage(decoding: mar.encode()).avps.count, mar.avps.count)
    }

    func testAKAMARHasNoANIDAndResyncCarriesRANDAndAUTS() throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in request }
        let s = source(transport, destinationRealm: "hss.example.net")
        let resync = try ResynchronisationInfo(rand: [UInt8](repeating: 0xAA, count: 16),
                                               auts: [UInt8](repeating: 0xBB, count: 14))
        let mar = try s.multimediaAuthRequest(imsi: imsi, method: .aka, resync: resync)
        XCTAssertNil(mar.first(code: DiameterAVPCode.anid, vendor: DiameterVendor.threeGPP))
        XCTAssertEqual(mar.destinationRealm, "hss.example.net")
        let item = try XCTUnwrap(mar.first(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP))
            .grouped()
        XCTAssertEqual(try item.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String(), "EAP-AKA")
        XCTAssertEqual(item.first { $0.code == DiameterAVPCode.sipAuthorization }?.octetString(), resync.bytes)
    }

    func testMAAVectorsKeepTheKeyKind() async throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in Self.maa(request, scheme: "EAP-AKA'") }
        let primed = try await source(transport).fetch(imsi: imsi, scheme: .akaPrime, resync: nil)
        XCTAssertEqual(primed.count, 1)
        XCTAssertEqual(primed[0].keysAreAKAPrime, true)
        XCTAssertEqual(primed[0].xres, [UInt8](repeating: 3, count: 8))
        XCTAssertEqual(primed[0].ck, [UInt8](repeating: 4, count: 16))
        let derive = try await source(transport, keySources: [hssHost.uppercased(): .derive])
            .fetch(imsi: imsi, scheme: .akaPrime, resync: nil)
        XCTAssertEqual(derive[0].keysAreAKAPrime, false, "aka_prime_keys: derive")
    }

    func testEveryPeerDerivingAsksForEAPAKAVectors() async throws {
        let transport = FakeSWxTransport { request throws(VectorFetchError) in Self.maa(request, scheme: "EAP-AKA") }
        let s = source(transport, keySources: [hssHost: .derive])
        let vectors = try await s.fetch(imsi: imsi, scheme: .akaPrime, resync: nil)
        XCTAssertEqual(vectors[0].keysAreAKAPrime, false)
        let sent = await transport.requests
        let item = try XCTUnwrap(sent.first?.first(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP))
            .grouped()
        XCTAssertEqual(try item.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String(), "EAP-AKA")
    }

    func testResultsMapToFetchErrors() async throws {
        func outcome(_ build: @escaping @Sendable (DiameterMessage) -> DiameterMessage) async -> VectorFetchError? {
            let transport = FakeSWxTransport { request throws(VectorFetchError) in build(request) }
            do {
                _ = try await source(transport).fetch(imsi: imsi, scheme: .aka, resync: nil)
                return nil
            } catch {
                return error
            }
        }
        let unknown = await outcome { $0.answer(avps: [.sessionId("s"), .experimentalResult(vendor: 10415, code: 5001)]) }
        XCTAssertEqual(unknown, .userUnknown)
        let roaming = await outcome { $0.answer(avps: [.sessionId("s"), .experimentalResult(vendor: 10415, code: 5420)]) }
        XCTAssertEqual(roaming, .rejected(resultCode: 5420))
        let authorization = await outcome { $0.answer(resultCode: 5003) }
        XCTAssertEqual(authorization, .rejected(resultCode: 5003))
        let unableToDeliver = await outcome { $0.answer(resultCode: 3002) }
        XCTAssertEqual(unableToDeliver, .unavailable("Result-Code 3002"))
        let empty = await outcome { $0.answer(resultCode: 2001) }
        guard case .invalidAnswer = empty else { return XCTFail("\(String(describing: empty))") }
        let noResult = await outcome { $0.answer(avps: [.sessionId("s")]) }
        guard case .invalidAnswer = noResult else { return XCTFail() }
        let primeForAKA = await outcome { Self.maa($0, scheme: "EAP-AKA'") }
        guard case .invalidAnswer = primeForAKA else { return XCTFail() }
        let transportDown = FakeSWxTransport { _ throws(VectorFetchError) in throw .unavailable("no peer") }
        do {
            _ = try await source(transportDown).fetch(imsi: imsi, scheme: .aka, resync: nil)
            XCTFail("should throw")
        } catch {
            XCTAssertEqual(error, .unavailable("no peer"))
        }
    }

    /// The whole path: engine → SWxVectorSource → Diameter encoding → a Milenage HSS answering MARs.
    func testEngineAuthenticatesThroughSWx() async throws {
        let hssBox = HSSBox(try Subscriber.hss())
        let transport = FakeSWxTransport { request throws(VectorFetchError) in
            let hssHost = Self.hssHost
            let swxApp = Self.swxApp
            let decoded: DiameterMessage
            do { decoded = try DiameterMessage(decoding: request.encode()) } catch { throw .invalidAnswer("\(error)") }
            let item = try? decoded.first(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP)?.grouped()
            let scheme = (try? item?.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String()) ?? ""
            let imsi: IMSI
            do { imsi = try IMSI(decoded.userName ?? "") } catch { throw .invalidAnswer("User-Name") }
            let vectors = try hssBox.fetch(imsi: imsi, scheme: scheme == "EAP-AKA'" ? .akaPrime : .aka)
            let items = vectors.map {
                DiameterAVP.sipAuthDataItem(SWxAuthVector(itemNumber: 1, scheme: scheme, rand: $0.rand, autn: $0.autn,
                                                          xres: $0.xres, ck: $0.ck, ik: $0.ik))
            }
            return decoded.answer(resultCode: 2001, avps: [swxApp, .authSessionState(1), .originHost(hssHost),
                                                           .originRealm("epc.mnc001.mcc001.3gppnetwork.org")] + items)
        }
        var harness = EngineHarness(hss: try Subscriber.hss(), vectorSource: source(transport))
        var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, rounds) = try await harness.run(&phone)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 2)
        XCTAssertEqual(reply.bytes(.msk), phone.msk)
        let sent = await transport.requests
        XCTAssertEqual(sent.count, 1)
    }
}

/// A Milenage HSS behind a lock for the synchronous SWx answer closure.
final class HSSBox: @unchecked Sendable {
    private let lock = NSLock()
    private var core: MilenageHSSCore
    init(_ core: MilenageHSSCore) { self.core = core }
    func fetch(imsi: IMSI, scheme: AKAMethod) throws(VectorFetchError) -> [AuthVector] {
        lock.lock()
        defer { lock.unlock() }
        return try core.fetch(imsi: imsi, scheme: scheme, resync: nil)
    }
}
