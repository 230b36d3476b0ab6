import Diameter
import NIOCore

/// One peer's connection life cycle: capabilities exchange (RFC 6733 5.3), watchdog with failover and
/// REOPEN (RFC 3539 3.4), disconnect (RFC 6733 5.4) and reconnect backoff.
///
/// Pure: it takes an event and the current monotonic time and returns actions; the driver owns sockets
/// and timers. One machine lives as long as the peer entry, across reconnections.
public struct DiameterPeerStateMachine: Sendable {
    public let configuration: Configuration
    public private(set) var state: State = .closed
    /// The peer's last CER/CEA.
    public private(set) var peerCapabilities: PeerCapabilities?
    /// Next connection attempt (initiator, closed).
    public private(set) var reconnectAt: NIODeadline?
    /// Next watchdog event: DWR to send, or DWA overdue.
    public private(set) var watchdogDeadline: NIODeadline?

    private var stateDeadline: NIODeadline?
    private var dwrPending = false
    /// RFC 3539: a connection that failed comes back through REOPEN.
    private var reopenNeeded = false
    private var started = false
    private var administrativelyDown = false
    private var currentBackoff: TimeAmount
    private var localAddress: DiameterAddress?
    private var jitter: DiameterJitterSource
    private var nextHopByHop: UInt32
    private var nextEndToEnd: UInt32

    /// Application requests are routed here only when open (not suspect, not reopening).
    public var isAvailable: Bool { state == .open }

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.currentBackoff = configuration.backoffInitial
        self.jitter = DiameterJitterSource(seed: configuration.jitterSeed)
        self.nextHopByHop = configuration.hopByHopStart
        self.nextEndToEnd = configuration.endToEndStart
    }

    public mutating func handle(_ event: Event, now: NIODeadline) -> [Action] {
        var out = [Action]()
        switch event {
        case .start:
            started = true
            administrativelyDown = false
            if configuration.initiatesConnection, state == .closed { beginConnecting(now: now, into: &out) }
        case .connected(let local):
            guard state == .connecting else { return [.close] }
            localAddress = local
            out.append(.send(capabilitiesRequest()))
            transition(to: .waitCEA, reason: "connected, CER sent", now: now, into: &out)
            stateDeadline = now + configuration.capabilitiesExchangeTimeout
        case .connectFailed(let timedOut, let reason):
            guard state == .connecting else { return [] }
            goClosed(now: now, reason: timedOut ? "connection timeout" : reason, failure: true, notify: false, into: &out)
        case .accepted(let local):
            guard state == .closed else { return [.close] }
            localAddress = local
            transition(to: .waitCER, reason: "connection accepted", now: now, into: &out)
            stateDeadline = now + configuration.capabilitiesExchangeTimeout
        case .received(let message):
            receive(message, now: now, into: &out)
        case .transportClosed:
            switch state {
            case .closed, .connecting: break
            case .closing: goClosed(now: now, reason: "disconnected", failure: false, notify: true, into: &out)
            default: goClosed(now: now, reason: "connection closed by peer", failure: true, notify: true, into: &out)
            }
        case .tick:
            tick(now: now, into: &out)
        case .shutdown:
            administrativelyDown = true
            reconnectAt = nil
            switch state {
            case .open, .suspect, .reopen:
                out.append(.send(disconnectRequest(cause: 0)))  // REBOOTING
                out.append(.unavailable(reason: "shutting down"))
                transition(to: .closing, reason: "shutdown, DPR sent", now: now, into: &out)
                stateDeadline = now + configuration.disconnectTimeout
            case .connecting, .waitCEA, .waitCER:
                out.append(.close)
                goClosed(now: now, reason: "shutdown", failure: false, notify: true, into: &out)
            case .closed, .closing:
                break
            }
        }
        return out
    }

    // MARK: Received messages

    private mutating func receive(_ m: DiameterMessage, now: NIODeadline, into out: inout [Action]) {
        switch (m.command, m.isRequest) {
        case (.capabilitiesExchange, true): receiveCER(m, now: now, into: &out)
        case (.capabilitiesExchange, false): receiveCEA(m, now: now, into: &out)
        case (.deviceWatchdog, true):
            guard state.isUp else { return }
            out.append(.send(m.answer(resultCode: .success, avps: baseAnswerAVPs())))
            noteReceipt(now: now, goodDWA: false, into: &out)
        case (.deviceWatchdog, false):
            guard state.isUp else { return }
            dwrPending = false
            noteReceipt(now: now, goodDWA: m.resultCode == DiameterResultCode.success.rawValue, into: &out)
        case (.disconnectPeer, true):
            guard state.isUp || state == .waitCEA else { return }
            out.append(.send(m.answer(resultCode: .success, avps: [.originHost(configuration.identity.originHost),
                                                                  .originRealm(configuration.identity.originRealm)])))
            out.append(.close)
            // DO_NOT_WANT_TO_TALK_TO_YOU (2): stay away as long as the backoff allows.
            let cause = try? m.first(code: DiameterAVPCode.disconnectCause)?.enumerated()
            let delay = cause == 2 ? configuration.backoffMax : nil
            goClosed(now: now, reason: "DPR received (cause \(cause.map { String($0) } ?? "none"))", failure: false,
                     notify: true, reconnectDelay: delay, into: &out)
        case (.disconnectPeer, false):
            guard state == .closing else { return }
            out.append(.close)
            goClosed(now: now, reason: "DPA received", failure: false, notify: true, into: &out)
        default:
            guard state.isUp else { return }  // Nothing but CER/CEA before the exchange (RFC 6733 5.3).
            noteReceipt(now: now, goodDWA: false, into: &out)
            out.append(.deliver(m))
        }
    }

    private mutating func receiveCER(_ cer: DiameterMessage, now: NIODeadline, into out: inout [Action]) {
        guard state == .waitCER else { return }
        do throws(DiameterError) {
            _ = try cer.require(code: DiameterAVPCode.originHost)
            _ = try cer.require(code: DiameterAVPCode.originRealm)
        } catch {
            out.append(.send(cer.answer(error: error, avps: capabilityAVPs())))
            out.append(.close)
            goClosed(now: now, reason: "invalid CER (\(error.resultCode))", failure: false, notify: false, into: &out)
            return
        }
        let caps = PeerCapabilities(message: cer)
        guard hasCommonApplication(caps.applications) else {
            out.append(.send(cer.answer(resultCode: .noCommonApplication,
                                        avps: capabilityAVPs() + [.errorMessage("no common application")])))
            out.append(.close)
            goClosed(now: now, reason: "no common application (DIAMETER_NO_COMMON_APPLICATION 5010)", failure: false,
                     notify: false, into: &out)
            return
        }
        out.append(.send(cer.answer(resultCode: .success, avps: capabilityAVPs())))
        enterUp(caps, now: now, into: &out)
    }

    private mutating func receiveCEA(_ cea: DiameterMessage, now: NIODeadline, into out: inout [Action]) {
        guard state == .waitCEA else { return }
        let result = cea.resultCode ?? 0
        guard result == DiameterResultCode.success.rawValue else {
            out.append(.close)
            goClosed(now: now, reason: "CEA Result-Code \(result)", failure: true, notify: false, into: &out)
            return
        }
        let caps = PeerCapabilities(message: cea)
        guard hasCommonApplication(caps.applications) else {
            out.append(.close)
            goClosed(now: now, reason: "no common application (DIAMETER_NO_COMMON_APPLICATION 5010)", failure: true,
                     notify: false, into: &out)
            return
        }
        enterUp(caps, now: now, into: &out)
    }

    /// RFC 3539: any message resets the watchdog when OKAY; a suspect peer that speaks again is back;
    /// REOPEN counts answered DWRs only.
    private mutating func noteReceipt(now: NIODeadline, goodDWA: Bool, into out: inout [Action]) {
        switch state {
        case .open:
            watchdogDeadline = now + watchdogInterval()
        case .suspect:
            dwrPending = false
            transition(to: .open, reason: "peer answered again", now: now, into: &out)
            watchdogDeadline = now + watchdogInterval()
            if let caps = peerCapabilities { out.append(.opened(caps)) }
        case .reopen(let answered):
            guard goodDWA else { return }
            if answered + 1 >= 3 {
                transition(to: .open, reason: "3 DWA received after reconnection", now: now, into: &out)
                watchdogDeadline = now + watchdogInterval()
                if let caps = peerCapabilities { out.append(.opened(caps)) }
            } else {
                state = .reopen(answered: answered + 1)
            }
        default:
            break
        }
    }

    // MARK: Timers

    private mutating func tick(now: NIODeadline, into out: inout [Action]) {
        switch state {
        case .closed:
            if configuration.initiatesConnection, started, !administrativelyDown, let at = reconnectAt, at <= now {
                beginConnecting(now: now, into: &out)
            }
        case .connecting:
            break
        case .waitCEA, .waitCER:
            if let d = stateDeadline, d <= now {
                out.append(.close)
                goClosed(now: now, reason: "capabilities exchange timed out", failure: true, notify: false, into: &out)
            }
        case .open:
            guard let d = watchdogDeadline, d <= now else { return }
            if dwrPending {
                transition(to: .suspect, reason: "no DWA within Tw", now: now, into: &out)
                out.append(.unavailable(reason: "watchdog: peer suspect"))
            } else {
                sendWatchdog(into: &out)
            }
            watchdogDeadline = now + watchdogInterval()
        case .suspect:
            guard let d = watchdogDeadline, d <= now else { return }
            out.append(.close)
            goClosed(now: now, reason: "no DWA within 2 Tw", failure: true, notify: true, into: &out)
        case .reopen:
            guard let d = watchdogDeadline, d <= now else { return }
            if dwrPending {
                out.append(.close)
                goClosed(now: now, reason: "no DWA while reopening", failure: true, notify: true, into: &out)
            } else {
                sendWatchdog(into: &out)
                watchdogDeadline = now + watchdogInterval()
            }
        case .closing:
            if let d = stateDeadline, d <= now {
                out.append(.close)
                goClosed(now: now, reason: "no DPA, closed", failure: false, notify: true, into: &out)
            }
        }
    }

    // MARK: Transitions

    private mutating func beginConnecting(now: NIODeadline, into out: inout [Action]) {
        reconnectAt = nil
        transition(to: .connecting, reason: "connecting", now: now, into: &out)
        out.append(.connect)
    }

    private mutating func enterUp(_ caps: PeerCapabilities, now: NIODeadline, into out: inout [Action]) {
        peerCapabilities = caps
        stateDeadline = nil
        currentBackoff = configuration.backoffInitial
        if reopenNeeded {
            transition(to: .reopen(answered: 0), reason: "capabilities exchanged after a failure", now: now, into: &out)
            sendWatchdog(into: &out)
        } else {
            dwrPending = false
            transition(to: .open, reason: "capabilities exchanged", now: now, into: &out)
            out.append(.opened(caps))
        }
        watchdogDeadline = now + watchdogInterval()
    }

    /// `failure`: the next connection goes through REOPEN (RFC 3539 DOWN) and the backoff grows.
    private mutating func goClosed(now: NIODeadline, reason: String, failure: Bool, notify: Bool,
                                   reconnectDelay: TimeAmount? = nil, into out: inout [Action]) {
        if failure && state.isUp { reopenNeeded = true }
        if !failure && state.isUp { reopenNeeded = false }
        transition(to: .closed, reason: reason, now: now, into: &out)
        dwrPending = false
        watchdogDeadline = nil
        stateDeadline = nil
        localAddress = nil
        if notify { out.append(.connectionLost(reason: reason)) }
        if configuration.initiatesConnection, started, !administrativelyDown {
            let delay = reconnectDelay ?? nextBackoff()
            let at = now + delay
            reconnectAt = at
            out.append(.reconnectScheduled(at: at))
        } else {
            reconnectAt = nil
        }
    }

    private mutating func transition(to new: State, reason: String, now: NIODeadline, into out: inout [Action]) {
        let old = state
        state = new
        guard old.name != new.name else { return }
        out.append(.stateChanged(from: old, to: new, reason: reason))
    }

    private mutating func nextBackoff() -> TimeAmount {
        let d = currentBackoff
        currentBackoff = min(currentBackoff * 2, configuration.backoffMax)
        return d
    }

    /// Tw: the configured interval (at least the minimum) plus jitter, never below the minimum.
    private mutating func watchdogInterval() -> TimeAmount {
        let base = max(configuration.watchdogInterval, configuration.minimumWatchdogInterval)
        let offset = jitter.offset(limit: configuration.watchdogJitter.nanoseconds)
        return max(configuration.minimumWatchdogInterval, base + .nanoseconds(offset))
    }

    private func hasCommonApplication(_ theirs: [UInt32]) -> Bool {
        let ours = configuration.identity.authApplications.map(\.rawValue)
        if ours.isEmpty { return true }
        let relay = DiameterApplication.relay.rawValue
        if theirs.contains(relay) || ours.contains(relay) { return !theirs.isEmpty }
        return ours.contains { theirs.contains($0) }
    }

    // MARK: Base messages

    private mutating func sendWatchdog(into out: inout [Action]) {
        dwrPending = true
        out.append(.send(request(.deviceWatchdog, avps: baseAnswerAVPs())))
    }

    private mutating func capabilitiesRequest() -> DiameterMessage {
        request(.capabilitiesExchange, avps: capabilityAVPs())
    }

    private mutating func disconnectRequest(cause: Int32) -> DiameterMessage {
        request(.disconnectPeer, avps: [.originHost(configuration.identity.originHost),
                                        .originRealm(configuration.identity.originRealm), .disconnectCause(cause)])
    }

    private mutating func request(_ command: DiameterCommand, avps: [DiameterAVP]) -> DiameterMessage {
        let hbh = nextHopByHop
        let e2e = nextEndToEnd
        nextHopByHop &+= 1
        nextEndToEnd &+= 1
        return .request(command: command, application: .common, hopByHop: hbh, endToEnd: e2e, proxiable: false,
                        avps: avps)
    }

    private func baseAnswerAVPs() -> [DiameterAVP] {
        [.originHost(configuration.identity.originHost), .originRealm(configuration.identity.originRealm),
         .originStateId(configuration.identity.originStateID)]
    }

    private func capabilityAVPs() -> [DiameterAVP] {
        var addresses = configuration.hostAddresses
        if addresses.isEmpty, let localAddress { addresses = [localAddress] }
        return configuration.identity.capabilityAVPs(hostAddresses: addresses)
    }
}
