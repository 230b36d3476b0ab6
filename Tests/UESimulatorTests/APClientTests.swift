import EAP
import NAI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RADIUS
import XCTest

@testable import UESimulator

final class APClientTests: XCTestCase {
    let secret = Array("testing123".utf8)
    var group: MultiThreadedEventLoopGroup!

    override func setUp() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    override func tearDown() async throws {
        try await group.shutdownGracefully()
    }

    func request() -> RADIUSPacket {
        var packet = RADIUSPacket(code: .accessRequest, identifier: 0)
        packet.userName = TestSIM.akaPrimeIdentity
        packet.eapMessage = (try? EAPPacket.identityResponse(identifier: 1, identity: TestSIM.akaPrimeIdentity).encode()) ?? []
        return packet
    }

    /// An Access-Challenge to `datagram` signed with `secret`.
    static func challenge(to datagram: [UInt8], secret: [UInt8]) -> [UInt8]? {
        guard let request = try? RADIUSPacket(decoding: datagram) else { return nil }
        var reply = RADIUSPacket.reply(to: request, code: .accessChallenge)
        reply.state = [9, 9]
        reply.eapMessage = try? EAPPacket.identityRequest(identifier: 2).encode()
        return try? reply.encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
    }

    func client(to responder: UDPResponder, timeout: TimeAmount = .milliseconds(100), attempts: Int = 3) async throws -> APClient {
        let client = APClient(server: try responder.address, secret: secret,
                              policy: RetransmissionPolicy(timeout: timeout, attempts: attempts), bindHost: "127.0.0.1",
                              group: group)
        try await client.start()
        return client
    }

    func testRetransmitsIdenticalDatagramsUntilAnswered() async throws {
        let secret = self.secret
        let responder = try await UDPResponder(group: group) { datagram, index in
            index < 2 ? nil : Self.challenge(to: datagram, secret: secret)
        }
        let client = try await client(to: responder)
        let exchange = try await client.send(request())
        XCTAssertEqual(exchange.reply.code, .accessChallenge)
        XCTAssertEqual(exchange.transmissions, 3)
        let received = responder.received
        XCTAssertEqual(received.count, 3)
        XCTAssertEqual(received[0], received[1], "same Identifier, authenticator and bytes")
        XCTAssertEqual(received[1], received[2])
        XCTAssertEqual(client.statistics.retransmissions, 2)
        // The sent request is what the reply was verified against.
        XCTAssertEqual(exchange.request.authenticator, Array(received[0][4..<20]))
        await client.shutdown()
        await responder.close()
    }

    func testTimesOutAfterTheLastTransmission() async throws {
        let responder = try await UDPResponder(group: group) { _, _ in nil }
        let client = try await client(to: responder, timeout: .milliseconds(50), attempts: 2)
        do {
            _ = try await client.send(request())
            XCTFail("expected a timeout")
        } catch {
            XCTAssertEqual(error, .timeout)
        }
        XCTAssertEqual(responder.received.count, 2)
        await client.shutdown()
        await responder.close()
    }

    func testRepliesFailingVerificationAreDiscarded() async throws {
        let secret = self.secret
        let responder = try await UDPResponder(group: group) { datagram, index in
            // First answer signed with the wrong secret: dropped; the retransmission gets a good one.
            Self.challenge(to: datagram, secret: index == 0 ? Array("wrong".utf8) : secret)
        }
        let client = try await client(to: responder)
        let exchange = try await client.send(request())
        XCTAssertEqual(exchange.transmissions, 2)
        XCTAssertEqual(client.statistics.discardedReplies, 1)
        await client.shutdown()
        await responder.close()
    }

    func testConcurrentRequestsOnOneSocketAreMatchedByIdentifier() async throws {
        let secret = self.secret
        let responder = try await UDPResponder(group: group) { datagram, _ in Self.challenge(to: datagram, secret: secret) }
        let client = try await client(to: responder)
        let request = request()
        let identifiers = try await withThrowingTaskGroup(of: UInt8.self) { tasks in
            for _ in 0..<50 {
                tasks.addTask { try await client.send(request).reply.identifier }
            }
            var all: [UInt8] = []
            for try await id in tasks { all.append(id) }
            return all
        }
        XCTAssertEqual(Set(identifiers).count, 50)
        await client.shutdown()
        await responder.close()
    }

    // MARK: Full authentications over UDP

    func subscribers(_ count: Int) throws -> [SubscriberRecord] {
        try (0..<count).map { index in
            try SubscriberRecord(imsi: try IMSI("00101012345678\(index)"), k: TestSIM.k, opc: TestSIM.opc,
                                 amf: 0x8000, sqn: TestSIM.sqn(seq: 5))
        }
    }

    func configuration(server: SocketAddress, count: Int, concurrency: Int, method: AuthenticationMethodChoice,
                       anonymous: Bool = false) throws -> LoadConfiguration {
        let bssid = try XCTUnwrap(MACAddress("AA-BB-CC-DD-EE-FF"))
        return LoadConfiguration(
            server: server, secret: secret, mncLength: 2,
            accessPoint: AccessPointProfile(nasIPAddress: IPv4Address(127, 0, 0, 1), bssid: bssid),
            count: count, concurrency: concurrency, method: method,
            retransmission: RetransmissionPolicy(timeout: .milliseconds(500), attempts: 3), anonymousIdentity: anonymous,
            bindHost: "127.0.0.1")
    }

    func testLoadRunAuthenticatesEverySubscriberAndChecksMPPEKeys() async throws {
        let aaa = RADIUSAKAResponder(secret: secret)
        let responder = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        let records = NIOLockedValueBoxLike<[AuthenticationRecord]>([])
        let generator = LoadGenerator(
            configuration: try configuration(server: try responder.address, count: 9, concurrency: 3, method: .mixed),
            subscribers: try subscribers(3))
        let report = try await generator.run(group: group) { record in records.append(record) }
        XCTAssertEqual(report.authentications, 9)
        XCTAssertEqual(report.successes, 9, "\(report.failures)")
        XCTAssertTrue(report.allSucceeded)
        XCTAssertEqual(report.latencyMilliseconds.count, 9)
        XCTAssertEqual(aaa.accepts, 9)
        // Each SIM authenticated three times: its SQN state carried over (no resynchronisation needed).
        XCTAssertFalse(records.value.contains { $0.result?.trace.contains { $0.contains("Synchronization") } ?? true })

        let first = try XCTUnwrap(records.value.first { $0.method == .akaPrime })
        let lines = first.demoLines
        XCTAssertTrue(lines.contains(
            "  Access-Request (EAP-Response/Identity) -> Access-Challenge (AKA'-Challenge) -> "
                + "Access-Request (AKA'-Challenge response) -> Access-Accept"), "\(lines)")
        XCTAssertTrue(lines.contains("  MSK (derived by UE) matches MS-MPPE keys: yes"))
        XCTAssertTrue(lines.contains("  Authentication ACCEPTED"))
        XCTAssertTrue(records.value.contains { $0.method == .aka })

        // The AP's attributes on the wire (RFC 3580) and the echoed State.
        let requests = aaa.requests
        let initial = try XCTUnwrap(requests.first { $0.state == nil })
        XCTAssertEqual(initial.attributes.first?.type, RADIUSAttributeType.messageAuthenticator.rawValue)
        XCTAssertEqual(initial.nasPortType, .wireless80211)
        XCTAssertEqual(initial.framedMTU, 1400)
        XCTAssertEqual(initial.calledStationId, "AA-BB-CC-DD-EE-FF:OpenTWAG")
        XCTAssertEqual(initial.nasIPAddress, IPv4Address(127, 0, 0, 1))
        XCTAssertEqual(initial.nasIdentifier, "ue-sim-ap")
        XCTAssertNotNil(initial.callingStationMAC)
        XCTAssertTrue(initial.userName?.hasSuffix("@wlan.mnc001.mcc001.3gppnetwork.org") ?? false)
        XCTAssertEqual(requests.filter { $0.state != nil }.count, 9, "every second request echoes State")
        await responder.close()
    }

    func testConcurrentLoadNeverSharesASIMAndNeedsNoResynchronisation() async throws {
        let aaa = RADIUSAKAResponder(secret: secret)
        let responder = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        let records = NIOLockedValueBoxLike<[AuthenticationRecord]>([])
        let generator = LoadGenerator(
            configuration: try configuration(server: try responder.address, count: 200, concurrency: 8, method: .mixed),
            subscribers: try subscribers(8))
        let report = try await generator.run(group: group) { records.append($0) }
        XCTAssertEqual(report.successes, 200, "\(report.failures)")
        XCTAssertEqual(report.retransmissions, 0)
        // Had two authentications shared a SIM, SQNs would arrive out of order and force AUTS.
        XCTAssertFalse(records.value.contains { $0.result?.trace.contains { $0.contains("Synchronization") } ?? true })
        // Round robin over idle SIMs: every SIM used, about evenly (a busy one is skipped, not waited for).
        let uses = Dictionary(grouping: records.value, by: \.imsi).mapValues(\.count)
        XCTAssertEqual(uses.count, 8)
        XCTAssertTrue(uses.values.allSatisfy { (20...30).contains($0) }, "\(uses)")
        await responder.close()
    }

    func testWrongMPPEKeysAreReportedAsMismatch() async throws {
        let aaa = RADIUSAKAResponder(secret: secret, corruptsMPPE: true)
        let responder = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        let generator = LoadGenerator(
            configuration: try configuration(server: try responder.address, count: 2, concurrency: 1, method: .akaPrime),
            subscribers: try subscribers(1))
        let report = try await generator.run(group: group)
        XCTAssertEqual(report.successes, 0)
        XCTAssertEqual(report.failures, ["mppe_mismatch": 2])
        XCTAssertFalse(report.allSucceeded)
        XCTAssertTrue(report.json.contains("\"mppe_mismatch\":2"), report.json)
        await responder.close()
    }

    func testSilentServerIsReportedAsTimeout() async throws {
        let responder = try await UDPResponder(group: group) { _, _ in nil }
        var configuration = try configuration(server: try responder.address, count: 1, concurrency: 1, method: .aka)
        configuration.retransmission = RetransmissionPolicy(timeout: .milliseconds(30), attempts: 2)
        let report = try await LoadGenerator(configuration: configuration, subscribers: try subscribers(1)).run(group: group)
        XCTAssertEqual(report.failures, ["timeout": 1])
        XCTAssertEqual(report.retransmissions, 1)
        await responder.close()
    }

    func testWrongKIsReportedAsMACFailure() async throws {
        let aaa = RADIUSAKAResponder(secret: secret)
        let responder = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        var configuration = try configuration(server: try responder.address, count: 1, concurrency: 1, method: .akaPrime)
        configuration.faults.wrongK = true
        let report = try await LoadGenerator(configuration: configuration, subscribers: try subscribers(1)).run(group: group)
        XCTAssertEqual(report.failures, ["mac_failure": 1])
        await responder.close()
    }

    func testCardAheadResynchronisesOverRADIUS() async throws {
        let aaa = RADIUSAKAResponder(secret: secret)
        let responder = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        var configuration = try configuration(server: try responder.address, count: 2, concurrency: 1, method: .akaPrime)
        configuration.faults.sqnOffset = 100
        let records = NIOLockedValueBoxLike<[AuthenticationRecord]>([])
        let report = try await LoadGenerator(configuration: configuration, subscribers: try subscribers(1))
            .run(group: group) { records.append($0) }
        XCTAssertEqual(report.successes, 2, "\(report.failures)")
        let traces = records.value.sorted { $0.sequence < $1.sequence }.compactMap { $0.result?.trace }
        XCTAssertTrue(traces[0].contains("Access-Request (AKA'-Synchronization-Failure)"), "\(traces[0])")
        XCTAssertFalse(traces[1].contains("Access-Request (AKA'-Synchronization-Failure)"), "resynchronised once")
        await responder.close()
    }

    // MARK: Access-Request layout

    func testLongEAPPacketsAreFragmentedIntoEAPMessageAttributes() throws {
        let bssid = try XCTUnwrap(MACAddress("AA-BB-CC-DD-EE-FF"))
        let session = AuthenticationSession(
            ue: UEPeer(configuration: UEPeerConfiguration(permanentIdentity: TestSIM.akaPrimeIdentity), usim: try TestSIM.usim()),
            accessPoint: AccessPointProfile(nasIPAddress: IPv4Address(10, 0, 0, 1), bssid: bssid),
            callingStationId: AccessPointProfile.stationMAC(imsi: TestSIM.imsi), secret: secret)
        let eap = [UInt8](repeating: 0x42, count: 600)
        let packet = session.accessRequest(eap: eap)
        XCTAssertEqual(packet.values(.eapMessage).map(\.count), [253, 253, 94])
        XCTAssertEqual(packet.eapMessage, eap)
        XCTAssertEqual(packet.callingStationId, "02-01-23-45-67-89")
    }
}

/// A small lock-protected accumulator for observer callbacks.
final class NIOLockedValueBoxLike<Value: Sendable>: Sendable {
    private let box: NIOLockedValueBox<Value>
    init(_ value: Value) { box = NIOLockedValueBox(value) }
    var value: Value { box.withLockedValue { $0 } }
    func append<Element>(_ element: Element) where Value == [Element] {
        box.withLockedValue { $0.append(element) }
    }
}
