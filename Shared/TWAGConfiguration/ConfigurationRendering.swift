/// The configuration written back out: as YAML text with secrets masked (start-up logs), or as a
/// document tree with secrets kept (so `validate()` re-applies the loader's rules).
enum ConfigurationRendering {
    indirect enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case secret(ConfigurationSecret)
        /// A URL whose password is a secret: kept in the tree, masked in the text.
        case url(ConfigurationSecret)
        case list([Value])
        case mapping([(String, Value?)])
    }

    static func tree(of c: TWAGConfiguration) -> Value {
        .mapping([
            ("diameter", diameter(c.diameter)),
            ("radius", radius(c.radius)),
            ("eap", eap(c.eap)),
            ("charging", charging(c.charging)),
            ("runtime_dir", .string(c.runtimeDirectory)),
            ("database_path", c.databaseURL == nil ? .string(c.databasePath) : nil),
            ("database_synchronous", .string(c.databaseSynchronous.rawValue)),
            ("database_wal_max_mib", c.databaseURL == nil ? .int(c.databaseWALMaximumMiB) : nil),
            ("database_commit_delay_us", c.databaseURL == nil ? .int(c.databaseCommitDelayMicroseconds) : nil),
            ("database_url", c.databaseURL.map(Value.url)),
            ("database_password_file", c.databasePasswordFile.map(Value.string)),
            ("database_pool_size", .int(c.databasePoolSize)),
            ("database_request_timeout_ms", .int(c.databaseRequestTimeoutMilliseconds)),
            ("store_required_for_accept", .bool(c.storeRequiredForAccept)),
            ("node_id", c.nodeID.isEmpty ? nil : .string(c.nodeID)),
            ("node_failover_s", .int(c.nodeFailoverSeconds)),
            ("accounting_retention_days", .int(c.accountingRetentionDays)),
            ("event_loop_threads", .int(c.eventLoopThreads)),
            ("ipc", .mapping([
                ("request_timeout_ms", .int(c.ipc.requestTimeoutMilliseconds)), ("max_frame_bytes", .int(c.ipc.maxFrameBytes)),
            ])),
            ("prometheus", .mapping([("port", .int(c.prometheus.port)), ("bind", .string(c.prometheus.bind))])),
            ("dashboard", .mapping([
                ("port", .int(c.dashboard.port)),
                ("bind", .string(c.dashboard.bind)),
                ("tls_cert_file", c.dashboard.tlsCertificateFile.map(Value.string)),
                ("tls_key_file", c.dashboard.tlsKeyFile.map(Value.string)),
                ("admin_user", .string(c.dashboard.adminUser)),
                ("admin_password_hash", c.dashboard.adminPasswordHash.map(Value.secret)),
                ("users", .list(c.dashboard.users.map { user in
                    .mapping([("name", .string(user.name)), ("password_hash", .secret(user.passwordHash))])
                })),
                ("idle_timeout_s", .int(c.dashboard.idleTimeoutSeconds)),
                ("max_login_failures", .int(c.dashboard.maxLoginFailures)),
            ])),
            ("api", .mapping([
                ("port", .int(c.api.port)), ("bind", .string(c.api.bind)), ("tokens", .list(c.api.tokens.map(Value.secret))),
            ])),
            ("logging", .mapping([("level", .string(c.logging.level.rawValue)), ("format", .string(c.logging.format.rawValue))])),
        ])
    }

    private static func diameter(_ d: DiameterConfiguration) -> Value {
        .mapping([
            ("listen_ip", .string(d.listenIP)),
            ("listen_port", .int(d.listenPort)),
            ("host", .string(d.host)),
            ("realm", .string(d.realm)),
            ("product_name", .string(d.productName)),
            ("request_timeout_ms", .int(d.requestTimeoutMilliseconds)),
            ("watchdog_interval_s", .int(d.watchdogIntervalSeconds)),
            ("reconnect_backoff_ms", .mapping([
                ("initial", .int(d.reconnectBackoff.initialMilliseconds)), ("max", .int(d.reconnectBackoff.maximumMilliseconds)),
            ])),
            ("peers", .list(d.peers.map { peer($0, swx: true) })),
            ("destination_realm", d.destinationRealm.map(Value.string)),
            ("cx_impi_realm", d.cxIMPIRealm.map(Value.string)),
            ("registration", .mapping([("enabled", .bool(d.registration.enabled))])),
        ])
    }

    private static func peer(_ p: DiameterPeerConfiguration, swx: Bool) -> Value {
        var fields: [(String, Value?)] = [
            ("host", .string(p.host)),
            ("realm", .string(p.realm)),
            ("ip", .string(p.ip)),
            ("port", .int(p.port)),
            ("tls", .bool(p.tls)),
            ("tls_ca_file", p.tlsCAFile.map(Value.string)),
            ("tls_cert_file", p.tlsCertificateFile.map(Value.string)),
            ("tls_key_file", p.tlsKeyFile.map(Value.string)),
            ("transport", .string(p.transport.rawValue)),
            ("initiate_connection", .bool(p.initiateConnection)),
            ("priority", .int(p.priority)),
            ("max_in_flight", .int(p.maxInFlight)),
        ]
        if swx {
            fields.append(("aka_prime_keys", .string(p.akaPrimeKeys.rawValue)))
            fields.append(("vector_dialect", .string(p.vectorDialect.rawValue)))
        }
        return .mapping(fields)
    }

    private static func radius(_ r: RADIUSConfiguration) -> Value {
        .mapping([
            ("bind_addresses", .list(r.bindAddresses.map(Value.string))),
            ("auth_port", .int(r.authPort)),
            ("acct_port", .int(r.acctPort)),
            ("coa_port", .int(r.coaPort)),
            ("secret", r.secret.map(Value.secret)),
            ("allowed_source_subnets", .list(r.allowedSourceSubnets.map { .string($0.description) })),
            ("clients", .list(r.clients.map { client in
                .mapping([
                    ("name", .string(client.name)), ("subnet", .string(client.subnet.description)),
                    ("secret", client.secret.map(Value.secret)), ("coa_port", client.coaPort.map(Value.int)),
                ])
            })),
            ("duplicate_window_s", .int(r.duplicateWindowSeconds)),
            ("socket_receive_buffer_bytes", .int(r.socketReceiveBufferBytes)),
            ("acct_interim_interval_s", .int(r.acctInterimIntervalSeconds)),
            ("session_timeout_s", r.sessionTimeoutSeconds.map(Value.int)),
            ("require_message_authenticator", .bool(r.requireMessageAuthenticator)),
        ])
    }

    private static func eap(_ e: EAPConfiguration) -> Value {
        .mapping([
            ("methods", .list(e.methods.map { .string($0.rawValue) })),
            ("prefer", .string(e.prefer.rawValue)),
            ("network_name", .string(e.networkName)),
            ("realm", .list(e.realms.map(Value.string))),
            ("mnc_length", .int(e.mncLength)),
            ("state_timeout_s", .int(e.stateTimeoutSeconds)),
            ("max_conversations", .int(e.maxConversations)),
        ])
    }

    private static func charging(_ c: ChargingConfiguration) -> Value {
        .mapping([
            ("mode", .string(c.mode.rawValue)),
            ("peers", .list(c.peers.map { peer($0, swx: false) })),
            ("service_context_id", .string(c.serviceContextID)),
            ("quota_tiers_bytes", .list(c.quotaTiersBytes.map(Value.int))),
            ("threshold_percent", .int(c.thresholdPercent)),
            ("failure_handling", .string(c.failureHandling.rawValue)),
            ("host", c.host.map(Value.string)),
            ("realm", c.realm.map(Value.string)),
            ("destination_realm", c.destinationRealm.map(Value.string)),
            ("destination_host", c.destinationHost.map(Value.string)),
            ("rating_group", .int(c.ratingGroup)),
            ("service_identifier", c.serviceIdentifier.map(Value.int)),
            ("requested_units", .string(c.requestedUnits.rawValue)),
            ("interim_interval_s", .int(c.interimIntervalSeconds)),
            ("request_timeout_ms", .int(c.requestTimeoutMilliseconds)),
            ("retry_interval_s", .int(c.retryIntervalSeconds)),
            ("watchdog_interval_s", .int(c.watchdogIntervalSeconds)),
        ])
    }

    // MARK: Document tree (secrets kept)

    static func node(of configuration: TWAGConfiguration) -> ConfigNode {
        node(tree(of: configuration))
    }

    private static func node(_ value: Value) -> ConfigNode {
        let content: ConfigNode.Value
        switch value {
        case .string(let text): content = .scalar(text, plain: false)
        case .int(let number): content = .scalar(String(number), plain: true)
        case .bool(let flag): content = .scalar(flag ? "true" : "false", plain: true)
        case .secret(let secret), .url(let secret): content = .scalar(secret.revealed, plain: false)
        case .list(let items): content = .sequence(items.map(node))
        case .mapping(let fields):
            content = .mapping(fields.compactMap { key, value in value.map { ConfigNode.Entry(key: key, value: node($0)) } })
        }
        return ConfigNode(value: content, line: 0, variable: nil)
    }

    // MARK: YAML text (secrets masked)

    static func yaml(of configuration: TWAGConfiguration) -> String {
        var lines: [String] = []
        guard case .mapping(let fields) = tree(of: configuration) else { return "" }
        append(fields, indent: "", to: &lines)
        return lines.joined(separator: "\n")
    }

    private static func append(_ fields: [(String, Value?)], indent: String, to lines: inout [String]) {
        for case let (key, value?) in fields {
            switch value {
            case .mapping(let inner):
                lines.append("\(indent)\(key):")
                append(inner, indent: indent + "  ", to: &lines)
            case .list(let items) where items.isEmpty:
                lines.append("\(indent)\(key): []")
            case .list(let items):
                lines.append("\(indent)\(key):")
                for item in items {
                    if case .mapping(let inner) = item {
                        var itemLines: [String] = []
                        append(inner, indent: indent + "    ", to: &itemLines)
                        for (index, line) in itemLines.enumerated() {
                            lines.append(index == 0 ? indent + "  - " + line.dropFirst(indent.count + 4) : line)
                        }
                    } else {
                        lines.append("\(indent)  - \(scalar(item))")
                    }
                }
            default:
                lines.append("\(indent)\(key): \(scalar(value))")
            }
        }
    }

    private static func scalar(_ value: Value) -> String {
        switch value {
        case .string(let text): return ConfigurationText.quotedInFull(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .secret: return "\"***\""
        case .url(let url): return ConfigurationText.quotedInFull(maskingPassword(url.revealed))
        case .list, .mapping: return ""
        }
    }

    /// `scheme://user:secret@host/…` shown as `scheme://user:***@host/…`.
    static func maskingPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }
}
