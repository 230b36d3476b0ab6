import AAACore
import Diameter
import DiameterPeer
import Foundation
import HSSSimulator
import IPC
import Logging
import Milenage
import NIOPosix
import XCTest

/// The hss-sim's SWx logic behind a node, serialised: `SWxHSS` is a value mutated per request.
final class LockedHSS: @unchecked Sendable {
    private let lock = NSLock()
    private var hss: SWxHSS
    private var seen: [DiameterMessage] = []

    init(_ hss: SWxHSS) { self.hss = hss }

    var requests: [DiameterMessage] { lock.withLock { seen } }

    func handle(_ request: DiameterMessage) -> DiameterMessage {
        lock.withLock {
            seen.append(request)
            return hss.handle(request)
        }
    }
}

/// aaa-core's SAR against the hss-sim's SWx handler over a real Diameter connection on 127.0.0.1,
/// and RTR from that HSS answered by aaa-core.
final class SWxRegistrationOverDiameterTests: XCTestCase {
    static let hssHost = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    static let realm = "epc.mnc001.mcc001.3gppnetwork.org"
    static let barredIMSI = "001010123456780"
    let logger = Logger(label: "swx-sar-test") { _ in SwiftLogNoOpLogHandler() }

    func options() -> DiameterNodeOptions {
        var o = DiameterNodeOptions()
        o.tickInterval = .milliseconds(20)
        o.disconnectTimeout = .milliseconds(500)
        o.connectTimeout = .seconds(2)
        return o
    }

    func hssNode() async throws -> (DiameterNode, LockedHSS) {
        func subscriber(_ imsi: String, barred: Bool) throws -> HSSSimulator.Subscriber {
            HSSSimulator.Subscriber(imsi: imsi, milenage: try Milenage(k: Subscriber.k, opc: Subscriber.opc),
                                    amf: 0x8000, initialSQN: SequenceNumber(0x20) ?? .zero, non3GPPBarred: barred)
        }
        let hss = LockedHSS(SWxHSS(identity: HSSIdentity(originHost: Self.hssHost, originRealm: Self.realm),
                                   subscribers: [try subscriber(Subscriber.imsi, barred: false),
                                                 try subscriber(Self.barredIMSI, barred: true)]))
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: Self.hssHost, originRealm: Self.realm,
                                            hostIPAddresses: ["127.0.0.1"], productName: "hss-sim",
                                            authApplications: [.swx]),
            peers: [], listen: ("127.0.0.1", 0), acceptUnknownPeers: true, options: options(),
            group: MultiThreadedEventLoopGroup.singleton, logger: logger
        ) { request, _ in
            hss.handle(request)
        }
        try await node.start()
        return (node, hss)
    }

    func aaaNode(hssPort: Int, handler: SWxRequestHandler) async throws -> DiameterNode {
        let peer = DiameterPeerSettings(host: Self.hssHost, realm: Self.realm, address: "127.0.0.1", port: hssPort,
                                        requestTimeout: .seconds(2))
        let node = DiameterNode(
            identity: DiameterLocalIdentity(originHost: "aaa.lab.twag", originRealm: "lab.twag",
                                            hostIPAddresses: ["127.0.0.1"], productName: "aaa-core",
                                            authApplications: [.swx]),
            peers: [peer], listen: nil, options: options(), group: MultiThreadedEventLoopGroup.singleton,
            logger: logger
        ) { request, status in
            await handler.handle(request, peer: status.host)
        }
        try await node.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while node.peerStatus().first?.isOpen != true, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertEqual(node.peerStatus().first?.isOpen, true, "SWx peer open")
        return node
    }

    func testRegistrationAtTheSimulatedHSSAcceptsAllowedAndRejectsBarredSubscribers() async throws {
        let (hss, served) = try await hssNode()
        let sink = RecordingSessionTerminationSink()
        let handler = SWxRequestHandler(originHost: "aaa.lab.twag", originRealm: "lab.twag", sink: sink, logger: logger)
        let aaa = try await aaaNode(hssPort: try XCTUnwrap(hss.listeningPort), handler: handler)
        let transport = DiameterNodeSWxTransport(node: aaa)
        let source = SWxVectorSource(transport: transport, originHost: "aaa.lab.twag", originRealm: "lab.twag",
                                     destinationRealm: nil, mncLength: 2, networkName: "WLAN",
                                     keySources: [Self.hssHost: .hss])
        let registrar = SWxServerAssignmentRegistrar(transport: transport, originHost: "aaa.lab.twag",
                                                     originRealm: "lab.twag", destinationRealm: nil, mncLength: 2)
        var harness = EngineHarness(hss: try Subscriber.hss(), vectorSource: source, registrar: registrar)

        var allowed = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)
        let (accept, _) = try await harness.run(&allowed)
        XCTAssertEqual(accept.type, .authAccept)
        XCTAssertEqual(accept.bytes(.msk), allowed.msk)

        var barred = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc,
                                        identity: "6\(Self.barredIMSI)@\(Subscriber.realm)")
        let (reject, _) = try await harness.run(&barred)
        XCTAssertEqual(reject.type, .authReject)
        XCTAssertEqual(try reject.string(.rejectReason), "non-3GPP access barred")
        XCTAssertTrue(harness.logs.messages(at: .info).contains("Authentication REJECTED: non-3GPP access barred"))
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "success")]), 1)
        XCTAssertEqual(harness.counter("swx_sar_count", [("result", "barred")]), 1)
        let sars = served.requests.filter { $0.command == .serverAssignment }
        XCTAssertEqual(sars.map(\.userName), [Subscriber.imsi, Self.barredIMSI])
        XCTAssertEqual(sars.map(\.destinationHost), [Self.hssHost, Self.hssHost], "the HSS that answered the MAA")

        await aaa.shutdown()
        await hss.shutdown()
    }

    func testRegistrationTerminationFromTheHSSIsAnsweredWithRTA2001() async throws {
        let (hss, _) = try await hssNode()
        let sink = RecordingSessionTerminationSink()
        let handler = SWxRequestHandler(originHost: "aaa.lab.twag", originRealm: "lab.twag", sink: sink, logger: logger)
        let aaa = try await aaaNode(hssPort: try XCTUnwrap(hss.listeningPort), handler: handler)

        let v = DiameterVendor.threeGPP
        let rtr = DiameterMessage.request(command: .registrationTermination, application: .swx, hopByHop: 0,
                                          endToEnd: 0, avps: [
            .sessionId("hss.epc;1;42"), .vendorSpecificApplicationId(vendor: v, auth: .swx), .authSessionState(1),
            .originHost(Self.hssHost), .originRealm(Self.realm), .destinationHost("aaa.lab.twag"),
            .destinationRealm("lab.twag"), .userName(Subscriber.imsi),
            .standard(code: DiameterAVPCode.deregistrationReason, vendorID: v, .grouped([
                .standard(code: DiameterAVPCode.reasonCode, vendorID: v, .enumerated(0)),  // PERMANENT_TERMINATION
            ])),
        ])
        let rta = try await hss.send(rtr)
        XCTAssertEqual(rta.command, .registrationTermination)
        XCTAssertFalse(rta.isRequest)
        XCTAssertEqual(rta.resultCode, 2001)
        XCTAssertEqual(rta.sessionId, "hss.epc;1;42")
        XCTAssertEqual(rta.originHost, "aaa.lab.twag")
        XCTAssertEqual(rta.authSessionState, 1)
        XCTAssertNotNil(rta.first(code: DiameterAVPCode.vendorSpecificApplicationID))
        let pending = await sink.takePending()
        XCTAssertEqual(pending, [Subscriber.imsi], "recorded for the Disconnect path")

        await aaa.shutdown()
        await hss.shutdown()
    }
}
