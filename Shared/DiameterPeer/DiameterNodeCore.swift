import Diameter
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// One configured or accepted peer and its connection bookkeeping.
final class DiameterPeerEntry {
    let key: String
    var settings: DiameterPeerSettings
    var machine: DiameterPeerStateMachine
    /// Accepted from an unconfigured host (`acceptUnknownPeers`); forgotten once closed.
    let isDynamic: Bool
    var connectionID: UInt64?
    /// Identifies the outstanding connect so a late completion of an abandoned attempt is ignored.
    var connectAttempt: UInt64 = 0
    var initiatedLocally: Bool
    var since = Date()
    /// Last Device-Watchdog-Answer from the peer (the dashboard's "last watchdog").
    var lastWatchdogAnswer: Date?
    var inFlight = 0
    var queue = CircularBuffer<UInt64>()
    var tlsContext: NIOSSLContext?

    init(settings: DiameterPeerSettings, machine: DiameterPeerStateMachine, isDynamic: Bool) {
        self.key = settings.host.lowercased()
        self.settings = settings
        self.machine = machine
        self.isDynamic = isDynamic
        self.initiatedLocally = settings.initiateConnection
    }
}

/// A transport connection, bound to a peer once the CER/CEA names it.
struct DiameterConnection {
    var channel: any Channel
    var peerKey: String?
    /// The other side; an unknown peer's address is taken from here.
    var remoteAddress: SocketAddress?
    /// Accepted connections must send their CER before this.
    var cerDeadline: NIODeadline?
    var lastWrite: EventLoopFuture<Void>?

    /// "ip:port", for logs before the peer is known.
    var remote: String {
        remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
    }
}

/// A request waiting for its answer (sent) or for a slot under `maxInFlight` (queued).
struct DiameterOutstandingRequest {
    var request: DiameterMessage
    var continuation: CheckedContinuation<Result<DiameterMessage, DiameterRequestError>, Never>
    var deadline: NIODeadline
    var peerKey: String?
    var connectionID: UInt64?
    var queued = false
    var sent = false
    var retransmitted = false
    var tried: Set<String> = []
    /// When the caller submitted it: the request's latency includes queueing and any retry.
    var submitted = ContinuousClock.now
}

struct DiameterHopKey: Hashable {
    var connection: UInt64
    var hopByHop: UInt32
}

/// The node's engine. Every mutable field is confined to `loop`: all channels of the node are created on
/// that loop, so handlers call in directly and public entry points hop there with `execute`.
final class DiameterNodeCore: @unchecked Sendable {
    let loop: any EventLoop
    let identity: DiameterLocalIdentity
    let hostAddresses: [DiameterAddress]
    let options: DiameterNodeOptions
    let acceptUnknownPeers: Bool
    let logger: Logger
    let requestHandler: (@Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage?)?
    let listenAddress: (host: String, port: Int)?
    /// Readable from any thread: `peerStatus()` is synchronous.
    let statusSnapshot = NIOLockedValueBox<[String: DiameterPeerStatus]>([:])
    let boundPort = NIOLockedValueBox<Int?>(nil)

    var peers: [String: DiameterPeerEntry] = [:]
    var connections: [UInt64: DiameterConnection] = [:]
    var nextConnectionID: UInt64 = 1
    var outstanding: [UInt64: DiameterOutstandingRequest] = [:]
    var byHop: [DiameterHopKey: UInt64] = [:]
    var nextRequestID: UInt64 = 1
    var selector = DiameterPeerSelector()
    let metrics = DiameterMetrics()
    let hopByHop = DiameterHopByHopGenerator()
    let endToEnd = DiameterEndToEndGenerator()
    var listener: (any Channel)?
    var listenerTLS: NIOSSLContext?
    var tickTask: RepeatedTask?
    var started = false
    var shuttingDown = false
    var shutdownPromise: EventLoopPromise<Void>?

    init(identity: DiameterLocalIdentity, peers: [DiameterPeerSettings], listen: (host: String, port: Int)?,
         acceptUnknownPeers: Bool, options: DiameterNodeOptions, loop: any EventLoop, logger: Logger,
         requestHandler: (@Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage?)?) {
        self.loop = loop
        self.identity = identity
        self.hostAddresses = identity.hostIPAddresses.compactMap { DiameterAddress(ipText: $0) }
        self.options = options
        self.acceptUnknownPeers = acceptUnknownPeers
        self.logger = logger
        self.requestHandler = requestHandler
        self.listenAddress = listen
        for s in peers {
            let entry = DiameterPeerEntry(settings: s, machine: DiameterPeerStateMachine(
                configuration: machineConfiguration(s)), isDynamic: false)
            self.peers[entry.key] = entry
            publishStatus(entry)
        }
    }

    func machineConfiguration(_ s: DiameterPeerSettings) -> DiameterPeerStateMachine.Configuration {
        var c = DiameterPeerStateMachine.Configuration(
            identity: identity, hostAddresses: hostAddresses, initiatesConnection: s.initiateConnection,
            watchdogInterval: TimeAmount(s.watchdogInterval))
        c.minimumWatchdogInterval = TimeAmount(options.minimumWatchdogInterval)
        c.watchdogJitter = TimeAmount(options.watchdogJitter)
        c.capabilitiesExchangeTimeout = TimeAmount(options.capabilitiesExchangeTimeout)
        c.disconnectTimeout = TimeAmount(options.disconnectTimeout)
        c.backoffInitial = TimeAmount(s.reconnectBackoff.initial)
        c.backoffMax = TimeAmount(max(s.reconnectBackoff.max, s.reconnectBackoff.initial))
        c.jitterSeed = options.jitterSeed.map { $0 &+ UInt64(truncatingIfNeeded: s.host.utf8.count) }
            ?? UInt64.random(in: .min ... .max)
        c.hopByHopStart = UInt32.random(in: .min ... .max)
        c.endToEndStart = endToEnd.next()
        return c
    }

    // MARK: Life cycle (on the loop)

    func startOnLoop() {
        started = true
        let tick = TimeAmount(options.tickInterval)
        tickTask = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [self] _ in self.tick() }
        for entry in Array(peers.values) { feed(entry, .start) }
    }

    func tick() {
        let now = NIODeadline.now()
        for entry in Array(peers.values) { feed(entry, .tick, now: now) }
        expireRequests(now: now)
        for (id, c) in connections where c.peerKey == nil {
            if let d = c.cerDeadline, d <= now {
                logger.warning("Diameter connection closed: no CER received", metadata: ["remote": "\(c.remote)"])
                closeConnection(id)
            }
        }
        checkShutdownComplete()
    }

    func beginShutdown(_ promise: EventLoopPromise<Void>) {
        shuttingDown = true
        shutdownPromise = promise
        failAllRequests(.shuttingDown)
        for entry in Array(peers.values) { feed(entry, .shutdown) }
        if !started { finishShutdown() } else { checkShutdownComplete() }
    }

    func checkShutdownComplete() {
        guard shuttingDown, shutdownPromise != nil else { return }
        guard peers.values.allSatisfy({ $0.machine.state == .closed }) else { return }
        finishShutdown()
    }

    private func finishShutdown() {
        tickTask?.cancel()
        tickTask = nil
        listener?.close(promise: nil)
        listener = nil
        for id in Array(connections.keys) { closeConnection(id) }
        let p = shutdownPromise
        shutdownPromise = nil
        p?.succeed(())
    }

    // MARK: Driving the state machines

    func feed(_ entry: DiameterPeerEntry, _ event: DiameterPeerStateMachine.Event, now: NIODeadline = .now()) {
        let actions = entry.machine.handle(event, now: now)
        for action in actions { perform(action, entry: entry) }
        if entry.isDynamic, entry.machine.state == .closed, entry.connectionID == nil, peers[entry.key] === entry {
            peers.removeValue(forKey: entry.key)
            statusSnapshot.withLockedValue { _ = $0.removeValue(forKey: entry.key) }
            metrics.peerState(entry.settings.host, open: false)
        }
    }

    private func perform(_ action: DiameterPeerStateMachine.Action, entry: DiameterPeerEntry) {
        switch action {
        case .connect:
            connect(entry)
        case .send(let message):
            if let id = entry.connectionID { write(message, connection: id) }
        case .close:
            if let id = entry.connectionID {
                entry.connectionID = nil
                closeConnection(id)
            }
        case .stateChanged(let from, let to, let reason):
            entry.since = Date()
            var meta = peerMetadata(entry)
            meta["reason"] = "\(reason)"
            logger.info("Diameter peer \(entry.settings.host) \(from.name) -> \(to.name)", metadata: meta)
            metrics.peerState(entry.settings.host, open: to == .open)
            publishStatus(entry)
        case .opened(let caps):
            if let announced = caps.originHost, announced.lowercased() != entry.key {
                var meta = peerMetadata(entry)
                meta["origin_host"] = "\(announced)"
                logger.warning("Diameter peer announced a different Origin-Host than configured", metadata: meta)
            }
            publishStatus(entry)
            drainQueue(entry)
        case .unavailable(let reason), .connectionLost(let reason):
            failOver(peer: entry, reason: reason)
        case .deliver(let message):
            if message.isRequest {
                handleIncomingRequest(message, from: entry)
            } else if let id = entry.connectionID {
                answerReceived(message, connection: id)
            }
        case .reconnectScheduled(let at):
            let ms = max(0, (at - .now()).nanoseconds / 1_000_000)
            logger.debug("Diameter peer reconnect in \(ms) ms", metadata: peerMetadata(entry))
        }
    }

    func peerMetadata(_ entry: DiameterPeerEntry) -> Logger.Metadata {
        ["peer_host": "\(entry.settings.host)", "peer_ip": "\(entry.settings.address)",
         "peer_port": "\(entry.settings.port)", "transport": "\(entry.settings.transport.rawValue)"]
    }

    func publishStatus(_ entry: DiameterPeerEntry) {
        let s = status(of: entry)
        statusSnapshot.withLockedValue { $0[entry.key] = s }
    }

    func status(of entry: DiameterPeerEntry) -> DiameterPeerStatus {
        let caps = entry.machine.peerCapabilities
        return DiameterPeerStatus(
            host: entry.settings.host, realm: entry.settings.realm, address: entry.settings.address,
            port: entry.settings.port, transport: entry.settings.transport, tls: entry.settings.tls != nil,
            state: entry.machine.state.name, initiatedLocally: entry.initiatedLocally, priority: entry.settings.priority,
            productName: caps?.productName, advertisedApplications: caps?.applications ?? [],
            announcedHost: caps?.originHost, since: entry.since, lastWatchdogAnswer: entry.lastWatchdogAnswer)
    }
}
