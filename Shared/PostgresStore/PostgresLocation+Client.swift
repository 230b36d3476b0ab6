import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// The TLS a connection to this location uses, nil for plain TCP. `sslmode` as libpq reads it:
    /// `disable` plain TCP; `require` TLS without checking the certificate; `verify-full` TLS with
    /// the host name checked against the system's trust roots, or the CAs of `sslrootcert` when given.
    public var tlsConfiguration: TLSConfiguration? {
        switch tls {
        case .disable:
            return nil
        case .require:
            var unchecked = TLSConfiguration.makeClientConfiguration()
            unchecked.certificateVerification = .none
            return unchecked
        case .verifyFull:
            var checked = TLSConfiguration.makeClientConfiguration()
            if let rootCertificatePath { checked.trustRoots = .file(rootCertificatePath) }
            return checked
        }
    }

    /// The pool configuration for this location: `maximumConnections` bounds what one process
    /// holds open (many processes on many nodes share the server's `max_connections`).
    public func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: tlsConfiguration.map { .require($0) } ?? .disable)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.minimumConnections = 0
        return configuration
    }
}
