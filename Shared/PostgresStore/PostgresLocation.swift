/// Where a PostgreSQL store is: the `postgres://` form of the store's URL (issue #11's
/// `database_url`), `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`, as libpq
/// writes it. Parsed strictly: an operator's typo must fail at start, not connect somewhere else.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode` values that make sense for a server-to-server link.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (a private network or loopback only).
        case disable
        /// TLS required, the server's certificate not checked (libpq's `require`).
        case require
        /// TLS required and the certificate checked against the system's trust roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    /// Secret: never in `description`.
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the CA(s) that sign the server's certificate, trusted instead of
    /// the system's roots (an operator's private CA); with `verify-full` only.
    public var rootCertificatePath: String?

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
                tls: TLSMode = .verifyFull) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Why a `postgres://` URL was refused.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case notPostgres
        case missing(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .notPostgres: return "not a postgres:// or postgresql:// URL"
            case .missing(let part): return "the URL has no \(part)"
            case .invalid(let reason): return reason
            }
        }
    }

    /// Parses `text`; percent-escapes in the user, password and database are decoded.
    public init(url text: String) throws(ParseError) {
        let rest: Substring
        if text.hasPrefix("postgres://") {
            rest = text.dropFirst("postgres://".count)
        } else if text.hasPrefix("postgresql://") {
            rest = text.dropFirst("postgresql://".count)
        } else {
            throw .notPostgres
        }
        let (beforeQuery, query) = Self.split(rest, at: "?")
        let (authority, path) = Self.split(beforeQuery, at: "/")
        guard let atSign = authority.lastIndex(of: "@") else { throw .missing("user (postgres://USER@HOST/DATABASE)") }
        let credentials = authority[..<atSign]
        let hostPort = authority[authority.index(after: atSign)...]
        let (user, password) = Self.split(credentials, at: ":")
        guard let username = Self.decode(user), !username.isEmpty else { throw .missing("user") }
        self.username = username
        if let password {
            guard let decoded = Self.decode(password) else { throw .invalid("the password has a bad percent-escape") }
            self.password = decoded
        } else {
            self.password = nil
        }
        // A bracketed IPv6 literal carries colons of its own.
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw .invalid("unclosed [ in the host") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw .invalid("unexpected '\(after)' after the host") }
            port = try Self.port(after.isEmpty ? nil : after.dropFirst())
        } else {
            let (name, portText) = Self.split(hostPort, at: ":")
            host = String(name)
            port = try Self.port(portText)
        }
        guard !host.isEmpty else { throw .missing("host") }
        guard let path, let database = Self.decode(path), !database.isEmpty else { throw .missing("database name") }
        guard !database.contains("/") else { throw .invalid("the database name contains '/'") }
        self.database = database
        tls = .verifyFull
        for parameter in (query ?? "").split(separator: "&") where !parameter.isEmpty {
            let (key, value) = Self.split(parameter, at: "=")
            switch key {
            case "sslmode":
                guard let value, let mode = TLSMode(rawValue: String(value)) else {
                    throw .invalid("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            case "sslrootcert":
                guard let value, let path = Self.decode(value), path.hasPrefix("/") else {
                    throw .invalid("sslrootcert must be an absolute path to a PEM file")
                }
                rootCertificatePath = path
            default:
                throw .invalid("unknown URL parameter '\(key)' (sslmode and sslrootcert are read)")
            }
        }
        if rootCertificatePath != nil && tls != .verifyFull {
            throw .invalid("sslrootcert needs sslmode=verify-full (it is the trust for checking the certificate)")
        }
    }

    /// The URL with the password shown as `***`: for logs, the dashboard and the API.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        let hostText = host.contains(":") ? "[\(host)]" : host
        let root = rootCertificatePath.map { "&sslrootcert=\($0)" } ?? ""
        return "postgres://\(credentials)@\(hostText):\(port)/\(database)?sslmode=\(tls.rawValue)\(root)"
    }

    private static func split(_ text: Substring, at separator: Character) -> (Substring, Substring?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (text[..<index], text[text.index(after: index)...])
    }

    private static func port(_ text: Substring?) throws(ParseError) -> Int {
        guard let text else { return 5432 }
        guard let value = Int(text), (1...65_535).contains(value) else { throw .invalid("the port must be 1-65535") }
        return value
    }

    /// RFC 3986 percent-decoding; nil on a malformed escape or non-UTF-8 result.
    private static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
