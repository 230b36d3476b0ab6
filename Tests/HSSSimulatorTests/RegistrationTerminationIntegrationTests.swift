import Diameter
import DiameterPeer
import Logging
import NIOPosix
import TestSupport
import XCTest
@testable import HSSSimulator

/// RTRs that the AAA side of a test has received.
private actor RTRInbox {
    private(set) var requests: [(message: DiameterMessage, at: ContinuousClock.Instant)] = []

    func add(_ message: DiameterMessage) { requests.append((message, .now)) }

    /// Waits (bounded) for the first RTR.
    func first(within timeout: Duration) async -> (message: DiameterMessage, at: ContinuousClock.Instant)? {
        let end = ContinuousClock.now + timeout
        while requests.isEmpty, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return requests.first
    }
}

/// The HSS service behind a real DiameterNode on 127.0.0.1, a second node playing the 3GPP AAA server
/// (it connects, registers with SAR, and receives the RTR on the same connection), as hss-sim wires
/// them: the service's RTRs leave through the HSS node's `send`.
final class RegistrationTerminationIntegrationTests: XCTestCase {
    private struct Lab {
        let group: MultiThreadedEventLoopGroup
        let service: HSSService
        let server: DiameterNode
        let client: DiameterNode
        let inbox: RTRInbox
        let logs: LogStore

        func stop() async {
            await client.shutdown()
            await server.shutdown()
            try? await group.shutdownGracefully()
        }
    }

    private static let aaaRealm = "lab.example"

    /// `answerRTR` false: the AAA node has no request handler, so its node answers 3001 (an AAA
    /// server without RTR support).
    private func startLab(delay: Duration, answerRTR: Bool = true) async throws -> Lab {
        let logs = LogStore()
        let logger = logs.logger()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let hss = HSSFixture.identity
        let core = SWxHSS(identity: hss, subscribers: try HSSFixture.subscribers(), terminationDelay: delay)
        let service = HSSService(core: core, persister: nil, logger: logger)
        let server = DiameterNode(
            identity: DiameterLocalIdentity(originHost: hss.originHost, originRealm: hss.originRealm,
                                            productName: "hss-sim test", authApplications: [.swx]),
            peers: [], listen: (host: "127.0.0.1", port: 0), acceptUnknownPeers: true, group: group,
            logger: Logger(label: "hss-node-test"),
            requestHandler: { request, _ in await service.handle(request) })
        // As hss-sim's main wires it (DiameterNode+HSSRequestSender.swift).
        await service.attach(requestSender: HSSRequestSenders.connectedAAA(
            isOpen: { host in server.peerStatus().contains { $0.isOpen && $0.host.lowercased() == host } },
            send: { request in try await server.send(request) }))
        try await server.start()
        let port = try XCTUnwrap(server.listeningPort)
        let inbox = RTRInbox()
        var handler: (@Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage?)?
        if answerRTR {
            handler = { request, _ in
                await inbox.add(request)
                return request.answer(resultCode: DiameterResultCode.success.rawValue, avps: [
                    .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx), .authSessionState(1),
                    .originHost(HSSFixture.aaaHost), .originRealm(Self.aaaRealm),
                ])
            }
        }
        let client = DiameterNode(
            identity: DiameterLocalIdentity(originHost: HSSFixture.aaaHost, originRealm: Self.aaaRealm,
                                            productName: "aaa test", authApplications: [.swx]),
            peers: [DiameterPeerSettings(host: hss.originHost, realm: hss.originRealm, address: "127.0.0.1", port: port)],
            listen: nil, group: group, logger: Logger(label: "aaa-node-test"), requestHandler: handler)
        try await client.start()
        let lab = Lab(group: group, service: service, server: server, client: client, inbox: inbox, logs: logs)
        for _ in 0..<100 {
            if client.peerStatus().first?.state == "open" { return lab }
            try await Task.sleep(for: .milliseconds(50))
        }
        await lab.stop()
        XCTFail("peer never reached open: \(client.peerStatus())")
        throw CancellationError()
    }

    func testRegistrationIsTerminatedByRTROverTheAAAConnection() async throws {
        let lab = try await startLab(delay: .milliseconds(200))
        do {
            let saa = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            let answered = ContinuousClock.now
            XCTAssertEqual(saa.resultCode, 2001)
            let received = await lab.inbox.first(within: .seconds(5))
            let rtr = try XCTUnwrap(received?.message, "no RTR reached the AAA node")
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(received?.at) - answered, .milliseconds(100), "sent only after the delay")
            XCTAssertEqual(rtr.commandCode, DiameterCommand.registrationTermination.rawValue)
            XCTAssertEqual(rtr.applicationID, DiameterApplication.swx.rawValue)
            XCTAssertEqual(rtr.originHost, HSSFixture.identity.originHost)
            XCTAssertEqual(rtr.destinationHost, HSSFixture.aaaHost)
            XCTAssertEqual(rtr.destinationRealm, Self.aaaRealm)
            XCTAssertEqual(rtr.userName, HSSFixture.imsi)
            let reason = try XCTUnwrap(rtr.first(code: DiameterAVPCode.deregistrationReason, vendor: DiameterVendor.threeGPP))
                .grouped()
            XCTAssertEqual(try reason.first { $0.code == DiameterAVPCode.reasonCode }?.enumerated(), 0)
            XCTAssertEqual(try reason.first { $0.code == DiameterAVPCode.reasonInfo }?.utf8String(), "hss-sim")

            let rta = await lab.logs.waitFor { $0.hasPrefix("RTA from") }
            XCTAssertEqual(rta, "RTA from aaa.lab.example for 001010000000001: 2001")
            let messages = lab.logs.messages
            XCTAssertTrue(messages.contains("SAR REGISTRATION for 001010000000001 from aaa.lab.example: 2001, non-3GPP access allowed, RTR in 200 ms"),
                          "\(messages)")
            let sent = try XCTUnwrap(messages.firstIndex(of: "RTR sent for 001010000000001 to aaa.lab.example"), "\(messages)")
            XCTAssertLessThan(sent, try XCTUnwrap(messages.firstIndex { $0.hasPrefix("RTA from") }))
            // Only once per REGISTRATION: RTRs come only from the table, and nothing is left armed in it.
            let left = await lab.service.registrations
            XCTAssertNil(left[HSSFixture.imsi], "cleared when the RTR was sent")
            XCTAssertNil(left.nextTerminationDue)
            let count = await lab.inbox.requests.count
            XCTAssertEqual(count, 1)
            // A new REGISTRATION arms a new one.
            _ = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            for _ in 0..<100 where await lab.inbox.requests.count < 2 {
                try await Task.sleep(for: .milliseconds(20))
            }
            let again = await lab.inbox.requests.count
            XCTAssertEqual(again, 2)
        } catch {
            XCTFail("\(error)")
        }
        await lab.stop()
    }

    func testDeregistrationBeforeTheDelayCancelsTheRTR() async throws {
        let lab = try await startLab(delay: .milliseconds(300))
        do {
            _ = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            let saa = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.userDeregistration))
            XCTAssertEqual(saa.resultCode, 2001)
            XCTAssertTrue(lab.logs.messages.contains(
                "SAR USER_DEREGISTRATION for 001010000000001 from aaa.lab.example: 2001, registration cleared"), "\(lab.logs.messages)")
            // The armed timer still wakes, but RTRs come only from the table, and it holds nothing.
            let left = await lab.service.registrations
            XCTAssertNil(left[HSSFixture.imsi])
            XCTAssertNil(left.nextTerminationDue)
            let count = await lab.inbox.requests.count
            XCTAssertEqual(count, 0)
            XCTAssertFalse(lab.logs.messages.contains { $0.hasPrefix("RTR") }, "\(lab.logs.messages)")
        } catch {
            XCTFail("\(error)")
        }
        await lab.stop()
    }

    func testAAAWithoutRTRSupportIsLoggedWithItsResultCode() async throws {
        let lab = try await startLab(delay: .milliseconds(50), answerRTR: false)
        do {
            _ = try await lab.client.send(HSSFixture.sar(type: SWxServerAssignmentType.registration))
            let rta = await lab.logs.waitFor { $0.hasPrefix("RTA from") }
            XCTAssertEqual(rta, "RTA from aaa.lab.example for 001010000000001: 3001")
            XCTAssertEqual(lab.logs.records.first { $0.message == rta }?.level, .warning)
        } catch {
            XCTFail("\(error)")
        }
        await lab.stop()
    }
}
