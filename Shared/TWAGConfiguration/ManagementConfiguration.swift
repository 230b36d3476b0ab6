/// The `dashboard` section: the operators' web dashboard (HTTPS, served by twag-admin).
public struct DashboardConfiguration: Sendable, Equatable {
    /// `port`.
    public var port: Int = 443
    /// Address the dashboard listens on (`bind`).
    public var bind: String = "0.0.0.0"
    /// Certificate served (`tls_cert_file`); nil with `tls_key_file` nil = a self-signed one.
    public var tlsCertificateFile: String? = nil
    /// Private key of that certificate (`tls_key_file`).
    public var tlsKeyFile: String? = nil
    /// Login name (`admin_user`).
    public var adminUser: String = "admin"
    /// bcrypt hash of the admin password (`admin_password_hash`, `$2b$...`, printed by `twag passwd`);
    /// nil = no admin account.
    public var adminPasswordHash: ConfigurationSecret? = nil
    /// Further operator accounts (`users`).
    public var users: [OperatorAccountConfiguration] = []
    /// A login session unused this long ends (`idle_timeout_s`); live page updates do not count as use.
    public var idleTimeoutSeconds: Int = 900
    /// Failed logins from one address or for one account within 5 minutes before further attempts
    /// are refused for 5 minutes (`max_login_failures`).
    public var maxLoginFailures: Int = 5

    public init() {}

    static let keys = ["port", "bind", "tls_cert_file", "tls_key_file", "admin_user", "admin_password_hash", "users",
                       "idle_timeout_s", "max_login_failures"]

    /// Every account that can log in: `admin_user` (when it has a hash) and `users`.
    public var accounts: [OperatorAccountConfiguration] {
        var accounts = users
        if let hash = adminPasswordHash { accounts.insert(OperatorAccountConfiguration(name: adminUser, passwordHash: hash), at: 0) }
        return accounts
    }

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        port = try reader.port("port", default: port)
        bind = try reader.string("bind", default: bind, maximumLength: 45, check: ValueChecks.ipAddress)
        tlsCertificateFile = try reader.optionalString("tls_cert_file", maximumLength: 4096)
        tlsKeyFile = try reader.optionalString("tls_key_file", maximumLength: 4096)
        if (tlsCertificateFile == nil) != (tlsKeyFile == nil) {
            throw reader.missing(tlsKeyFile == nil ? "tls_key_file" : "tls_cert_file", reason: "tls_cert_file and tls_key_file go together")
        }
        adminUser = try reader.string("admin_user", default: adminUser, maximumLength: 64)
        adminPasswordHash = try reader.secret("admin_password_hash")
        if let hash = adminPasswordHash, let node = reader.node("admin_password_hash") {
            try OperatorAccountConfiguration.checkHash(hash, node: node, path: reader.keyPath("admin_password_hash"))
        }
        users = try reader.list("users", maximumCount: 256, expected: "a list of accounts") { (node, path) throws(ConfigurationError) in
            try OperatorAccountConfiguration(node, path: path)
        } ?? []
        var names = Set<String>()
        for account in accounts where !names.insert(account.name).inserted {
            throw .invalidValue(path: reader.keyPath("users"), reason: "account \(account.name) is defined twice")
        }
        idleTimeoutSeconds = try reader.int("idle_timeout_s", default: idleTimeoutSeconds, range: 60...86_400)
        maxLoginFailures = try reader.int("max_login_failures", default: maxLoginFailures, range: 1...1_000)
    }
}

/// One operator account of the dashboard (`dashboard.users[]`).
public struct OperatorAccountConfiguration: Sendable, Equatable {
    /// Login name (`name`).
    public var name: String
    /// bcrypt hash of the password (`password_hash`).
    public var passwordHash: ConfigurationSecret

    public init(name: String, passwordHash: ConfigurationSecret) {
        self.name = name
        self.passwordHash = passwordHash
    }

    static let keys = ["name", "password_hash"]

    init(_ node: ConfigNode, path: String) throws(ConfigurationError) {
        let reader = try ConfigReader(node, path: path, keys: Self.keys, holdsSecrets: true)
        name = try reader.requiredString("name", maximumLength: 64)
        guard let hash = try reader.secret("password_hash"), let hashNode = reader.node("password_hash") else {
            throw reader.missing("password_hash")
        }
        try Self.checkHash(hash, node: hashNode, path: reader.keyPath("password_hash"))
        passwordHash = hash
    }

    /// Only bcrypt ($2a$/$2b$/$2y$) is verified by twag-admin; a password typed in clear is refused.
    static func checkHash(_ hash: ConfigurationSecret, node: ConfigNode, path: String) throws(ConfigurationError) {
        let text = hash.revealed
        let bcrypt = ["$2a$", "$2b$", "$2y$"].contains { text.hasPrefix($0) } && text.utf8.count == 60
        guard bcrypt else {
            throw ConfigReader.attributed(.invalidValue(
                path: path, reason: "must be a bcrypt hash ($2b$..., 60 characters; `twag passwd` prints one), not a password"),
                to: node)
        }
    }
}

/// The `api` section: the REST API (HTTPS, bearer tokens).
public struct APIConfiguration: Sendable, Equatable {
    /// `port`.
    public var port: Int = 8444
    /// Address the API listens on (`bind`).
    public var bind: String = "0.0.0.0"
    /// Accepted bearer tokens (`tokens`, each at least 16 bytes); empty = every call refused.
    public var tokens: [ConfigurationSecret] = []

    public init() {}

    static let keys = ["port", "bind", "tokens"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        port = try reader.port("port", default: port)
        bind = try reader.string("bind", default: bind, maximumLength: 45, check: ValueChecks.ipAddress)
        tokens = try reader.list("tokens", maximumCount: 256, expected: "a list of tokens") { (node, path) throws(ConfigurationError) in
            try ConfigReader.secret(node, path: path, minimumLength: 16)
        } ?? []
    }
}
