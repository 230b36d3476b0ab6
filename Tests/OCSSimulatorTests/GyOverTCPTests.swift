import Diameter
import DiameterPeer
import Foundation
import Logging
import NIOPosix
import OCSSimulator
import XCTest

/// Requests the client side of a test received from the OCS.
private actor ServerRequestInbox {
    private(set) var requests: [DiameterMessage] = []

    func add(_ message: DiameterMessage) { requests.append(message) }

    func waitFor(count: Int, within timeout: Duration) async -> [DiameterMessage] {
        let end = ContinuousClock.now + timeout
        while requests.count < count, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return requests
    }
}

/// The node's `send` as the OCS's sender, as ocs-sim's main wires it (DiameterNode+OCSRequestSender.swift,
/// which lives in the executable).
private struct NodeSender: OCSRequestSender {
    let node: DiameterNode

    func send(_ request: DiameterMessage) async throws -> DiameterMessage { try await node.send(request) }
}

/// The OCS service behind a real DiameterNode on 127.0.0.1 and a charging client node: CCR-I/U/T over
/// TCP, a RAR and an ASR back to the client on the same connection, and the ledger they leave.
final class GyOverTCPTests: XCTestCase {
    private struct Lab {
        let group: MultiThreadedEventLoopGroup
        let service: OCSService
        let server: DiameterNode
        let client: DiameterNode
        let inbox: ServerRequestInbox

        func stop() async {
            await client.shutdown()
            await server.shutdown()
            try? await group.shutdownGracefully()
        }
    }

    private func startLab() async throws -> Lab {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let service = OCSFixture.service(balance: 1_000_000, behaviour: OCSBehaviour(defaultGrantOctets: 50_000, validityTime: 0))
        let server = DiameterNode(
            identity: DiameterLocalIdentity(originHost: OCSFixture.ocsHost, originRealm: OCSFixture.ocsRealm,
                                            productName: "OpenTWAG ocs-sim", authApplications: [.creditControl]),
            peers: [], listen: (host: "127.0.0.1", port: 0), acceptUnknownPeers: true, group: group,
            logger: Logger(label: "ocs-node-test"), requestHandler: { request, _ in await service.handle(request) })
        await service.attach(sender: NodeSender(node: server))
        try await server.start()
        let port = try XCTUnwrap(server.listeningPort)
        let inbox = ServerRequestInbox()
        let client = DiameterNode(
            identity: DiameterLocalIdentity(originHost: OCSFixture.clientHost, originRealm: OCSFixture.clientRealm,
                                            productName: "gy test", authApplications: [.creditControl]),
            peers: [DiameterPeerSettings(host: OCSFixture.ocsHost, realm: OCSFixture.ocsRealm, address: "127.0.0.1", port: port)],
            listen: nil, group: group, logger: Logger(label: "gy-client-test"),
            requestHandler: { request, _ in
                await inbox.add(request)
                return request.answer(resultCode: DiameterResultCode.success.rawValue, avps: [
                    .originHost(OCSFixture.clientHost), .originRealm(OCSFixture.clientRealm), .authApplicationId(.creditControl),
                ])
            })
        try await client.start()
        let lab = Lab(group: group, service: service, server: server, client: client, inbox: inbox)
        for _ in 0..<100 {
            if client.peerStatus().first?.isOpen == true { return lab }
            try await Task.sleep(for: .milliseconds(50))
        }
        await lab.stop()
        XCTFail("peer never reached open: \(client.peerStatus())")
        throw CancellationError()
    }

    private func exchange(_ lab: Lab, _ ccr: CreditControlRequest) async throws -> CreditControlAnswer {
        let message = try await lab.client.send(ccr.message())
        return try CreditControlAnswer(decoding: message, answering: ccr)
    }

    func testCreditControlRoundTripAndServerRequests() async throws {
        let lab = try await startLab()
        do {
            let status = try XCTUnwrap(lab.client.peerStatus().first)
            XCTAssertEqual(status.productName, "OpenTWAG ocs-sim")
            XCTAssertEqual(status.advertisedApplications, [DiameterApplication.creditControl.rawValue])

            let session = "\(OCSFixture.clientHost);1700000000;1;gy"
            let i = try await exchange(lab, OCSFixture.ccr(.initial, 0, session: session, requested: .serverChooses))
            XCTAssertEqual(i.resultCode, 2001)
            XCTAssertEqual(i.originHost, OCSFixture.ocsHost)
            XCTAssertEqual(i.services.first?.grantedOctets, 50_000, "the OCS's own slice")
            XCTAssertEqual(i.services.first?.validityTime, 0)
            XCTAssertEqual(i.services.first?.ratingGroup, 100)

            let u = try await exchange(lab, OCSFixture.ccr(.update, 1, session: session, requested: .octets(20_000),
                                                          input: 1_234, output: 40_000, reason: .threshold))
            XCTAssertEqual(u.resultCode, 2001)
            XCTAssertEqual(u.services.first?.grantedOctets, 20_000)

            let unknown = try await exchange(lab, OCSFixture.ccr(.update, 1, session: "nobody"))
            XCTAssertEqual(unknown.resultCode, 5002)

            // RAR to the client that opened the session, on the connection it opened.
            let control = OCSControl(service: lab.service)
            let rar = await control.handle(method: "POST", uri: "/rar?imsi=\(OCSFixture.imsi)")
            XCTAssertEqual(rar.status, 200)
            let rarBody = try OCSFixture.object(rar.body)
            let results = try XCTUnwrap(rarBody["sessions"] as? [[String: Any]])
            XCTAssertEqual(results.count, 1)
            XCTAssertEqual(results.first?["session"] as? String, session)
            XCTAssertEqual(results.first?["result"] as? Int, 2001)
            let received = await lab.inbox.waitFor(count: 1, within: .seconds(5))
            let request = try XCTUnwrap(received.first)
            XCTAssertEqual(try GyServerRequest(decoding: request), .reAuth(sessionID: session))
            XCTAssertEqual(request.applicationID, DiameterApplication.creditControl.rawValue)
            XCTAssertEqual(request.destinationHost, OCSFixture.clientHost)
            XCTAssertEqual(request.destinationRealm, OCSFixture.clientRealm)
            XCTAssertEqual(request.originHost, OCSFixture.ocsHost)

            let t = try await exchange(lab, OCSFixture.ccr(.termination, 2, session: session, input: 10, output: 6,
                                                          reason: .final))
            XCTAssertEqual(t.resultCode, 2001)
            XCTAssertEqual(t.services, [])

            // No open session left: an ASR goes nowhere.
            let asr = await control.handle(method: "POST", uri: "/asr?imsi=\(OCSFixture.imsi)")
            XCTAssertEqual((try OCSFixture.object(asr.body)["sessions"] as? [[String: Any]])?.count, 0)
            let unknownIMSI = await control.handle(method: "POST", uri: "/asr?imsi=001019999999999")
            XCTAssertEqual(unknownIMSI.status, 404)

            let ledger = try OCSFixture.object(await control.handle(method: "GET", uri: "/ledger").body)
            let s = try XCTUnwrap((ledger["sessions"] as? [String: Any])?[session] as? [String: Any])
            XCTAssertEqual(s["used_octets"] as? Int, 1_234 + 40_000 + 16, "byte for byte what was reported")
            XCTAssertEqual(s["open"] as? Bool, false)
            XCTAssertEqual(s["requests"] as? Int, 3)
            let types = (ledger["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            XCTAssertEqual(types, ["CCR-I", "CCR-U", "CCR-U", "RAR", "CCR-T"])
            let subscriber = try XCTUnwrap((ledger["subscribers"] as? [String: Any])?[OCSFixture.imsi] as? [String: Any])
            XCTAssertEqual(subscriber["balance_octets"] as? Int, 1_000_000 - 41_250)
            XCTAssertEqual(subscriber["reserved_octets"] as? Int, 0)
        } catch {
            await lab.stop()
            throw error
        }
        await lab.stop()
    }

    func testASRReachesTheClientOfAnOpenSession() async throws {
        let lab = try await startLab()
        do {
            let i = try await exchange(lab, OCSFixture.ccr(.initial, 0, session: "asr-1"))
            XCTAssertEqual(i.resultCode, 2001)
            let asr = await OCSControl(service: lab.service).handle(method: "POST", uri: "/asr?imsi=\(OCSFixture.imsi)")
            let results = try XCTUnwrap(try OCSFixture.object(asr.body)["sessions"] as? [[String: Any]])
            XCTAssertEqual(results.first?["result"] as? Int, 2001)
            let received = await lab.inbox.waitFor(count: 1, within: .seconds(5))
            XCTAssertEqual(try received.first.flatMap { try GyServerRequest(decoding: $0) }, .abortSession(sessionID: "asr-1"))
            let ledger = await lab.service.snapshot()
            XCTAssertEqual(ledger.events.last?.type, "ASR")
            XCTAssertEqual(ledger.events.last?.result, 2001)
        } catch {
            await lab.stop()
            throw error
        }
        await lab.stop()
    }
}
