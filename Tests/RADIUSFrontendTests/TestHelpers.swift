import Foundation
import IPC
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import RADIUS
import RADIUSFrontend
import TWAGConfiguration

enum TestData {
    static let secret = Array("testing123".utf8)
    static let apIP = ClientEndpoint(address: [127, 0, 0, 1], port: 40000)!
    /// EAP-Response/Identity, Identifier 1.
    static let eapIdentity: [UInt8] = {
        let identity = Array("0234150999999999@wlan.mnc015.mcc234.3gppnetwork.org".utf8)
        return [2, 1, 0, UInt8(5 + identity.count), 1] + identity
    }()
    static let msk: [UInt8] = (0..<64).map { UInt8($0) }

    /// An Access-Request as an 802.1X AP sends it.
    static func accessRequest(identifier: UInt8 = 7, eap: [UInt8]? = eapIdentity, state: [UInt8]? = nil,
                              framedMTU: UInt32? = 1400, station: String = "02-00-00-00-00-01",
                              proxyState: [UInt8]? = nil) -> RADIUSPacket {
        var packet = RADIUSPacket(code: .accessRequest, identifier: identifier, authenticator: RADIUSPacket.randomAuthenticator())
        packet.userName = "0234150999999999@wlan.mnc015.mcc234.3gppnetwork.org"
        packet.nasIPAddress = IPv4Address(10, 7, 15, 72)
        packet.nasIdentifier = "ap-lobby"
        packet.calledStationId = "64-D9-89-1D-A4-20:ONS"
        packet.callingStationId = station
        packet.nasPortType = .wireless80211
        packet.framedMTU = framedMTU
        if let eap { packet.eapMessage = eap }
        if let state { packet.state = state }
        if let proxyState { packet.append(.proxyState, value: proxyState) }
        return packet
    }

    static func radius(subnets: [String] = ["127.0.0.0/8", "::1/128"], requireMA: Bool = true) -> RADIUSConfiguration {
        var radius = RADIUSConfiguration()
        radius.secret = ConfigurationSecret("testing123")
        radius.allowedSourceSubnets = subnets.compactMap { CIDRSubnet($0) }
        radius.requireMessageAuthenticator = requireMA
        return radius
    }

    static let logger: Logger = {
        var logger = Logger(label: "radius-frontend-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }()

    static func dropped(_ metrics: TestMetrics, _ reason: DropReason) -> Int64 {
        metrics.counterTotal(label: "radius_dropped_total", dimensions: [("reason", reason.rawValue)])
    }
}

/// A forwarder that answers from a script and records what it was asked.
final class FakeForwarder: AuthForwarder {
    private let state = NIOLockedValueBox<(requests: [AuthForwardRequest], script: [Result<AuthDecision, AuthForwardError>])>(([], []))
    /// Decision used when the script is empty.
    let fallback: @Sendable (AuthForwardRequest) -> Result<AuthDecision, AuthForwardError>
    /// Awaited before answering (lets tests hold a request in progress).
    let gate: Gate?

    init(gate: Gate? = nil, fallback: @escaping @Sendable (AuthForwardRequest) -> Result<AuthDecision, AuthForwardError>) {
        self.gate = gate
        self.fallback = fallback
    }

    func enqueue(_ result: Result<AuthDecision, AuthForwardError>) {
        state.withLockedValue { $0.script.append(result) }
    }

    var requests: [AuthForwardRequest] { state.withLockedValue { $0.requests } }

    func forward(_ request: AuthForwardRequest) async throws(AuthForwardError) -> AuthDecision {
        let scripted: Result<AuthDecision, AuthForwardError>? = state.withLockedValue { state in
            state.requests.append(request)
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        if let gate { await gate.wait() }
        return try (scripted ?? fallback(request)).get()
    }
}

/// A one-shot latch for holding a fake upstream call open.
final class Gate: Sendable {
    private let state = NIOLockedValueBox<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resume = state.withLockedValue { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A mutable clock for injected time.
final class TestClock: Sendable {
    private let value = NIOLockedValueBox(ContinuousClock.now)
    private let wall = NIOLockedValueBox(Date(timeIntervalSince1970: 1_760_000_000))

    var now: ContinuousClock.Instant { value.withLockedValue { $0 } }
    var date: Date { wall.withLockedValue { $0 } }

    func advance(_ duration: Duration) {
        value.withLockedValue { $0 = $0 + duration }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        wall.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("radius-frontend-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
