import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// The pool configuration for this location: `maximumConnections` bounds what one process
    /// holds open (many processes on many nodes share the server's `max_connections`).
    ///
    /// `sslmode` as libpq reads it: `disable` plain TCP; `require` TLS without checking the
    /// certificate; `verify-full` TLS with the host name checked against the system's trust roots,
    /// or the CAs of `sslrootcert` when given.
    public func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        let tlsSetting: PostgresClient.Configuration.TLS
        switch tls {
        case .disable:
            tlsSetting = .disable
        case .require:
            var unchecked = TLSConfiguration.makeClientConfiguration()
            unchecked.certificateVerification = .none
            tlsSetting = .require(unchecked)
        case .verifyFull:
            var checked = TLSConfiguration.makeClientConfiguration()
            if let rootCertificatePath { checked.trustRoots = .file(rootCertificatePath) }
            tlsSetting = .require(checked)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsSetting)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.minimumConnections = 0
        return configuration
    }
}
