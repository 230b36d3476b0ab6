import TWAGConfiguration
import XCTest

/// The smallest valid document: the three keys without a default.
let minimalYAML = """
    diameter:
      host: aaa.example.org
      realm: example.org
    radius:
      secret: s3cr3t-shared
    """

/// Parses and expects a failure; returns its description (fails the test on success).
func failure(_ text: String, environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        _ = try TWAGConfiguration.parse(yaml: text, environment: environment)
        XCTFail("expected an error", file: file, line: line)
        return ""
    } catch {
        return error.description
    }
}

/// Parses and expects success.
func parsed(_ text: String, environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) -> TWAGConfiguration? {
    do {
        return try TWAGConfiguration.parse(yaml: text, environment: environment)
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        return nil
    }
}

/// Path of the shipped configuration (config/twag.yaml at the repository root).
var shippedConfigurationPath: String {
    var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    components.removeLast(3)  // Tests/TWAGConfigurationTests/<file>
    return (components + ["config", "twag.yaml"]).joined(separator: "/")
}
