import AAACore
import Foundation
import IPC
import Logging
import MetricsTestKit
import Milenage
import TestSupport
import XCTest

/// A clock tests move by hand.
final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = ContinuousClock.now

    var now: ContinuousClock.Instant { lock.withLock { current } }
    func advance(_ duration: Duration) { lock.withLock { current += duration } }
}

/// An engine wired to a Milenage HSS, test metrics, captured logs and a virtual clock.
struct EngineHarness {
    let engine: AuthenticationEngine
    let hss: MilenageHSS
    let metrics: TestMetrics
    let logs: LogStore
    let clock: VirtualClock
    var correlation: UInt64 = 100

    init(settings: AAACoreSettings = AAACoreSettings(), hss core: MilenageHSSCore,
         vectorSource: (any VectorSource)? = nil, registrar: (any SubscriberRegistrar)? = nil,
         charging: (any ChargingAuthorizer)? = nil, instanceID: UInt32 = 0x0A0B0C) {
        let clock = VirtualClock()
        let metrics = TestMetrics()
        let logs = LogStore()
        let hss = MilenageHSS(core)
        self.clock = clock
        self.metrics = metrics
        self.logs = logs
        self.hss = hss
        let table = ConversationTable(instanceID: instanceID, capacity: settings.maxConversations,
                                      timeout: settings.stateTimeout,
                                      finishedWindow: settings.finishedConversationWindow)
        engine = AuthenticationEngine(settings: settings, vectorSource: vectorSource ?? hss,
                                      registrar: registrar, charging: charging, table: table,
                                      logger: logs.logger(), metrics: AAACoreMetrics(factory: metrics),
                                      now: { clock.now })
    }

    mutating func send(eap: [UInt8], state: [UInt8]? = nil) async -> IPCFrame {
        correlation += 1
        var fields = [IPCField(.eapMessage, bytes: eap), IPCField(.userName, string: "user"),
                      IPCField(.callingStationID, string: "02-00-00-00-00-01"),
                      IPCField(.clientAddress, string: "192.0.2.10:40000"), IPCField(.frontendID, string: "fe-1")]
        if let state { fields.append(IPCField(.radiusState, bytes: state)) }
        let reply = await engine.handle(IPCFrame(type: .authRequest, correlationID: correlation, fields: fields))
        XCTAssertEqual(reply.correlationID, correlation, "reply correlated with its request")
        return reply
    }

    /// Runs the phone through the engine until a final reply (or a discard).
    mutating func run(_ phone: inout SimulatedPhone, maxRounds: Int = 8) async throws -> (IPCFrame, rounds: Int) {
        var eap = try phone.identityResponse(identifier: 1)
        var state: [UInt8]?
        for round in 1...maxRounds {
            let reply = await send(eap: eap, state: state)
            guard reply.type == .authChallenge else { return (reply, round) }
            let request = try XCTUnwrap(reply.bytes(.eapMessage))
            state = try XCTUnwrap(reply.bytes(.radiusState))
            eap = try phone.respond(to: request)
        }
        throw SimulatedPhone.PhoneError.unexpected("too many rounds")
    }

    func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Int64 {
        metrics.counterTotal(label: label, dimensions: dimensions)
    }
}
