import Diameter
import DiameterPeer
import Logging
import Milenage
import NIOPosix
import XCTest
@testable import HSSSimulator

/// hss-sim in Cx mode behind a real DiameterNode on 127.0.0.1: CEA advertises Cx and not SWx,
/// a Cx MAR is answered with a vector the USIM accepts.
final class CxDiameterIntegrationTests: XCTestCase {
    func testCxModeOverDiameter() async throws {
        let logger = Logger(label: "hss-sim-cx-test")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let service = HSSService(core: try CxFixture.hss(), persister: nil, logger: logger)
        let hss = HSSFixture.identity
        let server = DiameterNode(
            identity: DiameterLocalIdentity(originHost: hss.originHost, originRealm: hss.originRealm,
                                            productName: "hss-sim cx test", authApplications: [.cx]),
            peers: [], listen: (host: "127.0.0.1", port: 0), acceptUnknownPeers: true, group: group, logger: logger,
            requestHandler: { request, _ in await service.handle(request) })
        try await server.start()
        let port = try XCTUnwrap(server.listeningPort)
        let client = DiameterNode(
            identity: DiameterLocalIdentity(originHost: HSSFixture.aaaHost, originRealm: "lab.example",
                                            productName: "aaa test", authApplications: [.swx, .cx]),
            peers: [DiameterPeerSettings(host: hss.originHost, realm: hss.originRealm, address: "127.0.0.1", port: port,
                                         requestTimeout: .milliseconds(400))],
            listen: nil, group: group, logger: logger)
        try await client.start()
        do {
            for _ in 0..<100 where client.peerStatus().first?.state != "open" {
                try await Task.sleep(for: .milliseconds(50))
            }
            let status = try XCTUnwrap(client.peerStatus().first)
            XCTAssertEqual(status.state, "open")
            XCTAssertTrue(status.advertisedApplications.contains(DiameterApplication.cx.rawValue))
            XCTAssertFalse(status.advertisedApplications.contains(DiameterApplication.swx.rawValue), "CEA must not offer SWx")

            let answer = try await client.send(CxFixture.mar())
            XCTAssertEqual(answer.resultCode, 2001)
            let v = try CxFixture.vector(answer)
            var state = USIMSequenceState()
            let ue = try HSSFixture.usim().verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
            XCTAssertEqual(v.ck, ue.ck)
            XCTAssertEqual(v.ik, ue.ik)

            // A malformed Cx MAR gets no answer, not even to the retransmission: the client times out.
            do {
                _ = try await client.send(CxFixture.mar(withItem: false))
                XCTFail("a malformed Cx MAR must not be answered")
            } catch {
                XCTAssertEqual(error, .timeout)
            }
        } catch {
            XCTFail("\(error)")
        }
        await client.shutdown()
        await server.shutdown()
        try? await group.shutdownGracefully()
    }
}
