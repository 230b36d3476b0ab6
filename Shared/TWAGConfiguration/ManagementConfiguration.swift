/// The `dashboard` section: the operators' web dashboard (HTTPS).
public struct DashboardConfiguration: Sendable, Equatable {
    /// `port`.
    public var port: Int = 443
    /// Certificate served (`tls_cert_file`); nil with `tls_key_file` nil = a self-signed one.
    public var tlsCertificateFile: String? = nil
    /// Private key of that certificate (`tls_key_file`).
    public var tlsKeyFile: String? = nil
    /// Login name (`admin_user`).
    public var adminUser: String = "admin"
    /// Crypt-style hash of the admin password (`admin_password_hash`, e.g. `$argon2id$...` or
    /// `$2b$...`); nil = dashboard login disabled.
    public var adminPasswordHash: ConfigurationSecret? = nil

    public init() {}

    static let keys = ["port", "tls_cert_file", "tls_key_file", "admin_user", "admin_password_hash"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        port = try reader.port("port", default: port)
        tlsCertificateFile = try reader.optionalString("tls_cert_file", maximumLength: 4096)
        tlsKeyFile = try reader.optionalString("tls_key_file", maximumLength: 4096)
        if (tlsCertificateFile == nil) != (tlsKeyFile == nil) {
            throw reader.missing(tlsKeyFile == nil ? "tls_key_file" : "tls_cert_file", reason: "tls_cert_file and tls_key_file go together")
        }
        adminUser = try reader.string("admin_user", default: adminUser, maximumLength: 64)
        adminPasswordHash = try reader.secret("admin_password_hash")
        if let hash = adminPasswordHash, !hash.revealed.hasPrefix("$") {
            throw ConfigReader.attributed(.invalidValue(
                path: reader.keyPath("admin_password_hash"),
                reason: "must be a crypt-style hash such as $argon2id$... or $2b$..., not a password"),
                to: reader.node("admin_password_hash") ?? .emptyMapping)
        }
    }
}

/// The `api` section: the REST API (HTTPS, bearer tokens).
public struct APIConfiguration: Sendable, Equatable {
    /// `port`.
    public var port: Int = 8444
    /// Accepted bearer tokens (`tokens`, each at least 16 bytes); empty = every call refused.
    public var tokens: [ConfigurationSecret] = []

    public init() {}

    static let keys = ["port", "tokens"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        port = try reader.port("port", default: port)
        tokens = try reader.list("tokens", maximumCount: 256, expected: "a list of tokens") { (node, path) throws(ConfigurationError) in
            try ConfigReader.secret(node, path: path, minimumLength: 16)
        } ?? []
    }
}
