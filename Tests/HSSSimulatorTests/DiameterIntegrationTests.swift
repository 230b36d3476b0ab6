import Diameter
import DiameterPeer
import EAPAKA
import Logging
import Milenage
import NIOPosix
import XCTest
@testable import HSSSimulator

/// The HSS behind a real DiameterNode on 127.0.0.1 (ephemeral port), queried by a client node the
/// way aaa-core does: CER/CEA, MAR/MAA, resynchronisation, SAR/SAA, fault injection.
final class DiameterIntegrationTests: XCTestCase {
    private struct Lab {
        let group: MultiThreadedEventLoopGroup
        let server: DiameterNode
        let client: DiameterNode

        func stop() async {
            await client.shutdown()
            await server.shutdown()
            try? await group.shutdownGracefully()
        }
    }

    private func startLab(faults: FaultInjection = .none, requestTimeout: Duration = .seconds(3)) async throws -> Lab {
        let logger = Logger(label: "hss-sim-test")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let service = HSSService(core: try HSSFixture.hss(), persister: nil, faults: faults, logger: logger)
        let hss = HSSFixture.identity
        let server = DiameterNode(
            identity: DiameterLocalIdentity(originHost: hss.originHost, originRealm: hss.originRealm,
                                            productName: "hss-sim test", authApplications: [.swx]),
            peers: [], listen: (host: "127.0.0.1", port: 0), acceptUnknownPeers: true, group: group, logger: logger,
            requestHandler: { request, _ in await service.handle(request) })
        try await server.start()
        let port = try XCTUnwrap(server.listeningPort)
        let client = DiameterNode(
            identity: DiameterLocalIdentity(originHost: HSSFixture.aaaHost, originRealm: "lab.example",
                                            productName: "aaa test", authApplications: [.swx]),
            peers: [DiameterPeerSettings(host: hss.originHost, realm: hss.originRealm, address: "127.0.0.1", port: port,
                                         requestTimeout: requestTimeout)],
            listen: nil, group: group, logger: logger)
        try await client.start()
        let lab = Lab(group: group, server: server, client: client)
        // Real sockets: wait (bounded) for CER/CEA to open the connection.
        for _ in 0..<100 {
            if client.peerStatus().first?.state == "open" { return lab }
            try await Task.sleep(for: .milliseconds(50))
        }
        await lab.stop()
        XCTFail("peer never reached open: \(client.peerStatus())")
        throw CancellationError()
    }

    func testMARAndResynchronisationOverDiameter() async throws {
        let lab = try await startLab()
        do {
            let usim = try HSSFixture.usim()
            let ahead = try XCTUnwrap(SequenceNumberScheme.standard.make(seq: 77, ind: 0))
            var state = USIMSequenceState(initial: ahead)

            let answer = try await lab.client.send(HSSFixture.mar(scheme: "EAP-AKA'", count: 2))
            XCTAssertEqual(answer.originHost, HSSFixture.identity.originHost)
            let maa = try SWxMultimediaAuthAnswer(answer)
            XCTAssertTrue(maa.isSuccess)
            XCTAssertEqual(maa.vectors.count, 2)
            let first = maa.vectors[0]
            let rejected = Result { () throws(AUTNVerificationError) in
                try usim.verifyAUTN(rand: first.rand, autn: first.autn, state: &state)
            }
            guard case .failure(.sequenceOutOfRange(let auts)) = rejected else {
                XCTFail("USIM ahead must ask for resynchronisation, got \(rejected)")
                throw CancellationError()
            }
            let resync = try SWxMultimediaAuthAnswer(
                try await lab.client.send(HSSFixture.mar(scheme: "EAP-AKA'", authorization: first.rand + auts)))
            XCTAssertTrue(resync.isSuccess)
            let v = resync.vectors[0]
            let ue = try usim.verifyAUTN(rand: v.rand, autn: v.autn, state: &state)
            XCTAssertEqual(SequenceNumberScheme.standard.seq(of: ue.sqn), 78)
            let keys = try AKAPrimeTransformedKeys.derive(ck: ue.ck, ik: ue.ik, networkName: "WLAN", autn: v.autn)
            XCTAssertEqual(v.ck, keys.ckPrime)
            XCTAssertEqual(v.ik, keys.ikPrime)
            XCTAssertEqual(v.xres, ue.res)

            let saa = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            XCTAssertEqual(saa.resultCode, 2001)
            let unknown = try await lab.client.send(HSSFixture.mar(imsi: "001019999999999"))
            XCTAssertEqual(unknown.experimentalResult?.code, 5001)
        } catch {
            XCTFail("\(error)")
        }
        await lab.stop()
    }

    /// Request 2 is dropped; the client's single retransmission (T flag, same peer: no other is
    /// open) is request 3 and is answered, one request timeout later.
    func testDroppedRequestIsRetransmittedAfterTheTimeout() async throws {
        let lab = try await startLab(faults: FaultInjection(dropEvery: 2), requestTimeout: .milliseconds(400))
        do {
            let ok = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            XCTAssertEqual(ok.resultCode, 2001)
            let start = ContinuousClock.now
            let retried = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            XCTAssertEqual(retried.resultCode, 2001)
            XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(400), "answered only after the retry")
        } catch {
            XCTFail("\(error)")
        }
        await lab.stop()
    }
}
