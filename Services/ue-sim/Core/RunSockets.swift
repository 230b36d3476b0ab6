import NIOCore

/// The sockets of one load run: authentication sockets, accounting sockets (one per authentication
/// socket, like one AP per 128 stations) and the one DAE listener, so a failed start closes them all.
struct RunSockets {
    var clients: [APClient] = []
    var accountingClients: [APClient] = []
    var book: SessionBook?
    var dae: DAEServer?

    mutating func startAccounting(_ accounting: AccountingSettings, configuration: LoadConfiguration, count: Int,
                                  group: any EventLoopGroup, log: @escaping @Sendable (String) -> Void) async throws {
        for index in 0..<count {
            let client = APClient(
                server: accounting.server, secret: configuration.secret, policy: accounting.retransmission,
                firstIdentifier: UInt8(truncatingIfNeeded: index &* 67), bindHost: configuration.bindHost,
                requireMessageAuthenticator: false, group: group)
            accountingClients.append(client)
            try await client.start()
        }
        let book = SessionBook(responder: DisconnectResponder(
            secret: configuration.secret, nasIPAddress: configuration.accessPoint.nasIPAddress,
            nasIdentifier: configuration.accessPoint.nasIdentifier))
        self.book = book
        if let (host, port) = accounting.dynamicAuthorization {
            let server = DAEServer(book: book, host: host, port: port, group: group, log: log)
            dae = server
            try await server.start()
            let bound = server.localAddress.map(DAEServer.describe) ?? "\(host):\(port)"
            log("Disconnect-Request listener on \(bound)")
        }
    }

    func shutdown() async {
        for client in clients + accountingClients { await client.shutdown() }
        await dae?.shutdown()
    }
}
