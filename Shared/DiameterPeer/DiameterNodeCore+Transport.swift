import Foundation
import Diameter
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sockets: connecting, accepting, the pipeline, writing and closing.
extension DiameterNodeCore {
    func allocateConnectionID() -> UInt64 {
        let id = nextConnectionID
        nextConnectionID &+= 1
        return id
    }

    /// TLS (when set), framing, then the handler that calls back into this core.
    func initializeChannel(_ channel: any Channel, connectionID: UInt64, clientTLS: NIOSSLContext?, serverName: String?,
                           serverTLS: NIOSSLContext?) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            let ops = channel.pipeline.syncOperations
            if let clientTLS {
                try ops.addHandler(NIOSSLClientHandler(context: clientTLS, serverHostname: serverName))
            } else if let serverTLS {
                try ops.addHandler(NIOSSLServerHandler(context: serverTLS))
            }
            try ops.addHandler(ByteToMessageHandler(DiameterFrameDecoder()))
            try ops.addHandler(DiameterChannelHandler(core: self, connectionID: connectionID))
        }
    }

    // MARK: Initiating

    func connect(_ entry: DiameterPeerEntry) {
        entry.connectAttempt &+= 1
        let attempt = entry.connectAttempt
        let key = entry.key
        let s = entry.settings
        let connectionID = allocateConnectionID()
        let tls = entry.tlsContext
        let name = (s.tls?.serverName ?? s.host)
        let sni: String? = DiameterAddress(ipText: name) == nil ? name : nil
        let loop = self.loop
        let connectTimeout = TimeAmount(options.connectTimeout)
        let bootstrap: @Sendable () -> ClientBootstrap = { [self] in
            ClientBootstrap(group: loop)
                .connectTimeout(connectTimeout)
                .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { [self] channel in
                    self.initializeChannel(channel, connectionID: connectionID, clientTLS: tls, serverName: sni,
                                           serverTLS: nil)
                }
        }
        let future: EventLoopFuture<any Channel>
        switch s.transport {
        case .tcp:
            future = bootstrap().connect(host: s.address, port: s.port)
        case .sctp:
            let timeout = max(1, Int(options.connectTimeout.components.seconds))
            future = NIOThreadPool.singleton.runIfActive(eventLoop: loop) {
                try DiameterSCTP.connectedSocket(address: s.address, port: s.port, timeoutSeconds: timeout)
            }.flatMap { fd in bootstrap().withConnectedSocket(fd) }
        }
        future.hop(to: loop).whenComplete { [self] result in
            self.connectCompleted(key: key, attempt: attempt, connectionID: connectionID, result: result)
        }
    }

    private func connectCompleted(key: String, attempt: UInt64, connectionID: UInt64,
                                  result: Result<any Channel, any Error>) {
        guard let entry = peers[key], entry.connectAttempt == attempt, entry.machine.state == .connecting else {
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let channel):
            connections[connectionID] = DiameterConnection(
                channel: channel, peerKey: key, remoteAddress: channel.remoteAddress)
            entry.connectionID = connectionID
            entry.initiatedLocally = true
            guard channel.isActive else {
                connectionClosed(connectionID)
                return
            }
            feed(entry, .connected(localAddress: DiameterAddress(socketAddress: channel.localAddress)))
        case .failure(let error):
            var timedOut = false
            if case ChannelError.connectTimeout = error { timedOut = true }
            if timedOut {
                logger.warning("Diameter peer connection timeout", metadata: peerMetadata(entry))
            } else {
                var meta = peerMetadata(entry)
                meta["error"] = "\(error)"
                logger.warning("Diameter peer connection failed", metadata: meta)
            }
            feed(entry, .connectFailed(timedOut: timedOut, reason: "\(error)"))
        }
    }

    // MARK: Accepting

    func bindListener(host: String, port: Int) -> EventLoopFuture<any Channel> {
        let tls = listenerTLS
        return ServerBootstrap(group: loop, childGroup: loop)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                let id = self.connectionAccepted(channel)
                return self.initializeChannel(channel, connectionID: id, clientTLS: nil, serverName: nil,
                                              serverTLS: tls)
            }
            .bind(host: host, port: port)
    }

    private func connectionAccepted(_ channel: any Channel) -> UInt64 {
        let id = allocateConnectionID()
        if shuttingDown {
            channel.close(promise: nil)
            return id
        }
        let conn = DiameterConnection(
            channel: channel, peerKey: nil, remoteAddress: channel.remoteAddress,
            cerDeadline: .now() + TimeAmount(options.capabilitiesExchangeTimeout))
        connections[id] = conn
        logger.debug("Diameter connection accepted", metadata: ["remote": "\(conn.remote)"])
        return id
    }

    /// First message of an accepted connection: a CER naming a known (or acceptable) peer. Only what finds
    /// the peer is checked here; the peer's state machine validates the rest of the CER.
    private func bindIncoming(_ cer: DiameterMessage, connection id: UInt64) {
        guard let conn = connections[id] else { return }
        let base: [DiameterAVP] = [.originHost(identity.originHost), .originRealm(identity.originRealm)]
        guard cer.isRequest, cer.command == .capabilitiesExchange else {
            logger.warning("Diameter connection closed: first message is not a CER",
                           metadata: ["remote": "\(conn.remote)", "command": "\(cer.commandCode)"])
            closeConnection(id)
            return
        }
        let host: String
        do throws(DiameterError) {
            host = try cer.require(code: DiameterAVPCode.originHost).utf8String()
        } catch {
            // No Origin-Host, no peer to hand the CER to.
            write(cer.answer(error: error, avps: base), connection: id)
            closeConnection(id)
            return
        }
        let key = host.lowercased()
        let entry: DiameterPeerEntry
        if let known = peers[key] {
            guard known.machine.state == .closed, known.connectionID == nil else {
                logger.warning("Diameter peer \(host) already connected: refusing the newer connection",
                               metadata: ["remote": "\(conn.remote)", "state": "\(known.machine.state.name)"])
                write(cer.answer(resultCode: .unableToComply,
                                 avps: base + [.errorMessage("a connection with this peer already exists")]),
                      connection: id)
                closeConnection(id)
                return
            }
            entry = known
        } else if acceptUnknownPeers, !shuttingDown {
            var s = options.unknownPeerDefaults
            s.host = host
            s.realm = cer.originRealm ?? ""
            s.initiateConnection = false
            s.address = conn.remoteAddress?.ipAddress ?? ""
            s.port = conn.remoteAddress?.port ?? 0
            entry = DiameterPeerEntry(settings: s, machine: DiameterPeerStateMachine(
                configuration: machineConfiguration(s)), isDynamic: true)
            peers[key] = entry
        } else {
            logger.warning("Diameter CER from unknown peer \(host) refused (DIAMETER_UNKNOWN_PEER)",
                           metadata: ["remote": "\(conn.remote)"])
            write(cer.answer(resultCode: .unknownPeer, avps: base), connection: id)
            closeConnection(id)
            return
        }
        connections[id]?.peerKey = key
        connections[id]?.cerDeadline = nil
        entry.connectionID = id
        entry.initiatedLocally = false
        entry.connectAttempt &+= 1  // a connect in flight towards this peer is now stale
        feed(entry, .accepted(localAddress: DiameterAddress(socketAddress: conn.channel.localAddress)))
        feed(entry, .received(cer))
    }

    // MARK: Inbound

    func inbound(_ item: DiameterInbound, connection id: UInt64) {
        guard let conn = connections[id] else { return }
        let entry = conn.peerKey.flatMap { peers[$0] }
        let peerName = entry?.settings.host ?? conn.remote
        switch item {
        case .message(let m):
            metrics.count(m, direction: .inbound)
            options.messageObserver?(DiameterMessageEvent(direction: .inbound, peer: peerName, message: m))
            if let entry, entry.connectionID == id {
                if !m.isRequest, m.commandCode == DiameterCommand.deviceWatchdog.rawValue {
                    entry.lastWatchdogAnswer = Date()
                    publishStatus(entry)
                }
                feed(entry, .received(m))
            } else if conn.peerKey == nil {
                bindIncoming(m, connection: id)
            } else {
                closeConnection(id)  // A connection its peer no longer owns.
            }
        case .malformed(let header, let error):
            metrics.decodeError(peerName)
            logger.warning("Diameter message decode failed",
                           metadata: ["peer": "\(peerName)", "error": "\(error)", "result_code": "\(error.resultCode)"])
            guard let header else {
                closeConnection(id)
                return
            }
            if header.flags.contains(.request) {
                let shell = DiameterMessage(flags: header.flags, commandCode: header.commandCode,
                                            applicationID: header.applicationID, hopByHopID: header.hopByHopID,
                                            endToEndID: header.endToEndID)
                write(shell.answer(error: error, avps: [.originHost(identity.originHost),
                                                        .originRealm(identity.originRealm)]), connection: id)
            } else if let requestID = byHop[DiameterHopKey(connection: id, hopByHop: header.hopByHopID)] {
                finish(requestID, .failure(.invalidAnswer("\(error)")))
            }
        }
    }

    func connectionClosed(_ id: UInt64) {
        guard let conn = connections.removeValue(forKey: id) else { return }
        guard let key = conn.peerKey, let entry = peers[key], entry.connectionID == id else { return }
        entry.connectionID = nil
        feed(entry, .transportClosed)
        checkShutdownComplete()
    }

    func connectionError(_ error: any Error, connection id: UInt64) {
        guard let conn = connections[id] else { return }
        let peerName = conn.peerKey.flatMap { peers[$0]?.settings.host } ?? conn.remote
        if error is DiameterError {
            metrics.decodeError(peerName)
            logger.warning("Diameter stream unusable, closing", metadata: ["peer": "\(peerName)", "error": "\(error)"])
        } else {
            logger.warning("Diameter connection error", metadata: ["peer": "\(peerName)", "error": "\(error)"])
        }
    }

    // MARK: Requests from peers (server role)

    func handleIncomingRequest(_ request: DiameterMessage, from entry: DiameterPeerEntry) {
        guard let id = entry.connectionID else { return }
        guard let handler = requestHandler else {
            write(request.answer(resultCode: .commandUnsupported, avps: [
                .originHost(identity.originHost), .originRealm(identity.originRealm)]), connection: id)
            return
        }
        let status = status(of: entry)
        Task { [self] in
            guard let answer = await handler(request, status) else { return }
            self.loop.execute { self.sendHandlerAnswer(answer, to: request, connection: id) }
        }
    }

    private func sendHandlerAnswer(_ answer: DiameterMessage, to request: DiameterMessage, connection id: UInt64) {
        guard connections[id] != nil else {
            logger.info("Diameter answer dropped: connection gone", metadata: ["e2e": "\(request.endToEndID)"])
            return
        }
        var a = answer
        a.flags.remove(.request)
        a.flags.remove(.retransmitted)
        a.hopByHopID = request.hopByHopID
        a.endToEndID = request.endToEndID
        write(a, connection: id)
    }

    // MARK: Output

    func write(_ message: DiameterMessage, connection id: UInt64) {
        guard let conn = connections[id] else { return }
        var buffer = conn.channel.allocator.buffer(capacity: message.encodedLength)
        buffer.writeBytes(message.encode())
        connections[id]?.lastWrite = conn.channel.writeAndFlush(buffer)
        metrics.count(message, direction: .outbound)
        let peerName = conn.peerKey.flatMap { peers[$0]?.settings.host } ?? conn.remote
        options.messageObserver?(DiameterMessageEvent(direction: .outbound, peer: peerName, message: message))
    }

    /// Closes once what was written is flushed (a CEA or DPA before the close).
    func closeConnection(_ id: UInt64) {
        guard let conn = connections.removeValue(forKey: id) else { return }
        let channel = conn.channel
        if let last = conn.lastWrite {
            last.whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
        if let key = conn.peerKey, let entry = peers[key], entry.connectionID == id {
            entry.connectionID = nil
            feed(entry, .transportClosed)
        }
    }
}
