import TWAGConfiguration
import XCTest

/// Secrets never reach logs: not through errors, summaries, `print`, `dump` or reflection.
final class RedactionTests: XCTestCase {
    private let secrets = ["radius-global-Xq7", "client-secret-Xq7", "$2b$12$hashvalueXq7", "api-token-0123456789-Xq7"]

    private var document: String {
        """
        diameter: {host: aaa.example.org, realm: example.org}
        radius:
          secret: radius-global-Xq7
          clients: [{name: ap, subnet: 10.0.0.0/8, secret: client-secret-Xq7}]
        dashboard: {admin_password_hash: "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"}
        api: {tokens: [api-token-0123456789-Xq7]}
        """
    }

    func testSummaryDescriptionAndDumpHideSecrets() throws {
        let config = try XCTUnwrap(parsed(document))
        var dumped = ""
        dump(config, to: &dumped)
        var dumpedRADIUS = ""
        dump(config.radius, to: &dumpedRADIUS)
        let renderings = [
            config.redactedSummary(), "\(config)", String(reflecting: config), dumped, dumpedRADIUS,
            "\(config.radius)", String(reflecting: config.radius), "\(config.radius.clients)", "\(config.api)",
            "\(config.dashboard)", String(describing: config.radius.secret),
        ]
        for text in renderings {
            for secret in secrets { XCTAssertFalse(text.contains(secret), "\(secret) leaked in: \(text)") }
        }
        XCTAssertTrue(config.redactedSummary().contains("secret: \"***\""))
        XCTAssertTrue(config.redactedSummary().contains("admin_password_hash: \"***\""))
        XCTAssertEqual(config.radius.secret?.revealed, "radius-global-Xq7")
        XCTAssertEqual(config.radius.secret?.bytes, Array("radius-global-Xq7".utf8))
    }

    func testErrorsAboutSecretsNeverEchoThem() {
        let cases: [(String, [String: String])] = [
            (document.replacingOccurrences(of: "secret: radius-global-Xq7", with: "secret: [radius-global-Xq7]"), [:]),
            (document, ["TWAG_API__TOKENS__0": "short-Xq7"]),
            (document, ["TWAG_API__TOKENS": "[radius-global-Xq7"]),
            (document, ["TWAG_RADIUS__SECRET": "[[radius-global-Xq7]]"]),
            (document, ["TWAG_DASHBOARD__ADMIN_PASSWORD_HASH": "plain-radius-global-Xq7"]),
            (document.replacingOccurrences(of: "secret: radius-global-Xq7", with: "secret radius-global-Xq7: 1"), [:]),
            (document.replacingOccurrences(of: "  secret: radius-global-Xq7", with: "  secret: \"radius-global-Xq7"), [:]),
        ]
        for (text, environment) in cases {
            let message = failure(text, environment: environment)
            XCTAssertFalse(message.isEmpty)
            for secret in secrets + ["short-Xq7"] { XCTAssertFalse(message.contains(secret), "\(secret) leaked in: \(message)") }
        }
    }
}
