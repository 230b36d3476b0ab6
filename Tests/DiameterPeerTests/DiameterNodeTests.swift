import Diameter
@testable import DiameterPeer
import Foundation
import NIOConcurrencyHelpers
import XCTest

/// Two or three DiameterNodes on loopback: capabilities exchange, routing, watchdog, failover, shutdown.
final class DiameterNodeTests: XCTestCase {
    func testCapabilitiesExchangeAndRequestAnswer() async throws {
        let serverRec = Recorder()
        let clientRec = Recorder()
        // The server knows the client as a configured responder-side peer (not via acceptUnknownPeers).
        let server = try await Harness.server("hss.lab.twag",
                                              peers: [Harness.peer("aaa.lab.twag", port: 0, initiate: false)],
                                              acceptUnknown: false, recorder: serverRec)
        let port = try XCTUnwrap(server.listeningPort)
        let client = try await Harness.client([Harness.peer("hss.lab.twag", port: port)], recorder: clientRec)

        await Harness.waitUntil("client open") { Harness.isOpen(client, "hss.lab.twag") }
        await Harness.waitUntil("server open") { Harness.isOpen(server, "aaa.lab.twag") }
        let status = try XCTUnwrap(client.peerStatus().first)
        XCTAssertEqual(status.productName, "OpenTWAG-test")
        XCTAssertEqual(status.advertisedApplications, [DiameterApplication.swx.rawValue])
        XCTAssertTrue(status.initiatedLocally)
        XCTAssertEqual(server.peerStatus().first?.initiatedLocally, false)
        XCTAssertEqual(clientRec.messages(.outbound, .capabilitiesExchange, request: true).count, 1)
        XCTAssertEqual(serverRec.messages(.outbound, .capabilitiesExchange, request: false).first?.resultCode, 2001)

        let answer = try await client.send(Harness.mar())
        XCTAssertEqual(answer.command, .multimediaAuth)
        XCTAssertFalse(answer.isRequest)
        XCTAssertEqual(answer.resultCode, 2001)
        XCTAssertEqual(answer.originHost, "hss.lab.twag")
        let seen = try XCTUnwrap(serverRec.messages(.inbound, .multimediaAuth, request: true).first)
        XCTAssertNotEqual(seen.endToEndID, 0, "the node assigns End-to-End ids")
        XCTAssertEqual(seen.endToEndID, answer.endToEndID)
        XCTAssertFalse(seen.isRetransmitted)

        let maCount = Harness.metrics.counters(label: "diameter_message_count", dimensions: [
            ("application", DiameterDictionary.standard.applicationLabel(DiameterApplication.swx.rawValue)),
            ("command", "MAR"), ("direction", "out"),
        ]).map(\.totalValue).reduce(0, +)
        XCTAssertGreaterThanOrEqual(maCount, 1)
        let gauge = try Harness.metrics.expectGauge("diameter_peer_state", [("peer", "hss.lab.twag")])
        XCTAssertEqual(gauge.lastValue, 1)

        await client.shutdown()
        await server.shutdown()
    }

    func testWatchdogKeepalive() async throws {
        let clientRec = Recorder()
        let server = try await Harness.server("hss.lab.twag")
        let port = try XCTUnwrap(server.listeningPort)
        let client = try await Harness.client([Harness.peer("hss.lab.twag", port: port, tw: .milliseconds(300))],
                                              recorder: clientRec)
        await Harness.waitUntil("open") { Harness.isOpen(client, "hss.lab.twag") }
        await Harness.waitUntil("two DWA") { clientRec.messages(.inbound, .deviceWatchdog, request: false).count >= 2 }
        XCTAssertGreaterThanOrEqual(clientRec.messages(.outbound, .deviceWatchdog, request: true).count, 2)
        XCTAssertEqual(clientRec.messages(.inbound, .deviceWatchdog, request: false).first?.resultCode, 2001)
        XCTAssertTrue(Harness.isOpen(client, "hss.lab.twag"))
        await client.shutdown()
        await server.shutdown()
    }

    func testFailoverToSecondPeerWhenFirstStops() async throws {
        let s1 = try await Harness.server("hss1.lab.twag")
        let s2 = try await Harness.server("hss2.lab.twag")
        let client = try await Harness.client([
            Harness.peer("hss1.lab.twag", port: try XCTUnwrap(s1.listeningPort), priority: 1),
            Harness.peer("hss2.lab.twag", port: try XCTUnwrap(s2.listeningPort), priority: 2),
        ])
        await Harness.waitUntil("both open") {
            Harness.isOpen(client, "hss1.lab.twag") && Harness.isOpen(client, "hss2.lab.twag")
        }
        for _ in 0..<3 {
            let a = try await client.send(Harness.mar())
            XCTAssertEqual(a.originHost, "hss1.lab.twag", "priority 1 preferred")
        }
        await s1.shutdown()
        await Harness.waitUntil("hss1 down") { !Harness.isOpen(client, "hss1.lab.twag") }
        let a = try await client.send(Harness.mar())
        XCTAssertEqual(a.originHost, "hss2.lab.twag")
        await client.shutdown()
        await s2.shutdown()
    }

    func testRoundRobinAmongEqualPrioritiesAndDestinationHost() async throws {
        let s1 = try await Harness.server("hss1.lab.twag")
        let s2 = try await Harness.server("hss2.lab.twag")
        let client = try await Harness.client([
            Harness.peer("hss1.lab.twag", port: try XCTUnwrap(s1.listeningPort)),
            Harness.peer("hss2.lab.twag", port: try XCTUnwrap(s2.listeningPort)),
        ])
        await Harness.waitUntil("both open") {
            Harness.isOpen(client, "hss1.lab.twag") && Harness.isOpen(client, "hss2.lab.twag")
        }
        var hosts = [String]()
        for _ in 0..<4 { hosts.append(try await client.send(Harness.mar()).originHost ?? "") }
        XCTAssertEqual(Set(hosts), ["hss1.lab.twag", "hss2.lab.twag"])
        var direct = Harness.mar()
        direct.avps.append(.destinationHost("HSS2.lab.twag"))
        for _ in 0..<3 {
            let a = try await client.send(direct)
            XCTAssertEqual(a.originHost, "hss2.lab.twag")
        }
        await client.shutdown()
        await s1.shutdown()
        await s2.shutdown()
    }

    func testTimeoutRetransmitsWithTFlagToSecondPeer() async throws {
        let rec1 = Recorder()
        let rec2 = Recorder()
        let s1 = try await Harness.server("hss1.lab.twag", recorder: rec1) { _, _ in nil }  // never answers
        let s2 = try await Harness.server("hss2.lab.twag", recorder: rec2)
        let client = try await Harness.client([
            Harness.peer("hss1.lab.twag", port: try XCTUnwrap(s1.listeningPort), priority: 1,
                         timeout: .milliseconds(400)),
            Harness.peer("hss2.lab.twag", port: try XCTUnwrap(s2.listeningPort), priority: 2),
        ])
        await Harness.waitUntil("both open") {
            Harness.isOpen(client, "hss1.lab.twag") && Harness.isOpen(client, "hss2.lab.twag")
        }
        let before = Harness.metrics.counters(label: "diameter_request_timeouts_total",
                                              dimensions: [("peer", "hss1.lab.twag")]).map(\.totalValue).reduce(0, +)
        let answer = try await client.send(Harness.mar())
        XCTAssertEqual(answer.originHost, "hss2.lab.twag")
        let first = try XCTUnwrap(rec1.messages(.inbound, .multimediaAuth, request: true).first)
        let second = try XCTUnwrap(rec2.messages(.inbound, .multimediaAuth, request: true).first)
        XCTAssertFalse(first.isRetransmitted)
        XCTAssertTrue(second.isRetransmitted, "T flag on the retransmission")
        XCTAssertEqual(first.endToEndID, second.endToEndID, "same End-to-End id")
        let after = Harness.metrics.counters(label: "diameter_request_timeouts_total",
                                             dimensions: [("peer", "hss1.lab.twag")]).map(\.totalValue).reduce(0, +)
        XCTAssertEqual(after - before, 1)
        await client.shutdown()
        await s1.shutdown()
        await s2.shutdown()
    }

    func testConnectionLossFailsOverPendingRequestWithTFlag() async throws {
        let rec1 = Recorder()
        let rec2 = Recorder()
        let s1 = try await Harness.server("hss1.lab.twag", recorder: rec1) { req, _ in
            try? await Task.sleep(for: .seconds(3))
            return req.answer(resultCode: .success, avps: [.originHost("hss1.lab.twag"), .originRealm(Harness.realm)])
        }
        let s2 = try await Harness.server("hss2.lab.twag", recorder: rec2)
        let client = try await Harness.client([
            Harness.peer("hss1.lab.twag", port: try XCTUnwrap(s1.listeningPort), priority: 1, timeout: .seconds(10)),
            Harness.peer("hss2.lab.twag", port: try XCTUnwrap(s2.listeningPort), priority: 2),
        ])
        await Harness.waitUntil("both open") {
            Harness.isOpen(client, "hss1.lab.twag") && Harness.isOpen(client, "hss2.lab.twag")
        }
        let pending = Task { try await client.send(Harness.mar()) }
        await Harness.waitUntil("hss1 got the MAR") { !rec1.messages(.inbound, .multimediaAuth, request: true).isEmpty }
        await s1.shutdown()  // DPR: the client closes that connection with the request outstanding
        let answer = try await pending.value
        XCTAssertEqual(answer.originHost, "hss2.lab.twag")
        let second = try XCTUnwrap(rec2.messages(.inbound, .multimediaAuth, request: true).first)
        XCTAssertTrue(second.isRetransmitted)
        XCTAssertEqual(second.endToEndID, rec1.messages(.inbound, .multimediaAuth, request: true).first?.endToEndID)
        await client.shutdown()
        await s2.shutdown()
    }

    func testTimeoutWithoutOtherPeerRetriesOnceThenFailsAndCountsUnanswered() async throws {
        let rec = Recorder()
        let s1 = try await Harness.server("hss1.lab.twag", recorder: rec) { _, _ in nil }
        let client = try await Harness.client([
            Harness.peer("hss1.lab.twag", port: try XCTUnwrap(s1.listeningPort), timeout: .milliseconds(300)),
        ])
        await Harness.waitUntil("open") { Harness.isOpen(client, "hss1.lab.twag") }
        let before = Self.unanswered("hss1.lab.twag")
        do {
            _ = try await client.send(Harness.mar())
            XCTFail("expected a timeout")
        } catch {
            XCTAssertEqual(error, .timeout)
        }
        let attempts = rec.messages(.inbound, .multimediaAuth, request: true)
        XCTAssertEqual(attempts.count, 2, "the first try and exactly one retry")
        XCTAssertEqual(Self.unanswered("hss1.lab.twag") - before, 1, "one request, counted once")
        await client.shutdown()
        await s1.shutdown()
    }

    /// An HSS that silently drops a request (pyHSS does): the retry goes to the same, only, peer with
    /// the T flag, the same End-to-End and a new Hop-by-Hop id, and its answer completes the request.
    func testTimeoutRetriesOnSamePeerWithTFlagWhenNoOtherPeerIsOpen() async throws {
        let rec = Recorder()
        let seen = NIOLockedValueBox(0)
        let s1 = try await Harness.server("hss1.lab.twag", recorder: rec) { req, _ in
            let n = seen.withLockedValue { $0 += 1; return $0 }
            guard n > 1 else { return nil }  // drops the first copy
            return req.answer(resultCode: .success, avps: [.originHost("hss1.lab.twag"), .originRealm(Harness.realm)])
        }
        let client = try await Harness.client([
            Harness.peer("hss1.lab.twag", port: try XCTUnwrap(s1.listeningPort), timeout: .milliseconds(300)),
        ])
        await Harness.waitUntil("open") { Harness.isOpen(client, "hss1.lab.twag") }
        let before = Self.unanswered("hss1.lab.twag")
        let answer = try await client.send(Harness.mar())
        XCTAssertEqual(answer.originHost, "hss1.lab.twag")
        XCTAssertEqual(answer.resultCode, DiameterResultCode.success.rawValue)
        let attempts = rec.messages(.inbound, .multimediaAuth, request: true)
        XCTAssertEqual(attempts.count, 2)
        let first = try XCTUnwrap(attempts.first)
        let second = try XCTUnwrap(attempts.last)
        XCTAssertFalse(first.isRetransmitted)
        XCTAssertTrue(second.isRetransmitted, "T flag on the retry")
        XCTAssertEqual(first.endToEndID, second.endToEndID, "same End-to-End id")
        XCTAssertNotEqual(first.hopByHopID, second.hopByHopID, "new Hop-by-Hop id")
        XCTAssertEqual(Self.unanswered("hss1.lab.twag"), before, "answered on the retry: not unanswered")
        await client.shutdown()
        await s1.shutdown()
    }

    private static func unanswered(_ peer: String) -> Int64 {
        Harness.metrics.counters(label: "diameter_unanswered_requests_total", dimensions: [("peer", peer)])
            .map(\.totalValue).reduce(0, +)
    }

    func testNoPeerAvailable() async throws {
        let client = try await Harness.client([Harness.peer("hss1.lab.twag", port: 1)])
        do {
            _ = try await client.send(Harness.mar())
            XCTFail("expected noPeerAvailable")
        } catch {
            XCTAssertEqual(error, .noPeerAvailable)
        }
        await client.shutdown()
    }

    func testMaxInFlightIsHonoured() async throws {
        let gauge = NIOLockedValueBox((current: 0, peak: 0))
        let server = try await Harness.server("hss.lab.twag") { req, _ in
            gauge.withLockedValue { $0.current += 1; $0.peak = max($0.peak, $0.current) }
            try? await Task.sleep(for: .milliseconds(150))
            gauge.withLockedValue { $0.current -= 1 }
            return req.answer(resultCode: .success, avps: [.originHost("hss.lab.twag"), .originRealm(Harness.realm)])
        }
        let client = try await Harness.client([
            Harness.peer("hss.lab.twag", port: try XCTUnwrap(server.listeningPort), timeout: .seconds(10), maxInFlight: 2),
        ])
        await Harness.waitUntil("open") { Harness.isOpen(client, "hss.lab.twag") }
        let results = try await withThrowingTaskGroup(of: UInt32?.self) { group in
            for _ in 0..<6 { group.addTask { try await client.send(Harness.mar()).resultCode } }
            var out = [UInt32?]()
            for try await r in group { out.append(r) }
            return out
        }
        XCTAssertEqual(results, Array(repeating: 2001, count: 6))
        XCTAssertEqual(gauge.withLockedValue { $0.peak }, 2)
        await client.shutdown()
        await server.shutdown()
    }

    func testShutdownSendsDPR() async throws {
        let serverRec = Recorder()
        let server = try await Harness.server("hss.lab.twag", recorder: serverRec)
        let client = try await Harness.client([Harness.peer("hss.lab.twag", port: try XCTUnwrap(server.listeningPort))])
        await Harness.waitUntil("server sees client") { Harness.isOpen(server, "aaa.lab.twag") }
        await client.shutdown()
        let dpr = try XCTUnwrap(serverRec.messages(.inbound, .disconnectPeer, request: true).first)
        XCTAssertEqual(try dpr.first(code: DiameterAVPCode.disconnectCause)?.enumerated(), 0, "REBOOTING")
        XCTAssertEqual(serverRec.messages(.outbound, .disconnectPeer, request: false).count, 1)
        XCTAssertEqual(client.peerStatus().first?.state, "closed")
        do {
            _ = try await client.send(Harness.mar())
            XCTFail("expected shuttingDown")
        } catch {
            XCTAssertEqual(error, .shuttingDown)
        }
        await server.shutdown()
    }

    func testUnknownPeerIsRefused() async throws {
        let serverRec = Recorder()
        let server = try await Harness.server("hss.lab.twag", acceptUnknown: false, recorder: serverRec)
        let client = try await Harness.client([Harness.peer("hss.lab.twag", port: try XCTUnwrap(server.listeningPort))])
        await Harness.waitUntil("CEA 3010") {
            serverRec.messages(.outbound, .capabilitiesExchange, request: false).first?.resultCode == 3010
        }
        XCTAssertFalse(Harness.isOpen(client, "hss.lab.twag"))
        await client.shutdown()
        await server.shutdown()
    }

    func testSecondConnectionFromOpenPeerIsRefused() async throws {
        let serverRec = Recorder()
        let server = try await Harness.server("hss.lab.twag", recorder: serverRec)
        let port = try XCTUnwrap(server.listeningPort)
        let c1 = try await Harness.client([Harness.peer("hss.lab.twag", port: port)])
        await Harness.waitUntil("first open") { Harness.isOpen(c1, "hss.lab.twag") }
        let c2 = try await Harness.client([Harness.peer("hss.lab.twag", port: port)])  // same Origin-Host
        await Harness.waitUntil("CEA 5012") {
            serverRec.messages(.outbound, .capabilitiesExchange, request: false).contains { $0.resultCode == 5012 }
        }
        XCTAssertTrue(Harness.isOpen(c1, "hss.lab.twag"), "the established connection stays")
        await c2.shutdown()
        await c1.shutdown()
        await server.shutdown()
    }

    func testSCTPFailsClearlyWhereUnsupported() async throws {
        var settings = Harness.peer("hss.lab.twag", port: 3868)
        settings.transport = .sctp
        let node = DiameterNode(identity: Harness.identity("aaa.lab.twag"), peers: [settings], listen: nil,
                                options: Harness.options(), group: Harness.group, logger: Harness.logger)
        do {
            try await node.start()
            await node.shutdown()
            throw XCTSkip("this kernel supports SCTP; the unsupported-kernel message cannot be observed")
        } catch let error as DiameterNodeError {
            XCTAssertEqual(error.description,
                           "SCTP is not supported by this kernel (socket: Protocol not supported); use transport: tcp")
        }
        await node.shutdown()
    }

    func testTLSExchange() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diameter-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cert = dir.appendingPathComponent("cert.pem").path
        let key = dir.appendingPathComponent("key.pem").path
        guard let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw XCTSkip("openssl not found: TLS exchange not tested")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: openssl)
        p.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                       "-addext", "subjectAltName=DNS:localhost", "-days", "1", "-keyout", key, "-out", cert]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("openssl req failed: TLS exchange not tested") }

        let serverRec = Recorder()
        let server = try await Harness.server("hss.lab.twag", recorder: serverRec,
                                              tls: DiameterTLSSettings(certificateFile: cert, keyFile: key))
        let tls = DiameterTLSSettings(caFile: cert, serverName: "localhost")
        let client = try await Harness.client([Harness.peer("hss.lab.twag", port: try XCTUnwrap(server.listeningPort),
                                                            tls: tls)])
        await Harness.waitUntil("TLS open") { Harness.isOpen(client, "hss.lab.twag") }
        let a = try await client.send(Harness.mar())
        XCTAssertEqual(a.resultCode, 2001)
        XCTAssertEqual(client.peerStatus().first?.tls, true)

        // A plain TCP client cannot talk to the TLS listener.
        let plainRec = Recorder()
        let plain = try await Harness.client([Harness.peer("hss.lab.twag", port: try XCTUnwrap(server.listeningPort))],
                                             recorder: plainRec, host: "plain.lab.twag")
        // A second CER means the first attempt was refused and the client reconnected.
        await Harness.waitUntil("plain reconnect") {
            plainRec.messages(.outbound, .capabilitiesExchange, request: true).count >= 2
        }
        XCTAssertFalse(Harness.isOpen(plain, "hss.lab.twag"))
        await plain.shutdown()
        await client.shutdown()
        await server.shutdown()
    }

    func testCERWithoutOriginRealmIsAnswered5005AndClosed() async throws {
        let server = try await Harness.server("hss.lab.twag")
        let raw = try await RawClient(port: try XCTUnwrap(server.listeningPort))
        // Origin-Host finds the peer; the state machine rejects the rest.
        let avps = Harness.identity("raw.lab.twag").capabilityAVPs(hostAddresses: [.ipv4(127, 0, 0, 1)])
            .filter { $0.code != DiameterAVPCode.originRealm }
        let cer = DiameterMessage.request(command: .capabilitiesExchange, application: .common, hopByHop: 1,
                                          endToEnd: 1, avps: avps)
        try await raw.send(cer.encode())
        await Harness.waitUntil("CEA") { raw.messages.count == 1 }
        XCTAssertEqual(raw.messages.first?.resultCode, DiameterResultCode.missingAVP.rawValue)
        await Harness.waitUntil("closed") { raw.isClosed }
        XCTAssertNil(Harness.state(server, "raw.lab.twag"), "the rejected unknown peer is forgotten")
        await server.shutdown()
    }

    func testMalformedInputIsAnsweredOrClosed() async throws {
        let server = try await Harness.server("hss.lab.twag")
        let port = try XCTUnwrap(server.listeningPort)
        let before = Harness.metrics.counters(label: "diameter_decode_errors_total").map(\.totalValue).reduce(0, +)

        let raw = try await RawClient(port: port)
        let cer = DiameterMessage.request(command: .capabilitiesExchange, application: .common, hopByHop: 1,
                                          endToEnd: 1, avps: Harness.identity("raw.lab.twag").capabilityAVPs(
                                              hostAddresses: [.ipv4(127, 0, 0, 1)]))
        try await raw.send(cer.encode())
        await Harness.waitUntil("CEA") { raw.messages.count == 1 }
        XCTAssertEqual(raw.messages.first?.resultCode, 2001)

        // A MAR whose only AVP claims a length beyond the message: 5014 with the same Hop-by-Hop id.
        var bad = Harness.mar().encode()
        bad.replaceSubrange(4..<8, with: [0x80, 0, 1, 47])  // flags/command kept: R + 303
        bad[12..<16] = [0, 0, 0, 42]
        bad[DiameterHeader.size + 5] = 0xff  // first AVP length high byte
        try await raw.send(bad)
        await Harness.waitUntil("error answer") { raw.messages.count == 2 }
        XCTAssertEqual(raw.messages.last?.resultCode, DiameterResultCode.invalidAVPLength.rawValue)
        XCTAssertEqual(raw.messages.last?.hopByHopID, 42)
        XCTAssertEqual(raw.messages.last?.originHost, "hss.lab.twag")

        // A wrong version cannot be resynchronised: the connection is closed, the server lives on.
        try await raw.send([2, 0, 0, 20] + [UInt8](repeating: 0, count: 16))
        await Harness.waitUntil("closed") { raw.isClosed }
        let after = Harness.metrics.counters(label: "diameter_decode_errors_total").map(\.totalValue).reduce(0, +)
        XCTAssertGreaterThanOrEqual(after - before, 2)

        let client = try await Harness.client([Harness.peer("hss.lab.twag", port: port)])
        await Harness.waitUntil("still serving") { Harness.isOpen(client, "hss.lab.twag") }
        await client.shutdown()
        await server.shutdown()
    }
}
