import NIOSSL

/// NIOSSL contexts from the operator's files: TLS 1.2 at least, files read once at start.
enum DiameterTLS {
    static func clientContext(_ s: DiameterTLSSettings) throws(DiameterNodeError) -> NIOSSLContext {
        var c = TLSConfiguration.makeClientConfiguration()
        c.minimumTLSVersion = .tlsv12
        c.certificateVerification = s.verifyHostname ? .fullVerification : .noHostnameVerification
        if let ca = s.caFile { c.trustRoots = .file(ca) }
        if let cert = s.certificateFile, let key = s.keyFile {
            do {
                c.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                c.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            } catch {
                throw .tlsConfiguration("Diameter TLS: cannot load \(cert) / \(key): \(error)")
            }
        }
        return try makeContext(c)
    }

    static func serverContext(_ s: DiameterTLSSettings) throws(DiameterNodeError) -> NIOSSLContext {
        guard let cert = s.certificateFile, let key = s.keyFile else {
            throw .tlsConfiguration("Diameter TLS listener needs tls_cert_file and tls_key_file")
        }
        var c: TLSConfiguration
        do {
            c = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        } catch {
            throw .tlsConfiguration("Diameter TLS: cannot load \(cert) / \(key): \(error)")
        }
        c.minimumTLSVersion = .tlsv12
        if let ca = s.caFile {
            // A CA file on the listener means peers must present a certificate it signed.
            c.trustRoots = .file(ca)
            c.certificateVerification = .noHostnameVerification
        } else {
            c.certificateVerification = .none
        }
        return try makeContext(c)
    }

    private static func makeContext(_ c: TLSConfiguration) throws(DiameterNodeError) -> NIOSSLContext {
        do { return try NIOSSLContext(configuration: c) } catch {
            throw .tlsConfiguration("Diameter TLS configuration refused: \(error)")
        }
    }
}
