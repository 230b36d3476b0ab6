import AAACore
import Diameter
import DiameterPeer
import EAPAKA
import Foundation
import Logging
import NIOPosix
import TWAGConfiguration
import XCTest

/// The Cx dialect over real Diameter connections on 127.0.0.1: aaa-core advertises Cx next to SWx,
/// and the node sends Cx MARs only to the peer that advertised Cx, never to the SWx-only one.
final class CxOverDiameterTests: XCTestCase {
    let logger = Logger(label: "cx-test") { _ in SwiftLogNoOpLogHandler() }

    func options() -> DiameterNodeOptions {
        var o = DiameterNodeOptions()
        o.tickInterval = .milliseconds(20)
        o.disconnectTimeout = .milliseconds(500)
        o.connectTimeout = .seconds(2)
        return o
    }

    /// A server node advertising only `application`; Cx requests go to `cx`, anything else gets 3007.
    func hssNode(_ host: String, application: DiameterApplication, cx: FakeCxHSS?,
                 seen: @escaping @Sendable (UInt32) -> Void) async throws -> DiameterNode {
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: host, originRealm: "lab.twag", hostIPAddresses: ["127.0.0.1"],
                                            productName: "hss-test", authApplications: [application]),
            peers: [], listen: ("127.0.0.1", 0), acceptUnknownPeers: true, options: options(),
            group: MultiThreadedEventLoopGroup.singleton, logger: logger
        ) { request, _ in
            seen(request.applicationID)
            if let cx, request.applicationID == DiameterApplication.cx.rawValue {
                return try? await cx.sendSWx(request)
            }
            return request.answer(resultCode: 3007, avps: [.originHost(host), .originRealm("lab.twag")])
        }
        try await node.start()
        return node
    }

    func testCxMARsGoOnlyToTheCxPeerAndAuthenticate() async throws {
        let hits = HitBox()
        let cxHSS = FakeCxHSS(try Subscriber.hss(returnsPrimeKeys: false))
        let swxNode = try await hssNode("hss.lab.twag", application: .swx, cx: nil) { hits.add("swx", $0) }
        let cxNode = try await hssNode(FakeCxHSS.host, application: .cx, cx: cxHSS) { hits.add("cx", $0) }
        let yaml = """
            diameter:
              host: aaa.lab.twag
              realm: lab.twag
              peers:
                - {host: hss.lab.twag, realm: lab.twag, ip: 127.0.0.1, port: \(try XCTUnwrap(swxNode.listeningPort)), priority: 1}
                - {host: \(FakeCxHSS.host), realm: lab.twag, ip: 127.0.0.1, port: \(try XCTUnwrap(cxNode.listeningPort)), priority: 1, vector_dialect: cx}
            radius:
              secret: testing123-testing123
            """
        let configuration = try TWAGConfiguration.parse(yaml: yaml)
        let identity = SWxDiameterConfiguration.identity(configuration.diameter)
        XCTAssertEqual(identity.authApplications, [.swx, .cx])
        let peers = SWxDiameterConfiguration.peers(configuration.diameter)
        XCTAssertEqual(peers.map(\.maxInFlight), [64, 8], "Cx peers default to 8 in flight")
        let aaa = DiameterNode(identity: DiameterLocalIdentity(
                                   originHost: identity.originHost, originRealm: identity.originRealm,
                                   hostIPAddresses: ["127.0.0.1"], productName: identity.productName,
                                   authApplications: identity.authApplications),
                               peers: peers, listen: nil, options: options(),
                               group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await aaa.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while !aaa.peerStatus().allSatisfy(\.isOpen), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertTrue(aaa.peerStatus().allSatisfy(\.isOpen), "both peers open")

        let transport = DiameterNodeSWxTransport(node: aaa)
        let cx = CxVectorSource(transport: transport, originHost: "aaa.lab.twag", originRealm: "lab.twag",
                                destinationRealm: "lab.twag", impiRealm: nil, mncLength: 2)
        var harness = EngineHarness(hss: try Subscriber.hss(), vectorSource: cx)
        for _ in 0..<4 {  // round robin would alternate between equal priorities if Cx went to both
            var phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
            let (reply, _) = try await harness.run(&phone)
            XCTAssertEqual(reply.type, .authAccept)
            XCTAssertEqual(reply.bytes(.msk), phone.msk)
        }
        XCTAssertEqual(hits.count("cx", DiameterApplication.cx.rawValue), 4)
        XCTAssertEqual(hits.count("swx", DiameterApplication.cx.rawValue), 0, "no Cx MAR to the SWx-only HSS")

        await aaa.shutdown()
        await swxNode.shutdown()
        await cxNode.shutdown()
    }
}

/// Which server saw which application ids.
final class HitBox: @unchecked Sendable {
    private let lock = NSLock()
    private var hits: [(String, UInt32)] = []
    func add(_ who: String, _ app: UInt32) { lock.withLock { hits.append((who, app)) } }
    func count(_ who: String, _ app: UInt32) -> Int { lock.withLock { hits.filter { $0.0 == who && $0.1 == app }.count } }
}
