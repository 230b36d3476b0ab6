import ArgumentParser
import NAI
import NIOCore
import RADIUS

/// The command line of `ue-sim`; a library type so its parsing and validation are unit-tested.
public struct LoadOptions: ParsableArguments, Sendable {
    @Option(help: "RADIUS authentication server, host:port ([v6]:port for IPv6).")
    public var server = "127.0.0.1:1812"

    @Option(help: "RADIUS shared secret (or set UE_SIM_SECRET).")
    public var secret: String?

    @Option(help: "Subscriber file in the HSS simulator's format: a list of {imsi, k, opc|op, amf, sqn}.")
    public var subscribers: String

    @Option(help: "Realm of the phones' NAIs (default: wlan.mncXXX.mccYYY.3gppnetwork.org from each IMSI).")
    public var realm: String?

    @Option(help: "MNC length of the IMSIs (2 or 3), for the default realm.")
    public var mncLength = 2

    @Option(help: "NAS-IP-Address of the simulated AP.")
    public var nasIP = "127.0.0.1"

    @Option(help: "NAS-Identifier of the simulated AP.")
    public var nasIdentifier = "ue-sim-ap"

    @Option(help: "BSSID of the simulated AP (Called-Station-Id).")
    public var apMAC = "AA-BB-CC-DD-EE-FF"

    @Option(help: "SSID of the simulated AP (Called-Station-Id).")
    public var ssid = "OpenTWAG"

    @Option(help: "Authentications to run (default 1, or unlimited with --duration).")
    public var count: Int?

    @Option(help: "Authentications in flight at once (at most one per subscriber).")
    public var concurrency = 1

    @Option(help: "Stop starting authentications after this many seconds (with --count: whichever ends first).")
    public var duration: Double?

    @Option(help: "Start the workers' first authentications spread over this many milliseconds instead of all at once.")
    public var rampUpMs = 0

    @Option(help: "EAP method the phones ask for: aka, aka-prime or mixed.")
    public var method: AuthenticationMethodChoice = .akaPrime

    @Option(help: "Seconds before an Access-Request is retransmitted.")
    public var timeout = 1.0

    @Option(help: "Transmissions of one Access-Request in total.")
    public var tries = 3

    @Option(help: "Local address the AP sockets bind to.")
    public var bind = "0.0.0.0"

    @Flag(help: "Send anonymous@realm first, so the server must ask for the permanent identity.")
    public var anonymous = false

    @Flag(help: "Fault: the SIM's K differs from the HSS's (the phone rejects AUTN).")
    public var wrongK = false

    @Flag(help: "Fault: answer challenges without checking AUTN (with --wrong-k the server sees a bad MAC).")
    public var skipAutnCheck = false

    @Flag(help: "Fault: send a wrong RES with a valid AT_MAC.")
    public var corruptRes = false

    @Flag(help: "Fault: never answer the AKA-Challenge, leaving the conversation held by aaa-core (capacity and memory runs).")
    public var abandonAtChallenge = false

    @Option(parsing: .unconditional, help: "Fault: start each SIM this many SEQ steps ahead (+) or behind (-) the file's SQN.")
    public var sqnOffset: Int64 = 0

    @Flag(help: "After each Access-Accept, send Accounting-Request Start (and Stop after the hold) like a NAS.")
    public var accounting = false

    @Option(help: "RADIUS accounting port on the server's host (default: the authentication port + 1).")
    public var acctPort: Int?

    @Option(help: "Milliseconds each session stays up between Accounting-Start and -Stop (needs --accounting).")
    public var sessionHoldMs = 0

    @Option(help: "Send Interim-Update every this many milliseconds during the hold (needs --accounting).")
    public var interimMs: Int?

    @Flag(help: "Send each session's first Interim-Update after a random part of the period (phones that started together do not send in bursts).")
    public var spreadInterims = false

    @Flag(help: "Draw each session's hold between half and 1.5 times --session-hold-ms (phones that started together do not all stop and re-authenticate together).")
    public var spreadSessions = false

    @Option(help: "Simulated downlink octets per second (Acct-Output-Octets/-Gigawords).")
    public var outputOctetsPerS: UInt64 = 1_000_000

    @Option(help: "Simulated uplink octets per second (Acct-Input-Octets/-Gigawords).")
    public var inputOctetsPerS: UInt64 = 100_000

    @Option(help: "Listen on this UDP port for RFC 5176 Disconnect-Requests during the hold (needs --accounting; 0 = any).")
    public var daePort: Int?

    @Option(help: "Local address of the Disconnect-Request listener.")
    public var daeBind = "127.0.0.1"

    @Flag(help: "Print every authentication's RADIUS exchange.")
    public var verbose = false

    @Flag(help: "Print the report as JSON.")
    public var json = false

    @Flag(help: "Exit 0 even when authentications failed.")
    public var allowFailures = false

    public init() {}

    public func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if rampUpMs < 0 { throw ValidationError("--ramp-up-ms must not be negative") }
        if !(timeout > 0) { throw ValidationError("--timeout must be positive") }
        if tries < 1 { throw ValidationError("--tries must be at least 1") }
        if mncLength != 2 && mncLength != 3 { throw ValidationError("--mnc-length must be 2 or 3") }
        if let realm {
            do { try Realm.validate(realm) } catch { throw ValidationError("--realm: not a valid realm (\(error))") }
        }
        if IPv4Address(nasIP) == nil { throw ValidationError("--nas-ip: not an IPv4 address") }
        if MACAddress(apMAC) == nil { throw ValidationError("--ap-mac: not a MAC address") }
        if ssid.isEmpty || ssid.utf8.count > 32 { throw ValidationError("--ssid: 1 to 32 octets") }
        let (_, authPort) = try Self.hostAndPort(server)
        try validateAccounting(authPort: authPort)
    }

    private func validateAccounting(authPort: Int) throws {
        if !accounting && (sessionHoldMs != 0 || interimMs != nil || spreadInterims || spreadSessions || daePort != nil || acctPort != nil) {
            throw ValidationError("--acct-port, --session-hold-ms, --interim-ms, --spread-interims, --spread-sessions and --dae-port need --accounting")
        }
        if sessionHoldMs < 0 { throw ValidationError("--session-hold-ms must not be negative") }
        if let interimMs, interimMs < 1 { throw ValidationError("--interim-ms must be at least 1") }
        if let acctPort, !(1...65535).contains(acctPort) { throw ValidationError("--acct-port: 1...65535") }
        if accounting && acctPort == nil && authPort == 65535 {
            throw ValidationError("--acct-port is required when the authentication port is 65535")
        }
        if let daePort, !(0...65535).contains(daePort) { throw ValidationError("--dae-port: 0...65535") }
    }

    /// Resolves everything into a run configuration. `environment` supplies UE_SIM_SECRET.
    public func configuration(environment: [String: String] = [:]) throws -> LoadConfiguration {
        guard let secretText = secret ?? environment["UE_SIM_SECRET"], !secretText.isEmpty else {
            throw ValidationError("a shared secret is required: --secret or UE_SIM_SECRET")
        }
        let (host, port) = try Self.hostAndPort(server)
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw ValidationError("--server: cannot resolve \(host) (\(error))")
        }
        guard let nas = IPv4Address(nasIP), let bssid = MACAddress(apMAC) else {
            throw ValidationError("--nas-ip / --ap-mac invalid")
        }
        let timeoutAmount = TimeAmount.nanoseconds(Int64((timeout * 1e9).rounded()))
        var accountingSettings: AccountingSettings?
        if accounting {
            let acctAddress: SocketAddress
            do {
                acctAddress = try SocketAddress.makeAddressResolvingHost(host, port: acctPort ?? port + 1)
            } catch {
                throw ValidationError("--server: cannot resolve \(host) (\(error))")
            }
            accountingSettings = AccountingSettings(
                server: acctAddress, timeout: timeoutAmount, sessionHold: .milliseconds(Int64(sessionHoldMs)),
                interimInterval: interimMs.map { .milliseconds(Int64($0)) }, spreadInterims: spreadInterims,
                spreadSessions: spreadSessions,
                traffic: TrafficModel(inputOctetsPerSecond: inputOctetsPerS, outputOctetsPerSecond: outputOctetsPerS),
                dynamicAuthorization: daePort.map { (daeBind, $0) })
        }
        return LoadConfiguration(
            server: address, secret: Array(secretText.utf8), realm: realm, mncLength: mncLength,
            accessPoint: AccessPointProfile(nasIPAddress: nas, nasIdentifier: nasIdentifier, bssid: bssid, ssid: ssid),
            count: count ?? (duration == nil ? 1 : nil), concurrency: concurrency,
            duration: duration.map { .milliseconds(Int64(($0 * 1_000).rounded())) },
            rampUp: .milliseconds(Int64(rampUpMs)), method: method,
            retransmission: RetransmissionPolicy(timeout: timeoutAmount, attempts: tries),
            anonymousIdentity: anonymous,
            faults: UEFaults(wrongK: wrongK, skipNetworkAuthentication: skipAutnCheck, corruptRES: corruptRes,
                             sqnOffset: sqnOffset, abandonAtChallenge: abandonAtChallenge),
            bindHost: bind, accounting: accountingSettings)
    }

    /// `host:port` or `[v6]:port`.
    static func hostAndPort(_ text: String) throws -> (String, Int) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ValidationError("--server: expected [address]:port")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ValidationError("--server: expected host:port") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else {
            throw ValidationError("--server: expected host:port with a port in 1...65535")
        }
        return (String(host), port)
    }
}
