import Foundation
import TWAGCLI
import XCTest

/// The generated hostapd.conf: the right EAP types, realm and ANQP values, and Debian's hostapd (the
/// independent oracle) reads it without a configuration error.
final class HostapdConfigurationTests: XCTestCase {
    func configuration() -> HostapdConfiguration {
        var c = HostapdConfiguration(twagAddress: "192.0.2.10", secret: "s3cret-for-aps", mcc: "505", mnc: "57")
        c.domainNames = ["operator.example"]
        c.roamingConsortium = "506F9A"
        return c
    }

    func testPassportValuesAreTheOperators() {
        let text = configuration().text
        XCTAssertTrue(text.contains("nai_realm=0,wlan.mnc057.mcc505.3gppnetwork.org,23[5:2],50[5:2]\n"), text)
        XCTAssertTrue(text.contains("anqp_3gpp_cell_net=505,57\n"), text)
        XCTAssertTrue(text.contains("domain_name=operator.example,wlan.mnc057.mcc505.3gppnetwork.org\n"), text)
        XCTAssertTrue(text.contains("auth_server_addr=192.0.2.10\nauth_server_port=1812\nauth_server_shared_secret=s3cret-for-aps\n"))
        XCTAssertTrue(text.contains("acct_server_port=1813\n"))
        XCTAssertTrue(text.contains("radius_das_client=192.0.2.10 s3cret-for-aps\n"))
        XCTAssertTrue(text.contains("roaming_consortium=506F9A\n"))
        var plain = configuration()
        plain.hotspot20 = false
        XCTAssertFalse(plain.text.contains("hs20"))
        XCTAssertTrue(plain.text.contains("wpa_key_mgmt=WPA-EAP"))
    }

    func testBadValuesAreRefusedWithAReason() {
        var c = configuration()
        c.mcc = "50"
        c.mnc = "5x"
        c.ssid = String(repeating: "a", count: 33)
        c.roamingConsortium = "12"
        XCTAssertEqual(c.problems().count, 4, "\(c.problems())")
        XCTAssertEqual(configuration().problems(), [])
    }

    func testDebianHostapdParsesIt() throws {
        let hostapd = "/usr/sbin/hostapd"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: hostapd), "hostapd not installed")
        let path = NSTemporaryDirectory() + "twag-hostapd-\(UUID().uuidString).conf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var c = configuration()
        c.interface = "twagtest0"  // no such interface: hostapd parses the file, then fails at the driver
        for variant in [c, { var p = c; p.hotspot20 = false; return p }()] {
            try variant.text.write(toFile: path, atomically: true, encoding: .utf8)
            let text = try Self.run(hostapd, path)
            XCTAssertFalse(text.contains("errors found in configuration file"), text)
            XCTAssertFalse(text.range(of: #"Line \d+:"#, options: .regularExpression) != nil, text)
        }
        // The oracle can fail: an unknown item is reported.
        try (c.text + "bogus_item=1\n").write(toFile: path, atomically: true, encoding: .utf8)
        let text = try Self.run(hostapd, path)
        XCTAssertTrue(text.contains("unknown configuration item 'bogus_item'"), text)
    }

    /// hostapd on `path`, its output (it exits by itself: the interface does not exist).
    static func run(_ hostapd: String, _ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: hostapd)
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text
    }
}
