import Diameter
@testable import DiameterPeer
import NIOCore
import XCTest

/// The peer state machine with virtual time: no sockets, no sleeps.
final class DiameterPeerStateMachineTests: XCTestCase {
    typealias Machine = DiameterPeerStateMachine

    let identity = DiameterLocalIdentity(originHost: "aaa.lab.twag", originRealm: "lab.twag",
                                         hostIPAddresses: ["127.0.0.1"], productName: "OpenTWAG",
                                         authApplications: [.swx], originStateID: 7)
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func machine(initiator: Bool = true, tw: TimeAmount = .seconds(30)) -> Machine {
        var c = Machine.Configuration(identity: identity, hostAddresses: [.ipv4(127, 0, 0, 1)],
                                      initiatesConnection: initiator, watchdogInterval: tw)
        c.watchdogJitter = .zero
        c.backoffInitial = .seconds(1)
        c.backoffMax = .seconds(8)
        return Machine(configuration: c)
    }

    func sent(_ actions: [Machine.Action]) -> [DiameterMessage] {
        actions.compactMap { if case .send(let m) = $0 { return m } else { return nil } }
    }

    func has(_ actions: [Machine.Action], _ match: (Machine.Action) -> Bool) -> Bool { actions.contains(where: match) }
    func closes(_ a: [Machine.Action]) -> Bool { has(a) { if case .close = $0 { return true } else { return false } } }

    func peerCEA(for cer: DiameterMessage, result: DiameterResultCode = .success,
                 apps: [DiameterApplication] = [.swx]) -> DiameterMessage {
        cer.answer(resultCode: result, avps: [.originHost("hss.lab.twag"), .originRealm("lab.twag"),
                                              .hostIPAddress(.ipv4(127, 0, 0, 2)), .vendorId(0),
                                              .productName("pyHSS")]
                   + apps.map { .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: $0) })
    }

    func peerCER(apps: [DiameterApplication] = [.swx]) -> DiameterMessage {
        .request(command: .capabilitiesExchange, application: .common, hopByHop: 11, endToEnd: 22, avps: [
            .originHost("hss.lab.twag"), .originRealm("lab.twag"), .hostIPAddress(.ipv4(127, 0, 0, 2)),
            .vendorId(0), .productName("pyHSS"),
        ] + apps.map { .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: $0) })
    }

    func dwa(for dwr: DiameterMessage) -> DiameterMessage {
        dwr.answer(resultCode: .success, avps: [.originHost("hss.lab.twag"), .originRealm("lab.twag")])
    }

    /// Drives an initiator to open; returns the time reached.
    func open(_ m: inout Machine, at t: NIODeadline) -> NIODeadline {
        _ = m.handle(.start, now: t)
        let a = m.handle(.connected(localAddress: nil), now: t)
        guard let cer = sent(a).first else {
            XCTFail("no CER")
            return t
        }
        _ = m.handle(.received(peerCEA(for: cer)), now: t)
        return t
    }

    func testInitiatorCapabilitiesExchange() {
        var m = machine()
        let start = m.handle(.start, now: t0)
        XCTAssertTrue(has(start) { if case .connect = $0 { return true } else { return false } })
        XCTAssertEqual(m.state, .connecting)
        let a = m.handle(.connected(localAddress: nil), now: t0)
        let cer = try? XCTUnwrap(sent(a).first)
        XCTAssertEqual(cer?.command, .capabilitiesExchange)
        XCTAssertTrue(cer?.isRequest ?? false)
        XCTAssertEqual(cer?.originHost, "aaa.lab.twag")
        XCTAssertEqual(cer?.authApplicationIDs, [DiameterApplication.swx.rawValue])
        // 3GPP application advertised as Vendor-Specific-Application-Id with 10415.
        let vsai = cer?.first(code: DiameterAVPCode.vendorSpecificApplicationID)
        XCTAssertEqual(try vsai?.first(code: DiameterAVPCode.vendorID)?.unsigned32(), DiameterVendor.threeGPP)
        XCTAssertEqual(cer?.first(code: DiameterAVPCode.hostIPAddress).flatMap { try? $0.address() }, .ipv4(127, 0, 0, 1))
        XCTAssertEqual(m.state, .waitCEA)
        guard let cer else { return }
        let opened = m.handle(.received(peerCEA(for: cer)), now: t0)
        XCTAssertEqual(m.state, .open)
        XCTAssertTrue(m.isAvailable)
        XCTAssertTrue(has(opened) { if case .opened = $0 { return true } else { return false } })
        XCTAssertEqual(m.peerCapabilities?.productName, "pyHSS")
    }

    func testCEAWithoutCommonApplicationClosesAndBacksOff() {
        var m = machine()
        _ = m.handle(.start, now: t0)
        guard let cer = sent(m.handle(.connected(localAddress: nil), now: t0)).first else { return XCTFail() }
        let a = m.handle(.received(peerCEA(for: cer, apps: [.cx])), now: t0)
        XCTAssertTrue(closes(a))
        XCTAssertEqual(m.state, .closed)
        XCTAssertTrue(has(a) {
            if case .stateChanged(_, .closed, let reason) = $0 { return reason.contains("5010") } else { return false }
        })
        XCTAssertEqual(m.reconnectAt, t0 + .seconds(1))
        XCTAssertTrue(m.handle(.tick, now: t0 + .milliseconds(999)).isEmpty)
        XCTAssertEqual(m.handle(.tick, now: t0 + .seconds(1)).count, 2)  // connecting + connect
        XCTAssertEqual(m.state, .connecting)
        // The next failure doubles the delay.
        _ = m.handle(.connectFailed(timedOut: true, reason: "timeout"), now: t0 + .seconds(1))
        XCTAssertEqual(m.reconnectAt, t0 + .seconds(3))
    }

    func testCEAFailureResultCloses() {
        var m = machine()
        _ = m.handle(.start, now: t0)
        guard let cer = sent(m.handle(.connected(localAddress: nil), now: t0)).first else { return XCTFail() }
        let a = m.handle(.received(peerCEA(for: cer, result: .unknownPeer)), now: t0)
        XCTAssertTrue(closes(a))
        XCTAssertEqual(m.state, .closed)
    }

    func testCEATimeout() {
        var m = machine()
        _ = m.handle(.start, now: t0)
        _ = m.handle(.connected(localAddress: nil), now: t0)
        XCTAssertTrue(m.handle(.tick, now: t0 + .seconds(9)).isEmpty)
        XCTAssertTrue(closes(m.handle(.tick, now: t0 + .seconds(10))))
        XCTAssertEqual(m.state, .closed)
    }

    func testResponderAcceptsCERWithCommonApplication() {
        var m = machine(initiator: false)
        XCTAssertTrue(m.handle(.start, now: t0).isEmpty)
        _ = m.handle(.accepted(localAddress: nil), now: t0)
        XCTAssertEqual(m.state, .waitCER)
        let a = m.handle(.received(peerCER()), now: t0)
        let cea = sent(a).first
        XCTAssertEqual(cea?.command, .capabilitiesExchange)
        XCTAssertFalse(cea?.isRequest ?? true)
        XCTAssertEqual(cea?.resultCode, DiameterResultCode.success.rawValue)
        XCTAssertEqual(cea?.hopByHopID, 11)
        XCTAssertEqual(m.state, .open)
    }

    func testResponderRefusesCERWithoutCommonApplication() {
        var m = machine(initiator: false)
        _ = m.handle(.start, now: t0)
        _ = m.handle(.accepted(localAddress: nil), now: t0)
        let a = m.handle(.received(peerCER(apps: [.gy])), now: t0)
        XCTAssertEqual(sent(a).first?.resultCode, DiameterResultCode.noCommonApplication.rawValue)
        XCTAssertTrue(closes(a))
        XCTAssertEqual(m.state, .closed)
        XCTAssertNil(m.reconnectAt, "a responder never reconnects")
    }

    func testResponderAnswersMissingOriginHost() {
        var m = machine(initiator: false)
        _ = m.handle(.accepted(localAddress: nil), now: t0)
        let cer = DiameterMessage.request(command: .capabilitiesExchange, application: .common, hopByHop: 1,
                                          endToEnd: 1, avps: [.originRealm("x")])
        let a = m.handle(.received(cer), now: t0)
        XCTAssertEqual(sent(a).first?.resultCode, DiameterResultCode.missingAVP.rawValue)
        XCTAssertTrue(closes(a))
    }

    func testWatchdogSuspectCloseReconnectAndReopenAfterThreeDWA() {
        var m = machine(tw: .seconds(30))
        var t = open(&m, at: t0)
        XCTAssertEqual(m.state, .open)
        // Traffic resets the watchdog.
        t = t + .seconds(20)
        let mar = DiameterMessage.request(command: .multimediaAuth, application: .swx, hopByHop: 5, endToEnd: 5, avps: [])
        _ = m.handle(.received(mar.answer(resultCode: .success)), now: t)
        XCTAssertEqual(m.watchdogDeadline, t + .seconds(30))
        XCTAssertTrue(sent(m.handle(.tick, now: t + .seconds(29))).isEmpty)
        // Idle Tw: DWR.
        t = t + .seconds(30)
        let dwr1 = sent(m.handle(.tick, now: t))
        XCTAssertEqual(dwr1.first?.command, .deviceWatchdog)
        XCTAssertTrue(dwr1.first?.isRequest ?? false)
        // No DWA within Tw: suspect, requests failed over.
        t = t + .seconds(30)
        let s = m.handle(.tick, now: t)
        XCTAssertEqual(m.state, .suspect)
        XCTAssertFalse(m.isAvailable)
        XCTAssertTrue(has(s) { if case .unavailable = $0 { return true } else { return false } })
        // Second miss: close, reconnect with backoff.
        t = t + .seconds(30)
        let c = m.handle(.tick, now: t)
        XCTAssertTrue(closes(c))
        XCTAssertEqual(m.state, .closed)
        XCTAssertEqual(m.reconnectAt, t + .seconds(1))
        XCTAssertTrue(has(c) { if case .connectionLost = $0 { return true } else { return false } })
        // Reconnect.
        t = t + .seconds(1)
        XCTAssertTrue(has(m.handle(.tick, now: t)) { if case .connect = $0 { return true } else { return false } })
        guard let cer = sent(m.handle(.connected(localAddress: nil), now: t)).first else { return XCTFail() }
        let r = m.handle(.received(peerCEA(for: cer)), now: t)
        XCTAssertEqual(m.state, .reopen(answered: 0))
        XCTAssertFalse(m.isAvailable, "REOPEN carries no traffic")
        XCTAssertFalse(has(r) { if case .opened = $0 { return true } else { return false } })
        var dwr = sent(r).first { $0.command == .deviceWatchdog }
        XCTAssertNotNil(dwr, "a DWR is sent at once in REOPEN")
        for i in 1...3 {
            guard let d = dwr else { return XCTFail("no DWR \(i)") }
            let a = m.handle(.received(dwa(for: d)), now: t)
            if i < 3 {
                XCTAssertEqual(m.state, .reopen(answered: i))
                t = t + .seconds(30)
                dwr = sent(m.handle(.tick, now: t)).first
            } else {
                XCTAssertEqual(m.state, .open)
                XCTAssertTrue(has(a) { if case .opened = $0 { return true } else { return false } })
            }
        }
    }

    func testReopenMissedDWAClosesAgain() {
        var m = machine(tw: .seconds(30))
        var t = open(&m, at: t0)
        _ = m.handle(.transportClosed, now: t)
        t = t + .seconds(1)
        _ = m.handle(.tick, now: t)
        guard let cer = sent(m.handle(.connected(localAddress: nil), now: t)).first else { return XCTFail() }
        _ = m.handle(.received(peerCEA(for: cer)), now: t)
        XCTAssertEqual(m.state, .reopen(answered: 0))
        XCTAssertTrue(closes(m.handle(.tick, now: t + .seconds(30))))
        XCTAssertEqual(m.state, .closed)
    }

    func testSuspectRecoversOnDWA() {
        var m = machine(tw: .seconds(30))
        let t = open(&m, at: t0)
        guard let dwr = sent(m.handle(.tick, now: t + .seconds(30))).first else { return XCTFail() }
        _ = m.handle(.tick, now: t + .seconds(60))
        XCTAssertEqual(m.state, .suspect)
        let a = m.handle(.received(dwa(for: dwr)), now: t + .seconds(61))
        XCTAssertEqual(m.state, .open)
        XCTAssertTrue(has(a) { if case .opened = $0 { return true } else { return false } })
    }

    func testDWRIsAnsweredWithDWA() {
        var m = machine()
        let t = open(&m, at: t0)
        let dwr = DiameterMessage.request(command: .deviceWatchdog, application: .common, hopByHop: 9, endToEnd: 9,
                                          avps: [.originHost("hss.lab.twag"), .originRealm("lab.twag")])
        let a = sent(m.handle(.received(dwr), now: t))
        XCTAssertEqual(a.first?.command, .deviceWatchdog)
        XCTAssertEqual(a.first?.isRequest, false)
        XCTAssertEqual(a.first?.hopByHopID, 9)
        XCTAssertEqual(a.first?.resultCode, 2001)
        XCTAssertEqual(a.first?.originStateId, 7)
    }

    func testDPRIsAnsweredThenClosedWithBackoff() {
        var m = machine()
        let t = open(&m, at: t0)
        let dpr = DiameterMessage.request(command: .disconnectPeer, application: .common, hopByHop: 3, endToEnd: 3,
                                          avps: [.originHost("hss.lab.twag"), .originRealm("lab.twag"),
                                                 .disconnectCause(0)])
        let a = m.handle(.received(dpr), now: t)
        XCTAssertEqual(sent(a).first?.command, .disconnectPeer)
        XCTAssertEqual(sent(a).first?.isRequest, false)
        XCTAssertTrue(closes(a))
        XCTAssertEqual(m.state, .closed)
        XCTAssertEqual(m.reconnectAt, t + .seconds(1))
        XCTAssertTrue(m.handle(.tick, now: t + .milliseconds(500)).isEmpty, "no reconnect before the backoff")
        // A graceful close does not force REOPEN.
        _ = m.handle(.tick, now: t + .seconds(1))
        guard let cer = sent(m.handle(.connected(localAddress: nil), now: t + .seconds(1))).first else { return XCTFail() }
        _ = m.handle(.received(peerCEA(for: cer)), now: t + .seconds(1))
        XCTAssertEqual(m.state, .open)
    }

    func testDPRDoNotWantToTalkWaitsMaximumBackoff() {
        var m = machine()
        let t = open(&m, at: t0)
        let dpr = DiameterMessage.request(command: .disconnectPeer, application: .common, hopByHop: 3, endToEnd: 3,
                                          avps: [.originHost("h"), .originRealm("r"), .disconnectCause(2)])
        _ = m.handle(.received(dpr), now: t)
        XCTAssertEqual(m.reconnectAt, t + .seconds(8))
    }

    func testShutdownSendsDPRAndDoesNotReconnect() {
        var m = machine()
        let t = open(&m, at: t0)
        let a = m.handle(.shutdown, now: t)
        guard let dpr = sent(a).first else { return XCTFail() }
        XCTAssertEqual(dpr.command, .disconnectPeer)
        XCTAssertEqual(try dpr.first(code: DiameterAVPCode.disconnectCause)?.enumerated(), 0, "REBOOTING")
        XCTAssertEqual(m.state, .closing)
        let b = m.handle(.received(dpr.answer(resultCode: .success)), now: t)
        XCTAssertTrue(closes(b))
        XCTAssertEqual(m.state, .closed)
        XCTAssertNil(m.reconnectAt)
        XCTAssertTrue(m.handle(.tick, now: t + .seconds(100)).isEmpty)
    }

    func testShutdownWithoutDPAClosesAfterTimeout() {
        var m = machine()
        let t = open(&m, at: t0)
        _ = m.handle(.shutdown, now: t)
        XCTAssertTrue(closes(m.handle(.tick, now: t + .seconds(2))))
        XCTAssertEqual(m.state, .closed)
    }

    func testMessagesBeforeCapabilitiesExchangeAreIgnored() {
        var m = machine(initiator: false)
        _ = m.handle(.accepted(localAddress: nil), now: t0)
        let mar = DiameterMessage.request(command: .multimediaAuth, application: .swx, hopByHop: 1, endToEnd: 1, avps: [])
        XCTAssertTrue(m.handle(.received(mar), now: t0).isEmpty)
        XCTAssertEqual(m.state, .waitCER)
    }

    func testWatchdogIntervalJitterAndFloor() {
        var c = Machine.Configuration(identity: identity, initiatesConnection: true, watchdogInterval: .seconds(1))
        c.jitterSeed = 42
        var m = Machine(configuration: c)
        _ = open(&m, at: t0)
        // Tw below 6 s is raised to 6 s; jitter never takes it under the floor nor above 8 s.
        guard let d = m.watchdogDeadline else { return XCTFail() }
        XCTAssertGreaterThanOrEqual(d, t0 + .seconds(6))
        XCTAssertLessThanOrEqual(d, t0 + .seconds(8))

        var c30 = c
        c30.watchdogInterval = .seconds(30)
        var seen = Set<Int64>()
        for seed in 0..<20 as Range<UInt64> {
            c30.jitterSeed = seed
            var m30 = Machine(configuration: c30)
            _ = open(&m30, at: t0)
            guard let w = m30.watchdogDeadline else { return XCTFail() }
            XCTAssertGreaterThanOrEqual(w, t0 + .seconds(28))
            XCTAssertLessThanOrEqual(w, t0 + .seconds(32))
            seen.insert((w - t0).nanoseconds)
        }
        XCTAssertGreaterThan(seen.count, 1, "jitter varies")
    }
}
