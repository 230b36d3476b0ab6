import Crypto
import Foundation
import SwiftASN1
import X509

/// Why the dashboard's certificate could not be made or read.
public struct CertificateError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A self-signed certificate for a lab dashboard without `tls_cert_file`: made once (P-256, ten
/// years, SAN localhost / 127.0.0.1 / ::1 / the host name) and kept beside the database, so a
/// browser's exception stays valid across restarts.
public enum SelfSignedCertificate {
    /// The PEM files in `directory`, made if missing. - Returns: (certificate path, key path).
    public static func ensure(in directory: String, hostName: String) throws(CertificateError) -> (String, String) {
        let certificatePath = directory + "/twag-admin-cert.pem"
        let keyPath = directory + "/twag-admin-key.pem"
        let files = FileManager.default
        if files.fileExists(atPath: certificatePath), files.fileExists(atPath: keyPath) { return (certificatePath, keyPath) }
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let (certificate, key) = try make(hostName: hostName, now: Date())
            // The key first and private (0600); the certificate's presence marks a complete pair.
            guard files.createFile(atPath: keyPath, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600]),
                files.createFile(atPath: certificatePath, contents: Data(certificate.utf8), attributes: [.posixPermissions: 0o644])
            else { throw CertificateError(description: "cannot write \(keyPath) / \(certificatePath)") }
            return (certificatePath, keyPath)
        } catch let error as CertificateError {
            throw error
        } catch {
            throw CertificateError(description: "self-signed certificate: \(error)")
        }
    }

    /// - Returns: (certificate PEM, private key PEM).
    static func make(hostName: String, now: Date) throws -> (String, String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("OpenTWAG")
            CommonName("OpenTWAG dashboard (self-signed)")
        }
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice(Array(repeating: 0, count: 15) + [1])))]
        if !hostName.isEmpty, hostName != "localhost" { names.append(.dnsName(hostName)) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(3_650 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                KeyUsage(digitalSignature: true)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(key))
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }
}
