import ArgumentParser
import NAI
import NIOCore
import RADIUS
import XCTest

@testable import UESimulator

final class LoadOptionsTests: XCTestCase {
    func testDefaultsMakeOneDemoAuthentication() throws {
        let options = try LoadOptions.parse(["--subscribers", "subs.yaml", "--secret", "testing123"])
        let configuration = try options.configuration()
        XCTAssertEqual(configuration.count, 1)
        XCTAssertEqual(configuration.concurrency, 1)
        XCTAssertNil(configuration.duration)
        XCTAssertEqual(configuration.method, .akaPrime)
        XCTAssertEqual(configuration.server.port, 1812)
        XCTAssertEqual(configuration.server.ipAddress, "127.0.0.1")
        XCTAssertEqual(configuration.secret, Array("testing123".utf8))
        XCTAssertEqual(configuration.retransmission, RetransmissionPolicy(timeout: .seconds(1), attempts: 3))
        XCTAssertEqual(configuration.accessPoint.calledStationId, "AA-BB-CC-DD-EE-FF:OpenTWAG")
        XCTAssertEqual(configuration.accessPoint.framedMTU, 1400)
        XCTAssertFalse(options.allowFailures)
    }

    func testLoadRunOptions() throws {
        let options = try LoadOptions.parse([
            "--subscribers", "subs.yaml", "--server", "10.0.0.5:11812", "--count", "500", "--concurrency", "50",
            "--duration", "2.5", "--method", "mixed", "--realm", "wlan.mnc057.mcc505.3gppnetwork.org",
            "--nas-ip", "192.0.2.10", "--timeout", "0.25", "--tries", "5", "--json", "--allow-failures",
            "--sqn-offset", "-3", "--anonymous", "--wrong-k", "--ramp-up-ms", "1000",
        ])
        let configuration = try options.configuration(environment: ["UE_SIM_SECRET": "s3cret"])
        XCTAssertEqual(configuration.count, 500)
        XCTAssertEqual(configuration.concurrency, 50)
        XCTAssertEqual(configuration.duration, .milliseconds(2_500))
        XCTAssertEqual(configuration.rampUp, .seconds(1))
        XCTAssertEqual(configuration.startOffset(worker: 0, of: 50), .zero)
        XCTAssertEqual(configuration.startOffset(worker: 25, of: 50), .milliseconds(500), "spread evenly over the ramp")
        XCTAssertEqual(configuration.startOffset(worker: 49, of: 50), .milliseconds(980))
        XCTAssertEqual(configuration.method, .mixed)
        XCTAssertEqual(configuration.server.port, 11812)
        XCTAssertEqual(configuration.accessPoint.nasIPAddress, IPv4Address(192, 0, 2, 10))
        XCTAssertEqual(configuration.retransmission, RetransmissionPolicy(timeout: .milliseconds(250), attempts: 5))
        XCTAssertEqual(configuration.faults, UEFaults(wrongK: true, sqnOffset: -3))
        XCTAssertTrue(configuration.anonymousIdentity)
        XCTAssertEqual(configuration.secret, Array("s3cret".utf8))
        XCTAssertTrue(options.json)
        XCTAssertTrue(options.allowFailures)
    }

    func testDurationAloneRunsUntilTheDeadline() throws {
        let options = try LoadOptions.parse(["--subscribers", "s", "--secret", "x", "--duration", "10"])
        XCTAssertNil(try options.configuration().count)
        XCTAssertEqual(try options.configuration().startOffset(worker: 9, of: 10), .zero, "no ramp: all start together")
    }

    func testInvalidValuesAreRefused() {
        let bad: [[String]] = [
            ["--count", "0"], ["--concurrency", "0"], ["--duration", "-1"], ["--method", "sim"],
            ["--server", "127.0.0.1"], ["--server", "127.0.0.1:0"], ["--server", "127.0.0.1:70000"],
            ["--nas-ip", "300.1.1.1"], ["--mnc-length", "4"], ["--realm", "nodots"], ["--ap-mac", "zz"],
            ["--tries", "0"], ["--timeout", "0"], ["--ramp-up-ms", "-1"],
        ]
        for arguments in bad {
            XCTAssertThrowsError(try LoadOptions.parse(["--subscribers", "s", "--secret", "x"] + arguments), "\(arguments)")
        }
        XCTAssertThrowsError(try LoadOptions.parse(["--secret", "x"]), "--subscribers is required")
        XCTAssertThrowsError(try LoadOptions.parse(["--subscribers", "s"]).configuration(), "a secret is required")
    }

    func testServerAddressForms() throws {
        XCTAssertTrue(try LoadOptions.hostAndPort("[::1]:1812") == ("::1", 1812))
        XCTAssertTrue(try LoadOptions.hostAndPort("radius.lab:1812") == ("radius.lab", 1812))
        XCTAssertThrowsError(try LoadOptions.hostAndPort("[::1]1812"))
        XCTAssertThrowsError(try LoadOptions.hostAndPort(":1812"))
    }

    func testIdentitiesFollowTS23003() throws {
        let options = try LoadOptions.parse(["--subscribers", "s", "--secret", "x"])
        let configuration = try options.configuration()
        let imsi = try IMSI("505570000000001")
        XCTAssertEqual(try configuration.permanentIdentity(imsi: imsi, method: .aka),
                       "0505570000000001@wlan.mnc057.mcc505.3gppnetwork.org")
        XCTAssertEqual(try configuration.permanentIdentity(imsi: imsi, method: .akaPrime),
                       "6505570000000001@wlan.mnc057.mcc505.3gppnetwork.org")
        XCTAssertEqual(configuration.anonymousIdentity(for: "6505570000000001@wlan.mnc057.mcc505.3gppnetwork.org"),
                       "anonymous@wlan.mnc057.mcc505.3gppnetwork.org")
        var custom = configuration
        custom.realm = "example.net"
        XCTAssertEqual(try custom.permanentIdentity(imsi: imsi, method: .aka), "0505570000000001@example.net")
        XCTAssertEqual(AuthenticationMethodChoice.mixed.method(forAuthentication: 0), .aka)
        XCTAssertEqual(AuthenticationMethodChoice.mixed.method(forAuthentication: 1), .akaPrime)
        XCTAssertEqual(AccessPointProfile.stationMAC(imsi: "505570000000001"), "02-00-00-00-00-01")
    }
}
