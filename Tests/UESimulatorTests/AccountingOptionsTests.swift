import ArgumentParser
import NIOCore
import XCTest

@testable import UESimulator

final class AccountingOptionsTests: XCTestCase {
    func testAccountingIsOffByDefault() throws {
        let options = try LoadOptions.parse(["--subscribers", "s", "--secret", "x"])
        XCTAssertNil(try options.configuration().accounting)
    }

    func testAccountingDefaultsToTheAuthPortPlusOne() throws {
        let options = try LoadOptions.parse(["--subscribers", "s", "--secret", "x", "--server", "127.0.0.1:11812", "--accounting"])
        let accounting = try XCTUnwrap(try options.configuration().accounting)
        XCTAssertEqual(accounting.server.port, 11813)
        XCTAssertEqual(accounting.server.ipAddress, "127.0.0.1")
        XCTAssertEqual(accounting.retransmission, RetransmissionPolicy(timeout: .seconds(1), attempts: 4),
                       "timeout as for Access-Requests, 3 retransmissions")
        XCTAssertEqual(accounting.sessionHold, .zero)
        XCTAssertNil(accounting.interimInterval)
        XCTAssertFalse(accounting.spreadInterims)
        XCTAssertFalse(accounting.spreadSessions)
        XCTAssertNil(accounting.dynamicAuthorization)
    }

    func testEveryAccountingOption() throws {
        let options = try LoadOptions.parse([
            "--subscribers", "s", "--secret", "x", "--accounting", "--acct-port", "1646", "--session-hold-ms", "30000",
            "--interim-ms", "500", "--spread-interims", "--spread-sessions", "--dae-port", "3799", "--dae-bind", "127.0.0.2", "--timeout", "0.5",
            "--output-octets-per-s", "5000000000", "--input-octets-per-s", "7",
        ])
        let accounting = try XCTUnwrap(try options.configuration().accounting)
        XCTAssertEqual(accounting.server.port, 1646)
        XCTAssertEqual(accounting.retransmission.timeout, .milliseconds(500))
        XCTAssertEqual(accounting.sessionHold, .milliseconds(30_000))
        XCTAssertEqual(accounting.interimInterval, .milliseconds(500))
        XCTAssertTrue(accounting.spreadInterims)
        XCTAssertTrue(accounting.spreadSessions)
        XCTAssertEqual(accounting.dynamicAuthorization?.host, "127.0.0.2")
        XCTAssertEqual(accounting.dynamicAuthorization?.port, 3799)
        XCTAssertEqual(accounting.traffic, TrafficModel(inputOctetsPerSecond: 7, outputOctetsPerSecond: 5_000_000_000))
    }

    func testSessionOptionsNeedAccountingAndSaneValues() {
        let bad: [[String]] = [
            ["--session-hold-ms", "10"], ["--interim-ms", "10"], ["--spread-interims"], ["--spread-sessions"], ["--dae-port", "3799"], ["--acct-port", "1813"],
            ["--accounting", "--session-hold-ms", "-1"], ["--accounting", "--interim-ms", "0"],
            ["--accounting", "--dae-port", "70000"], ["--accounting", "--acct-port", "0"],
            ["--accounting", "--server", "127.0.0.1:65535"],
        ]
        for arguments in bad {
            XCTAssertThrowsError(try LoadOptions.parse(["--subscribers", "s", "--secret", "x"] + arguments), "\(arguments)")
        }
    }

    func testSpreadSessionsDrawHoldsAroundTheSameMean() throws {
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1813)
        var settings = AccountingSettings(server: address, sessionHold: .milliseconds(3_000))
        XCTAssertEqual(settings.hold(random: { _ in XCTFail("no draw without --spread-sessions"); return 0 }), .milliseconds(3_000))
        settings.spreadSessions = true
        var drawn: ClosedRange<Int64>?
        XCTAssertEqual(settings.hold(random: { range in drawn = range; return range.lowerBound }), .milliseconds(1_500))
        XCTAssertEqual(drawn, 1_500_000_000...4_500_000_000, "half to one and a half times the hold: the mean stays")
        settings.sessionHold = .zero
        XCTAssertEqual(settings.hold(), .zero, "no hold stays no hold")
    }
}
