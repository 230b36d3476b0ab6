import IPC
import NIOCore
import XCTest

@testable import IPCTransport

/// The session protocol with virtual time: no sockets, no sleeps.
final class IPCSessionStateMachineTests: XCTestCase {
    private let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func at(_ seconds: Int64) -> NIODeadline { t0 + .seconds(seconds) }

    private func establishedAcceptor() -> IPCSessionStateMachine {
        var m = IPCSessionStateMachine(role: .acceptor, serviceName: "aaa-core", instanceID: "core-1")
        XCTAssertEqual(m.activate(now: t0), .none)
        _ = m.received(helloFrame(correlationID: 9), now: t0)
        return m
    }

    func testConnectorSendsHelloAndEstablishesOnMatchingAck() throws {
        var m = IPCSessionStateMachine(role: .connector, serviceName: "radius-frontend", instanceID: "fe-1")
        guard case .send(let hello) = m.activate(now: t0) else { return XCTFail("expected hello") }
        XCTAssertEqual(hello.type, .hello)
        XCTAssertEqual(try hello.string(.serviceName), "radius-frontend")
        XCTAssertEqual(try hello.string(.instanceID), "fe-1")
        XCTAssertEqual(try hello.uint32(.protocolVersion), IPCSessionStateMachine.protocolVersion)
        XCTAssertNil(m.peer)

        let ack = IPCFrame(
            type: .helloAck, correlationID: hello.correlationID,
            fields: [IPCField(.serviceName, string: "aaa-core"), IPCField(.instanceID, string: "core-1")])
        let peer = IPCConnectionInfo(peerService: "aaa-core", peerInstance: "core-1")
        XCTAssertEqual(m.received(ack, now: at(1)), .established(peer, send: nil))
        XCTAssertEqual(m.peer, peer)
    }

    func testConnectorRejectsAckWithWrongCorrelationOrOtherFrame() {
        for bad in [
            IPCFrame(type: .helloAck, correlationID: 999, fields: [IPCField(.serviceName, string: "a"), IPCField(.instanceID, string: "b")]),
            IPCFrame(type: .pong, correlationID: 1),
        ] {
            var m = IPCSessionStateMachine(role: .connector, serviceName: "fe", instanceID: "fe-1")
            _ = m.activate(now: t0)
            guard case .close(let reason) = m.received(bad, now: t0) else { return XCTFail("expected close") }
            XCTAssertTrue(reason.isFrameError)
            XCTAssertTrue(m.isClosed)
        }
    }

    func testAcceptorAnswersHelloWithAckEchoingCorrelation() throws {
        var m = IPCSessionStateMachine(role: .acceptor, serviceName: "aaa-core", instanceID: "core-1")
        XCTAssertEqual(m.activate(now: t0), .none)
        guard case .established(let peer, let ack?) = m.received(helloFrame(instance: "fe-7", correlationID: 42), now: t0)
        else { return XCTFail("expected hello-ack") }
        XCTAssertEqual(peer, IPCConnectionInfo(peerService: "radius-frontend", peerInstance: "fe-7"))
        XCTAssertEqual(ack.type, .helloAck)
        XCTAssertEqual(ack.correlationID, 42)
        XCTAssertEqual(try ack.string(.serviceName), "aaa-core")
        XCTAssertEqual(try ack.string(.instanceID), "core-1")
    }

    func testAcceptorClosesWhenFirstFrameIsNotAValidHello() {
        let invalid: [IPCFrame] = [
            IPCFrame(type: .ping, correlationID: 1),
            IPCFrame(type: .authRequest, correlationID: 1),
            IPCFrame(type: .hello, correlationID: 1, fields: [IPCField(.serviceName, string: "fe")]),
            IPCFrame(type: .hello, correlationID: 1, fields: [IPCField(.serviceName, string: ""), IPCField(.instanceID, string: "x")]),
            IPCFrame(
                type: .hello, correlationID: 1,
                fields: [
                    IPCField(.serviceName, string: "fe"), IPCField(.instanceID, string: "x"),
                    IPCField(tag: .protocolVersion, value: [0, 1, 2]),
                ]),
            IPCFrame(type: .hello, correlationID: 1, fields: [IPCField(.serviceName, string: "fe"), IPCField(tag: .instanceID, value: [0xFF, 0xFE])]),
        ]
        for frame in invalid {
            var m = IPCSessionStateMachine(role: .acceptor, serviceName: "aaa-core", instanceID: "core-1")
            _ = m.activate(now: t0)
            guard case .close(.handshakeViolation) = m.received(frame, now: t0) else {
                return XCTFail("\(frame.type) \(frame.fields) should be refused")
            }
            XCTAssertEqual(m.received(IPCFrame(type: .authRequest, correlationID: 2), now: t0), .none, "closed ignores")
        }
    }

    func testHandshakeTimesOut() {
        var m = IPCSessionStateMachine(role: .acceptor, serviceName: "aaa-core", instanceID: "core-1")
        _ = m.activate(now: t0)
        XCTAssertEqual(m.tick(now: at(4)), .none)
        XCTAssertEqual(m.tick(now: at(5)), .close(.handshakeTimeout))
    }

    func testPingIsAnsweredWithPongSameCorrelation() {
        var m = establishedAcceptor()
        XCTAssertEqual(m.received(IPCFrame(type: .ping, correlationID: 77), now: at(1)), .send(IPCFrame(type: .pong, correlationID: 77)))
        XCTAssertEqual(m.received(IPCFrame(type: .pong, correlationID: 78), now: at(1)), .none)
    }

    func testCorrelationSpacesSeparateRepliesFromPeerRequests() {
        var acceptor = establishedAcceptor()
        let own = acceptor.makeCorrelationID()
        XCTAssertNotEqual(own & IPCSessionStateMachine.acceptorBit, 0)
        let reply = IPCFrame(type: .disconnectResult, correlationID: own)
        XCTAssertEqual(acceptor.received(reply, now: at(1)), .deliverReply(reply))
        let request = IPCFrame(type: .authRequest, correlationID: 5)
        XCTAssertEqual(acceptor.received(request, now: at(1)), .dispatchRequest(request))

        var connector = IPCSessionStateMachine(role: .connector, serviceName: "fe", instanceID: "fe-1")
        for _ in 0..<1000 { XCTAssertEqual(connector.makeCorrelationID() & IPCSessionStateMachine.acceptorBit, 0) }
        XCTAssertTrue(connector.isOwnCorrelationID(5))
        XCTAssertFalse(connector.isOwnCorrelationID(5 | IPCSessionStateMachine.acceptorBit))
    }

    func testCorrelationIDsAreUniqueAndWrapWithoutZeroOrLeavingTheirHalf() {
        var m = IPCSessionStateMachine(role: .connector, serviceName: "fe", instanceID: "fe-1")
        var seen = Set<UInt64>()
        for _ in 0..<10_000 { XCTAssertTrue(seen.insert(m.makeCorrelationID()).inserted) }
        XCTAssertFalse(seen.contains(0))
    }

    func testHelloAfterHandshakeIsAProtocolViolation() {
        var m = establishedAcceptor()
        guard case .close(.protocolViolation) = m.received(helloFrame(correlationID: 3), now: at(1)) else {
            return XCTFail("second hello must close")
        }
    }

    func testKeepalivePingsWhenIdleAndClosesAfterThreeMissedPongs() {
        var m = establishedAcceptor()
        XCTAssertEqual(m.tick(now: at(4)), .none, "not idle yet")
        var pings = 0
        for second in Int64(5)...19 {
            switch m.tick(now: at(second)) {
            case .send(let f) where f.type == .ping: pings += 1
            case .none: break
            default: XCTFail("unexpected action at \(second)s")
            }
        }
        XCTAssertEqual(pings, 3, "one ping per interval")
        XCTAssertEqual(m.tick(now: at(20)), .close(.keepaliveTimeout(missedPongs: 3)))
    }

    func testAnyReceivedFrameResetsKeepalive() {
        var m = establishedAcceptor()
        guard case .send = m.tick(now: at(5)) else { return XCTFail("expected ping") }
        guard case .send = m.tick(now: at(10)) else { return XCTFail("expected ping") }
        _ = m.received(IPCFrame(type: .pong, correlationID: 1), now: at(11))
        XCTAssertEqual(m.tick(now: at(15)), .none)
        guard case .send = m.tick(now: at(16)) else { return XCTFail("expected ping after 5 s idle") }
        XCTAssertEqual(m.tick(now: at(17)), .none, "waits an interval for the pong")
    }
}

final class IPCBackoffTests: XCTestCase {
    func testDoublesUpToMaximumWithJitterInUpperHalf() {
        var b = IPCBackoff(initial: .milliseconds(100), maximum: .seconds(5))
        XCTAssertEqual(b.next(unitRandom: 1), .milliseconds(100))
        XCTAssertEqual(b.next(unitRandom: 0), .milliseconds(100))
        XCTAssertEqual(b.next(unitRandom: 1), .milliseconds(400))
        for _ in 0..<10 { _ = b.next(unitRandom: 0.5) }
        XCTAssertEqual(b.next(unitRandom: 1), .seconds(5))
        XCTAssertEqual(b.next(unitRandom: 0), .milliseconds(2500))
        b.reset()
        XCTAssertEqual(b.next(unitRandom: 1), .milliseconds(100))
    }

    func testOutOfRangeRandomIsClampedAndMaximumNeverBelowInitial() {
        var b = IPCBackoff(initial: .seconds(2), maximum: .seconds(1))
        XCTAssertEqual(b.next(unitRandom: 7), .seconds(2))
        XCTAssertEqual(b.next(unitRandom: -3), .seconds(1))
    }
}
