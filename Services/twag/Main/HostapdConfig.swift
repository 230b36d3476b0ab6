import ArgumentParser
import Foundation
import TWAGCLI
import TWAGConfiguration

/// `twag hostapd-config`: a hostapd.conf (WPA2-Enterprise + Hotspot 2.0) pointing an AP at this TWAG.
struct HostapdConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostapd-config",
        abstract: "Print a hostapd.conf for an AP using this TWAG (WPA2-Enterprise, Hotspot 2.0 / Passpoint).")

    @Option(help: "Configuration file (radius.secret, auth_port and acct_port are read from it).")
    var config = "config/twag.yaml"

    @Option(help: "RADIUS shared secret for this AP (default: the configuration's radius.secret).")
    var secret: String?

    @Option(help: "The TWAG's RADIUS address as the AP reaches it.")
    var twag: String

    @Option(help: "Mobile Country Code of the operator (3 digits).")
    var mcc: String

    @Option(help: "Mobile Network Code of the operator (2 or 3 digits).")
    var mnc: String

    @Option(help: "SSID.")
    var ssid = "OpenTWAG"

    @Option(help: "Wireless interface of the AP.")
    var interface = "wlan0"

    @Option(help: "hostapd driver.")
    var driver = "nl80211"

    @Option(help: "Extra Passpoint domain name (repeatable); the 3GPP realm is always listed.")
    var domain: [String] = []

    @Option(help: "IEEE Organisation Identifier for roaming_consortium (6 or 10 hex digits).")
    var roamingConsortium: String?

    @Option(help: "Operator friendly name shown by Passpoint phones.")
    var operatorName = "Operator WiFi"

    @Flag(help: "Leave out the Hotspot 2.0 / Passpoint elements.")
    var noHotspot20 = false

    @Option(help: "Write to this file (mode 0600: it holds the RADIUS secret) instead of standard output.")
    var output: String?

    func run() throws {
        let twagConfiguration: TWAGConfiguration
        do {
            twagConfiguration = try TWAGConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(config): \(error)")
        }
        let radius = twagConfiguration.radius
        guard let secret = secret ?? radius.secret?.revealed else {
            throw ValidationError("no RADIUS secret: give --secret or set radius.secret in \(config)")
        }
        var conf = HostapdConfiguration(twagAddress: twag, secret: secret, mcc: mcc, mnc: mnc)
        conf.authPort = radius.authPort
        conf.acctPort = radius.acctPort
        conf.ssid = ssid
        conf.interface = interface
        conf.driver = driver
        conf.domainNames = domain
        conf.roamingConsortium = roamingConsortium
        conf.operatorFriendlyName = operatorName
        conf.hotspot20 = !noHotspot20
        let problems = conf.problems()
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
        guard let output else { return print(conf.text, terminator: "") }
        guard FileManager.default.createFile(atPath: output, contents: Data(conf.text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(output)")
        }
    }
}
