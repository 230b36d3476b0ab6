import AAACore
import Diameter
import DiameterPeer
import EAPAKA
import Foundation
import Logging
import Milenage
import NAI
import NIOPosix
import TWAGConfiguration
import XCTest

/// aaa-core's SWx path over a real Diameter connection on 127.0.0.1 to an HSS node built on Milenage.
final class SWxOverDiameterTests: XCTestCase {
    static let hssHost = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    static let realm = "epc.mnc001.mcc001.3gppnetwork.org"
    let logger = Logger(label: "swx-test") { _ in SwiftLogNoOpLogHandler() }

    func options() -> DiameterNodeOptions {
        var o = DiameterNodeOptions()
        o.tickInterval = .milliseconds(20)
        o.disconnectTimeout = .milliseconds(500)
        o.connectTimeout = .seconds(2)
        return o
    }

    /// An HSS node answering MAR from Milenage, with the AVPs TS 29.273 puts in an MAA.
    func hssNode(_ hss: HSSBox) async throws -> DiameterNode {
        let swxApp = DiameterAVP.vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx)
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: Self.hssHost, originRealm: Self.realm,
                                            hostIPAddresses: ["127.0.0.1"], productName: "hss-test",
                                            authApplications: [.swx]),
            peers: [], listen: ("127.0.0.1", 0), acceptUnknownPeers: true, options: options(),
            group: MultiThreadedEventLoopGroup.singleton, logger: logger
        ) { request, _ in
            let origin: [DiameterAVP] = [swxApp, .authSessionState(1), .originHost(Self.hssHost), .originRealm(Self.realm)]
            guard request.destinationRealm == Self.realm, let user = request.userName, let imsi = try? IMSI(user) else {
                return request.answer(resultCode: 5004, avps: origin)
            }
            let item = try? request.first(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP)?.grouped()
            let scheme = (try? item?.first { $0.code == DiameterAVPCode.sipAuthenticationScheme }?.utf8String()) ?? ""
            do {
                let vectors = try hss.fetch(imsi: imsi, scheme: scheme == "EAP-AKA'" ? .akaPrime : .aka)
                let items = vectors.map {
                    DiameterAVP.sipAuthDataItem(SWxAuthVector(itemNumber: 1, scheme: scheme, rand: $0.rand,
                                                              autn: $0.autn, xres: $0.xres, ck: $0.ck, ik: $0.ik))
                }
                return request.answer(resultCode: 2001, avps: origin + [.userName(user), .sipNumberAuthItems(1)] + items)
            } catch VectorFetchError.userUnknown {
                return request.answer(avps: [request.first(code: DiameterAVPCode.sessionID)].compactMap { $0 }
                                      + [.experimentalResult(vendor: DiameterVendor.threeGPP, code: 5001)] + origin)
            } catch {
                return request.answer(resultCode: 5012, avps: origin)
            }
        }
        try await node.start()
        return node
    }

    func aaaNode(hssPort: Int) async throws -> DiameterNode {
        let yaml = """
            diameter:
              host: aaa.lab.twag
              realm: lab.twag
              request_timeout_ms: 2000
              reconnect_backoff_ms: {initial: 100, max: 1000}
              peers:
                - {host: \(Self.hssHost), realm: \(Self.realm), ip: 127.0.0.1, port: \(hssPort)}
            radius:
              secret: testing123-testing123
            """
        let configuration = try TWAGConfiguration.parse(yaml: yaml)
        let peers = SWxDiameterConfiguration.peers(configuration.diameter)
        XCTAssertEqual(peers.first?.requestTimeout, .milliseconds(2000))
        XCTAssertEqual(peers.first?.address, "127.0.0.1")
        let identity = SWxDiameterConfiguration.identity(configuration.diameter)
        XCTAssertEqual(identity.authApplications, [.swx])
        let node = DiameterNode(identity: DiameterLocalIdentity(
                                    originHost: identity.originHost, originRealm: identity.originRealm,
                                    hostIPAddresses: ["127.0.0.1"], productName: identity.productName,
                                    authApplications: identity.authApplications),
                                peers: peers, listen: nil, options: options(),
                                group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await node.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while node.peerStatus().first?.isOpen != true, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertEqual(node.peerStatus().first?.isOpen, true, "SWx peer open")
        return node
    }

    func testEAPAKAPrimeAuthenticationWithVectorsFromADiameterHSS() async throws {
        let hss = try await hssNode(HSSBox(try Subscriber.hss()))
        let aaa = try await aaaNode(hssPort: try XCTUnwrap(hss.listeningPort))
        let source = SWxVectorSource(transport: DiameterNodeSWxTransport(node: aaa), originHost: "aaa.lab.twag",
                                     originRealm: "lab.twag", destinationRealm: nil, mncLength: 2, networkName: "WLAN",
                                     keySources: [Self.hssHost: .hss])
        var harness = EngineHarness(hss: try Subscriber.hss(), vectorSource: source)

        var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (reply, rounds) = try await harness.run(&phone)
        XCTAssertEqual(reply.type, .authAccept)
        XCTAssertEqual(rounds, 2)
        XCTAssertEqual(reply.bytes(.msk), phone.msk)

        var stranger = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc,
                                          identity: "0001019999999999@\(Subscriber.realm)")
        let (unknown, _) = try await harness.run(&stranger)
        XCTAssertEqual(try unknown.string(.rejectReason), "user unknown")

        await aaa.shutdown()
        await hss.shutdown()
    }

    func testNoOpenHSSIsReportedAsUnavailable() async throws {
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: "aaa.lab.twag", originRealm: "lab.twag",
                                            hostIPAddresses: ["127.0.0.1"], productName: "t", authApplications: [.swx]),
            peers: [], listen: nil, options: options(), group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await node.start()
        let source = SWxVectorSource(transport: DiameterNodeSWxTransport(node: node), originHost: "aaa.lab.twag",
                                     originRealm: "lab.twag", destinationRealm: nil, mncLength: 2, networkName: "WLAN")
        let imsi = try IMSI(Subscriber.imsi)
        do {
            _ = try await source.fetch(imsi: imsi, scheme: .aka, resync: nil)
            XCTFail("no peer")
        } catch {
            XCTAssertEqual(error, .unavailable("no open HSS peer"))
        }
        await node.shutdown()
    }
}
