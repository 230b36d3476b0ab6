import NAI
import NIOCore
import NIOPosix
import RADIUS
import XCTest

@testable import UESimulator

/// Accounting and Disconnect over real UDP on 127.0.0.1: a full authentication against the test
/// RADIUS server, then a fake accounting server that checks every Accounting-Request, and a
/// Dynamic Authorization Client (the test) talking to the AP's DAE port.
final class AccountingSocketTests: XCTestCase {
    let secret = Array("testing123".utf8)
    let classes: [[UInt8]] = [Array("twag-session:0001".utf8), [0x00, 0xFF, 0x10]]
    var group: MultiThreadedEventLoopGroup!

    override func setUp() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    override func tearDown() async throws {
        try await group.shutdownGracefully()
    }

    func configuration(auth: SocketAddress, accounting: AccountingSettings) throws -> LoadConfiguration {
        let bssid = try XCTUnwrap(MACAddress("AA-BB-CC-DD-EE-FF"))
        return LoadConfiguration(
            server: auth, secret: secret, mncLength: 2,
            accessPoint: AccessPointProfile(nasIPAddress: IPv4Address(127, 0, 0, 1), bssid: bssid),
            count: 1, concurrency: 1, method: .akaPrime,
            retransmission: RetransmissionPolicy(timeout: .milliseconds(500), attempts: 3), bindHost: "127.0.0.1",
            accounting: accounting)
    }

    func subscribers() throws -> [SubscriberRecord] {
        [try SubscriberRecord(imsi: try IMSI(TestSIM.imsi), k: TestSIM.k, opc: TestSIM.opc, amf: 0x8000,
                              sqn: TestSIM.sqn(seq: 5))]
    }

    /// The fake accounting server: answers every verified Accounting-Request; the first datagram
    /// gets a reply signed with the wrong secret instead (the AP must ignore it and retransmit).
    /// With `delaysStop`, the first Stop goes unanswered (its retransmission is answered 200 ms later),
    /// which keeps the run, and so the DAE socket, up a little longer.
    func accountingServer(delaysStop: Bool = false) async throws -> UDPResponder {
        let secret = self.secret
        let stops = NIOLockedValueBoxLike<[Int]>([])
        return try await UDPResponder(group: group) { datagram, index in
            guard let request = try? RADIUSPacket.verifyRequest(datagram, secret: secret),
                request.code == .accountingRequest
            else { return nil }
            if delaysStop && request.acctStatusType == .stop {
                stops.append(index)
                if stops.value.count == 1 { return nil }
            }
            let response = RADIUSPacket.reply(to: request, code: .accountingResponse)
            return try? response.encodeResponse(
                secret: index == 0 ? Array("forged".utf8) : secret, requestAuthenticator: request.authenticator)
        }
    }

    func testStartInterimStopWithEchoedClassAndGigawords() async throws {
        let aaa = RADIUSAKAResponder(secret: secret, classes: classes)
        let auth = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        let accountingServer = try await accountingServer()
        let settings = AccountingSettings(
            server: try accountingServer.address, timeout: .milliseconds(200), sessionHold: .milliseconds(1_200),
            interimInterval: .milliseconds(400),
            traffic: TrafficModel(inputOctetsPerSecond: 1_000, outputOctetsPerSecond: 5_000_000_000))
        let lines = NIOLockedValueBoxLike<[String]>([])
        let report = try await LoadGenerator(
            configuration: try configuration(auth: try auth.address, accounting: settings), subscribers: try subscribers()
        ).run(group: group, events: { lines.append($0) })

        XCTAssertTrue(report.allSucceeded, "\(report.failures) \(String(describing: report.accounting?.failures))")
        let accounting = try XCTUnwrap(report.accounting)
        XCTAssertEqual(accounting.acknowledged, 4, "Start, 2 Interim-Updates, Stop")
        XCTAssertEqual(accounting.requests, 4)
        XCTAssertEqual(accounting.retransmissions, 1)
        XCTAssertEqual(accounting.discardedReplies, 1, "the forged Accounting-Response")
        XCTAssertEqual(accounting.latencyMilliseconds.count, 4)

        let datagrams = accountingServer.received
        XCTAssertEqual(datagrams.count, 5)
        XCTAssertEqual(datagrams[0], datagrams[1], "the retransmission is the same datagram")
        let packets = try datagrams.map { try RADIUSPacket.verifyRequest($0, secret: secret) }
        XCTAssertEqual(packets.map(\.acctStatusType), [.start, .start, .interimUpdate, .interimUpdate, .stop])
        let sessionID = try XCTUnwrap(packets[0].acctSessionId)
        XCTAssertEqual(sessionID.count, 16)
        XCTAssertTrue(sessionID.allSatisfy { "0123456789ABCDEF".contains($0) })
        let accessRequest = try XCTUnwrap(aaa.requests.first)
        for packet in packets {
            XCTAssertEqual(packet.acctSessionId, sessionID)
            XCTAssertEqual(packet.classes, classes, "Class echoed byte for byte, in order")
            XCTAssertEqual(packet.userName, accessRequest.userName)
            XCTAssertEqual(packet.callingStationId, accessRequest.callingStationId)
            XCTAssertEqual(packet.nasPortType, .wireless80211)
            XCTAssertEqual(packet.acctDelayTime, 0)
        }
        let first = try XCTUnwrap(packets[2].acctOutputTotalOctets)
        let second = try XCTUnwrap(packets[3].acctOutputTotalOctets)
        XCTAssertLessThan(first, second, "counters grow between Interim-Updates")
        let stop = packets[4]
        XCTAssertEqual(stop.acctTerminateCause, .userRequest)
        XCTAssertGreaterThan(try XCTUnwrap(stop.acctOutputTotalOctets), 1 << 32, "more than 4 GiB downlink")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(stop.acctOutputGigawords), 1)
        XCTAssertEqual(stop.acctSessionTime, 1)
        XCTAssertGreaterThan(try XCTUnwrap(stop.acctOutputPackets), 0)

        XCTAssertEqual(lines.value, [
            "Accounting-Start acknowledged (Acct-Session-Id \(sessionID))",
            "Accounting-Interim-Update acknowledged (Acct-Session-Id \(sessionID))",
            "Accounting-Interim-Update acknowledged (Acct-Session-Id \(sessionID))",
            "Accounting-Stop acknowledged (Acct-Session-Id \(sessionID), cause User-Request)",
        ])
        await auth.close()
        await accountingServer.close()
    }

    func testSilentAccountingServerIsReportedSeparately() async throws {
        let aaa = RADIUSAKAResponder(secret: secret)
        let auth = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        let silent = try await UDPResponder(group: group) { _, _ in nil }
        let settings = AccountingSettings(server: try silent.address, timeout: .milliseconds(50))
        let lines = NIOLockedValueBoxLike<[String]>([])
        let report = try await LoadGenerator(
            configuration: try configuration(auth: try auth.address, accounting: settings), subscribers: try subscribers()
        ).run(group: group, events: { lines.append($0) })
        XCTAssertEqual(report.successes, 1, "the authentication itself succeeded")
        XCTAssertFalse(report.allSucceeded)
        XCTAssertEqual(report.accounting?.failures, ["timeout": 1])
        XCTAssertEqual(silent.received.count, 4, "first transmission and 3 retransmissions")
        XCTAssertEqual(lines.value.count, 1)
        XCTAssertTrue(lines.value.first?.hasPrefix("Accounting-Start not acknowledged (Acct-Session-Id ") ?? false)
        XCTAssertTrue(report.json.contains("\"accounting\":{"), report.json)
        XCTAssertTrue(report.text.contains("accounting requests: 1"), report.text)
        await auth.close()
        await silent.close()
    }

    func testDisconnectRequestIsVerifiedMatchedAndEndsTheSessionAtOnce() async throws {
        let aaa = RADIUSAKAResponder(secret: secret, classes: classes)
        let auth = try await UDPResponder(group: group) { datagram, _ in aaa.respond(datagram) }
        let accountingServer = try await accountingServer(delaysStop: true)
        let settings = AccountingSettings(
            server: try accountingServer.address, timeout: .milliseconds(200), sessionHold: .seconds(30),
            dynamicAuthorization: ("127.0.0.1", 0))
        let generator = LoadGenerator(
            configuration: try configuration(auth: try auth.address, accounting: settings), subscribers: try subscribers())
        let lines = NIOLockedValueBoxLike<[String]>([])
        let logs = NIOLockedValueBoxLike<[String]>([])
        let group: MultiThreadedEventLoopGroup = self.group
        let began = ContinuousClock.now
        let run = Task {
            try await generator.run(group: group, events: { lines.append($0) }, log: { logs.append($0) })
        }
        let started = await eventually { lines.value.contains { $0.hasPrefix("Accounting-Start acknowledged") } }
        guard started else {
            run.cancel()
            let outcome = await run.result
            return XCTFail("no Accounting-Start: \(lines.value) \(logs.value) \(outcome)")
        }
        let listening = try XCTUnwrap(logs.value.first { $0.hasPrefix("Disconnect-Request listener on 127.0.0.1:") })
        let port = try XCTUnwrap(Int(listening.split(separator: ":").last ?? ""))
        let dae = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let start = try RADIUSPacket.verifyRequest(try XCTUnwrap(accountingServer.received.first), secret: secret)
        let sessionID = try XCTUnwrap(start.acctSessionId)
        let userName = try XCTUnwrap(start.userName)

        let client = try await UDPResponder(group: group) { _, _ in nil }
        func send(_ bytes: [UInt8]) async throws {
            try await client.channel.writeAndFlush(
                AddressedEnvelope(remoteAddress: dae, data: client.channel.allocator.buffer(bytes: bytes))).get()
        }

        // 1. Signed with another secret: silently dropped.
        var disconnect = RADIUSPacket(code: .disconnectRequest, identifier: 1)
        disconnect.acctSessionId = sessionID
        try await send(try disconnect.encodeRequest(secret: Array("not-the-secret".utf8)))
        let droppedLogged = await eventually { logs.value.contains("Disconnect-Request dropped: bad Request Authenticator") }
        XCTAssertTrue(droppedLogged, "\(logs.value)")
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(client.received.count, 0, "no answer to a bad authenticator")

        // 2. Unknown session: Disconnect-NAK, Error-Cause 503.
        var unknown = RADIUSPacket(code: .disconnectRequest, identifier: 2)
        unknown.acctSessionId = "0000000000000000"
        let unknownBytes = try unknown.encodeRequest(secret: secret)
        try await send(unknownBytes)
        let naked = await eventually { client.received.count == 1 }
        XCTAssertTrue(naked)
        let nak = try RADIUSPacket.verifyResponse(
            try XCTUnwrap(client.received.first), secret: secret, requestAuthenticator: Array(unknownBytes[4..<20]))
        XCTAssertEqual(nak.code, .disconnectNAK)
        XCTAssertEqual(nak.errorCause, .sessionContextNotFound)

        // 3. The session, with Message-Authenticator: Disconnect-ACK with one; 4. its retransmission: the same ACK.
        var matching = RADIUSPacket(code: .disconnectRequest, identifier: 3)
        matching.acctSessionId = sessionID
        matching.userName = userName
        matching.callingStationId = start.callingStationId
        let matchingBytes = try matching.encodeRequest(secret: secret, messageAuthenticator: .first)
        try await send(matchingBytes)
        let acked = await eventually { client.received.count == 2 }
        XCTAssertTrue(acked)
        try await send(matchingBytes)
        let repeated = await eventually { client.received.count == 3 }
        XCTAssertTrue(repeated)
        let replies = client.received
        guard replies.count == 3 else { return XCTFail("replies: \(replies.count)") }
        let ack = try RADIUSPacket.verifyResponse(
            replies[1], secret: secret, requestAuthenticator: Array(matchingBytes[4..<20]), requireMessageAuthenticator: true)
        XCTAssertEqual(ack.code, .disconnectACK)
        XCTAssertEqual(replies[2], replies[1], "a retransmitted request gets the same reply")

        let report = try await run.value
        XCTAssertLessThan(ContinuousClock.now - began, .seconds(15), "the 30 s hold was cut short")
        XCTAssertEqual(report.accounting?.disconnects, 1)
        XCTAssertTrue(report.allSucceeded)
        let packets = try accountingServer.received.map { try RADIUSPacket.verifyRequest($0, secret: secret) }
        XCTAssertEqual(Set(accountingServer.received.filter { (try? RADIUSPacket(decoding: $0))?.acctStatusType == .stop }).count,
                       1, "one Stop (sent twice): the session ended once")
        XCTAssertEqual(packets.last?.acctStatusType, .stop)
        XCTAssertEqual(packets.last?.acctTerminateCause, .adminReset)
        XCTAssertEqual(packets.last?.classes, classes)
        XCTAssertEqual(lines.value, [
            "Accounting-Start acknowledged (Acct-Session-Id \(sessionID))",
            "Disconnect-Request received: session \(sessionID) of \(userName) ended (Admin-Reset)",
            "Accounting-Stop acknowledged (Acct-Session-Id \(sessionID), cause Admin-Reset)",
        ])
        await client.close()
        await auth.close()
        await accountingServer.close()
    }

    /// Polls `condition` for up to `seconds`.
    func eventually(seconds: Double = 10, _ condition: @Sendable () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
