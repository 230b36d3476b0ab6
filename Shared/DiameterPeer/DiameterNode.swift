import Diameter
import Logging
import NIOCore
import NIOSSL

/// A Diameter node: owns its peer connections (initiated or accepted), answers CER/DWR/DPR itself, routes
/// application requests to open peers and hands incoming application requests to `requestHandler`.
///
/// All connections of a node run on one event loop taken from `group`, which keeps the state single-threaded.
public final class DiameterNode: Sendable {
    let core: DiameterNodeCore
    private let peerSettings: [DiameterPeerSettings]

    public convenience init(identity: DiameterLocalIdentity, peers: [DiameterPeerSettings],
                            listen: (host: String, port: Int)?, acceptUnknownPeers: Bool = false,
                            group: any EventLoopGroup, logger: Logger,
                            requestHandler: (@Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage?)? = nil) {
        self.init(identity: identity, peers: peers, listen: listen, acceptUnknownPeers: acceptUnknownPeers,
                  options: DiameterNodeOptions(), group: group, logger: logger, requestHandler: requestHandler)
    }

    public init(identity: DiameterLocalIdentity, peers: [DiameterPeerSettings], listen: (host: String, port: Int)?,
                acceptUnknownPeers: Bool = false, options: DiameterNodeOptions, group: any EventLoopGroup,
                logger: Logger,
                requestHandler: (@Sendable (DiameterMessage, DiameterPeerStatus) async -> DiameterMessage?)? = nil) {
        self.peerSettings = peers
        self.core = DiameterNodeCore(identity: identity, peers: peers, listen: listen,
                                     acceptUnknownPeers: acceptUnknownPeers, options: options, loop: group.next(),
                                     logger: logger, requestHandler: requestHandler)
    }

    /// Checks transports and TLS files, binds the listener, then starts connecting to initiator peers.
    /// Connection failures are not errors here: the node keeps retrying with backoff.
    public func start() async throws {
        var seen = Set<String>()
        for p in peerSettings {
            guard seen.insert(p.host.lowercased()).inserted else {
                throw DiameterNodeError.invalidConfiguration("Diameter peer \(p.host) is configured twice")
            }
            if p.transport == .sctp { try DiameterSCTP.checkSupport() }
        }
        var contexts: [String: NIOSSLContext] = [:]
        for p in peerSettings {
            if let tls = p.tls { contexts[p.host.lowercased()] = try DiameterTLS.clientContext(tls) }
        }
        let listenerTLS = try core.options.listenerTLS.map { s throws(DiameterNodeError) in
            try DiameterTLS.serverContext(s)
        }
        let core = self.core
        let tlsContexts = contexts
        try await core.loop.submit {
            core.listenerTLS = listenerTLS
            for (key, ctx) in tlsContexts { core.peers[key]?.tlsContext = ctx }
        }.get()
        if let listen = core.listenAddress {
            do {
                let channel = try await core.bindListener(host: listen.host, port: listen.port).get()
                core.boundPort.withLockedValue { $0 = channel.localAddress?.port }
                try await core.loop.submit { core.listener = channel }.get()
                core.logger.info("Diameter listening", metadata: [
                    "ip": "\(listen.host)", "port": "\(channel.localAddress?.port ?? listen.port)",
                    "tls": "\(listenerTLS != nil)",
                ])
            } catch {
                throw DiameterNodeError.listenFailed("Diameter listener \(listen.host):\(listen.port): \(error)")
            }
        }
        try await core.loop.submit { core.startOnLoop() }.get()
    }

    /// Picks an open peer (lowest priority value, round robin among equals, Destination-Host honoured),
    /// assigns Hop-by-Hop/End-to-End ids (callers pass 0), waits for the answer with the peer's timeout;
    /// on timeout or connection loss re-sends once to another open peer with the T flag (after a timeout
    /// with no other peer open: once to the same peer).
    public func send(_ request: DiameterMessage) async throws(DiameterRequestError) -> DiameterMessage {
        let core = self.core
        let result: Result<DiameterMessage, DiameterRequestError> = await withCheckedContinuation { continuation in
            core.loop.execute { core.submit(request, continuation) }
        }
        return try result.get()
    }

    /// Snapshot of every peer, for the status page and health checks.
    public func peerStatus() -> [DiameterPeerStatus] {
        core.statusSnapshot.withLockedValue { Array($0.values) }.sorted {
            ($0.priority, $0.host) < ($1.priority, $1.host)
        }
    }

    /// The listener's port (useful with port 0); nil before `start` or without a listener.
    public var listeningPort: Int? { core.boundPort.withLockedValue { $0 } }

    /// Fails pending requests with `shuttingDown`, sends DPR (REBOOTING) to open peers, waits for their DPA
    /// (bounded by `disconnectTimeout`), then closes every connection and the listener.
    public func shutdown() async {
        let core = self.core
        let promise = core.loop.makePromise(of: Void.self)
        core.loop.execute { core.beginShutdown(promise) }
        try? await promise.futureResult.get()
    }
}
