import Foundation
@testable import TWAGAdmin
import XCTest

/// The lab certificate, read back by openssl (an independent X.509 parser) and served by NIOSSL.
final class SelfSignedCertificateTests: XCTestCase {
    func testCertificateIsAValidServerCertificateForLocalhost() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cert-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (certificate, key) = try SelfSignedCertificate.ensure(in: directory, hostName: "twag-lab")
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "the private key is private")

        let text = try openssl(["x509", "-in", certificate, "-noout", "-text"])
        XCTAssertTrue(text.contains("DNS:localhost"), text)
        XCTAssertTrue(text.contains("IP Address:127.0.0.1"), text)
        XCTAssertTrue(text.contains("DNS:twag-lab"), text)
        XCTAssertTrue(text.contains("TLS Web Server Authentication"), text)
        XCTAssertTrue(text.contains("CA:FALSE"), text)
        XCTAssertTrue(text.contains("ecdsa-with-SHA256"), text)
        // Self-signed: it verifies against itself.
        XCTAssertTrue(try openssl(["verify", "-CAfile", certificate, certificate]).contains(": OK"))
        // The key matches the certificate.
        XCTAssertEqual(try openssl(["x509", "-in", certificate, "-noout", "-pubkey"]),
                       try openssl(["pkey", "-in", key, "-pubout"]))
        XCTAssertNoThrow(try AdminApplications.tlsConfiguration(certificateFile: certificate, keyFile: key))

        // A second start keeps the pair (a browser's exception stays valid).
        let before = try String(contentsOfFile: certificate, encoding: .utf8)
        _ = try SelfSignedCertificate.ensure(in: directory, hostName: "twag-lab")
        XCTAssertEqual(try String(contentsOfFile: certificate, encoding: .utf8), before)
    }

    func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        return output
    }
}

final class DashboardPagesTests: XCTestCase {
    func testMarkupIsEscaped() {
        XCTAssertEqual(DashboardPages.escape(#"<script>alert("x")</script>&'"#),
                       "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;")
        let page = DashboardPages.login(csrf: "\"><b>", message: "<i>bad</i>")
        XCTAssertFalse(page.contains("<i>bad</i>"))
        XCTAssertFalse(page.contains("\"><b>"))
        XCTAssertTrue(DashboardPages.app(user: "<admin>", csrf: "t").contains("&lt;admin&gt;"))
    }
}
