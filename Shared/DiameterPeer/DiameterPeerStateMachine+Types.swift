import Diameter
import NIOCore

extension DiameterPeerStateMachine {
    /// RFC 6733 5.6 peer states merged with the RFC 3539 watchdog states (OKAY = open, REOPEN, SUSPECT, DOWN = closed).
    public enum State: Sendable, Hashable {
        case closed
        case connecting
        /// Initiator: CER sent, waiting for the CEA.
        case waitCEA
        /// Responder: connection accepted, waiting for the CER.
        case waitCER
        case open
        /// A DWR went unanswered for Tw: no new requests, pending ones failed over.
        case suspect
        /// Reconnected after a failure: open again after three answered DWRs (RFC 3539 3.4.1).
        case reopen(answered: Int)
        /// DPR sent, waiting for the DPA.
        case closing

        /// The name the status page and logs show.
        public var name: String {
            switch self {
            case .closed: return "closed"
            case .connecting: return "connecting"
            case .waitCEA: return "wait-cea"
            case .waitCER: return "wait-cer"
            case .open: return "open"
            case .suspect: return "suspect"
            case .reopen: return "reopen"
            case .closing: return "closing"
            }
        }

        /// Capabilities exchanged, transport up.
        var isUp: Bool {
            switch self {
            case .open, .suspect, .reopen, .closing: return true
            case .closed, .connecting, .waitCEA, .waitCER: return false
            }
        }
    }

    /// Values of one peer connection's machine; durations are already RFC-clamped by the caller or here.
    public struct Configuration: Sendable {
        public var identity: DiameterLocalIdentity
        /// Host-IP-Address values; empty: the connection's local address.
        public var hostAddresses: [DiameterAddress]
        public var initiatesConnection: Bool
        public var watchdogInterval: TimeAmount
        public var minimumWatchdogInterval: TimeAmount = .seconds(6)
        public var watchdogJitter: TimeAmount = .seconds(2)
        public var capabilitiesExchangeTimeout: TimeAmount = .seconds(10)
        public var disconnectTimeout: TimeAmount = .seconds(2)
        public var backoffInitial: TimeAmount = .milliseconds(500)
        public var backoffMax: TimeAmount = .seconds(30)
        public var jitterSeed: UInt64 = 0x5EED
        public var hopByHopStart: UInt32 = 1
        public var endToEndStart: UInt32 = 1

        public init(identity: DiameterLocalIdentity, hostAddresses: [DiameterAddress] = [], initiatesConnection: Bool,
                    watchdogInterval: TimeAmount = .seconds(30)) {
            self.identity = identity
            self.hostAddresses = hostAddresses
            self.initiatesConnection = initiatesConnection
            self.watchdogInterval = watchdogInterval
        }
    }

    /// What the peer announced in its CER or CEA.
    public struct PeerCapabilities: Sendable, Hashable {
        public var originHost: String?
        public var originRealm: String?
        public var productName: String?
        public var hostIPAddresses: [DiameterAddress]
        public var applications: [UInt32]
        public var originStateID: UInt32?

        public init(message: DiameterMessage) {
            originHost = message.originHost
            originRealm = message.originRealm
            productName = try? message.first(code: DiameterAVPCode.productName)?.utf8String()
            hostIPAddresses = message.all(code: DiameterAVPCode.hostIPAddress).compactMap { try? $0.address() }
            applications = message.authApplicationIDs
                + message.all(code: DiameterAVPCode.acctApplicationID).compactMap { try? $0.unsigned32() }
            originStateID = message.originStateId
        }
    }

    /// Inputs: transport happenings, decoded messages and the passing of time.
    public enum Event: Sendable {
        /// Administrative start: an initiator connects at once.
        case start
        /// The transport this machine asked for (`Action.connect`) is up.
        case connected(localAddress: DiameterAddress?)
        case connectFailed(timedOut: Bool, reason: String)
        /// A peer connected to us and was matched to this machine (its CER follows as `received`).
        case accepted(localAddress: DiameterAddress?)
        case received(DiameterMessage)
        /// The transport went down without our asking.
        case transportClosed
        /// Timers: watchdog, CER/CEA and DPA timeouts, reconnect.
        case tick
        /// Administrative stop: DPR (REBOOTING), then close; no reconnect.
        case shutdown
    }

    /// Outputs for the driver to carry out, in order.
    public enum Action: Sendable {
        /// Open the transport, then report `connected` or `connectFailed`.
        case connect
        case send(DiameterMessage)
        /// Close the transport once the messages sent before are written.
        case close
        case stateChanged(from: State, to: State, reason: String)
        /// Available for new requests (capabilities exchanged, or watchdog recovered).
        case opened(PeerCapabilities)
        /// Suspect or closing: route no new requests here and fail over the pending ones.
        case unavailable(reason: String)
        /// Transport gone: fail over or fail every pending request of this connection.
        case connectionLost(reason: String)
        /// An application message (request for the handler, answer for the router).
        case deliver(DiameterMessage)
        case reconnectScheduled(at: NIODeadline)
    }
}

/// SplitMix64: a tiny deterministic generator for watchdog jitter (seeded, so tests are reproducible).
struct DiameterJitterSource: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in -limit...limit nanoseconds.
    mutating func offset(limit: Int64) -> Int64 {
        guard limit > 0 else { return 0 }
        let span = UInt64(limit) * 2 + 1
        return Int64(next() % span) - limit
    }
}
