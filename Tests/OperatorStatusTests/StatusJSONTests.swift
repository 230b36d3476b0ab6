import Foundation
import IPC
import OperatorStatus
import XCTest

/// Every document survives StatusJSON's snake_case round trip (a key like "callingStationID" would
/// come back as "callingStationId" and be lost without an explicit spelling).
final class StatusJSONTests: XCTestCase {
    let at = Date(timeIntervalSince1970: 1_796_362_212.5)

    func testEveryDocumentRoundTrips() throws {
        let event = AuthenticationEvent(identity: "0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org", imsi: "001010000000001",
                                        state: .rejected, reason: "RES verification failed",
                                        accessPoint: "192.0.2.10", callingStationID: "02-00-00-00-00-01", sessionClass: "twag:00", at: at)
        let peer = DiameterPeerReport(host: "hss.lab.twag", realm: "lab.twag", address: "127.0.0.1:3868", transport: "tcp",
                                      state: "open", stateSince: at, priority: 1, initiatedLocally: true, productName: "HSS",
                                      announcedHost: "hss1", applications: ["3GPP SWx"], lastWatchdog: at)
        let charging = ChargingSessionReport(sessionClass: "twag:00", phase: "open", quotaLimitOctets: 10_485_760, usedOctets: 5,
                                             reportedOctets: 3, finalUnits: true, validUntil: at, requests: 2)
        let frontend = ServiceStatus(service: "radius-frontend", instance: "fe-1", startedAt: at, resources: .current(),
                                     configuration: "", details: ["listeners": "0.0.0.0:1812", "allowedSubnets": "x"])
        let status = ServiceStatus(service: "aaa-core", instance: "1a2b", startedAt: at, resources: .current(),
                                   configuration: "radius:\n  secret: \"***\"\n", diameterPeers: [peer], conversations: 3,
                                   recentAuthentications: [event], connected: [frontend], details: ["charging_mode": "online"],
                                   chargingSessions: [charging])
        XCTAssertEqual(try StatusJSON.decode(ServiceStatus.self, from: StatusJSON.encode(status)), status)
        let text = String(decoding: try StatusJSON.encode(event), as: UTF8.self)
        XCTAssertTrue(text.contains(#""calling_station_id":"02-00-00-00-00-01""#), text)
        XCTAssertTrue(text.contains(#""at":"2026-12-04T05:30:12.500Z""#), text)

        let test = DiameterTestReport(imsi: "001010000000001", scheme: "EAP-AKA", resultCode: 5001, outcome: "user_unknown",
                                      vectorCount: 0, latencyMilliseconds: 1.5, detail: "DIAMETER_ERROR_USER_UNKNOWN")
        XCTAssertEqual(try StatusJSON.decode(DiameterTestReport.self, from: StatusJSON.encode(test)), test)
        let report = DisconnectReport(entries: [.init(sessionClass: "twag:00", imsi: "001010000000001", accessPoint: "192.0.2.10",
                                                      outcome: "nak", detail: "Error-Cause 503")])
        XCTAssertEqual(try StatusJSON.decode(DisconnectReport.self, from: StatusJSON.encode(report)), report)
    }

    func testRepliesAreReadOrRefusedWithATypedError() throws {
        let reply = IPCFrame.document(DisconnectReport(entries: []), type: .operatorDisconnectResult, correlationID: 1)
        XCTAssertEqual(try reply.document(DisconnectReport.self, expecting: .operatorDisconnectResult), DisconnectReport(entries: []))
        XCTAssertThrowsError(try reply.document(DisconnectReport.self, expecting: .statusResult)) { error in
            XCTAssertEqual(error as? StatusDocumentError, .unexpectedReply("operator-disconnect-result"))
        }
        let refused = IPCFrame.error(.unsupportedMessage, "no", correlationID: 1)
        XCTAssertThrowsError(try refused.document(DisconnectReport.self, expecting: .operatorDisconnectResult)) { error in
            XCTAssertEqual(error as? StatusDocumentError, .refused("no"))
        }
        let garbage = IPCFrame(type: .statusResult, correlationID: 1, fields: [IPCField(.statusDocument, bytes: Array("{".utf8))])
        XCTAssertThrowsError(try garbage.document(ServiceStatus.self, expecting: .statusResult))
    }

    func testEndpointHost() {
        XCTAssertEqual(AuthenticationEvent.host(ofEndpoint: "192.0.2.10:40000"), "192.0.2.10")
        XCTAssertEqual(AuthenticationEvent.host(ofEndpoint: "[2001:db8::1]:1812"), "2001:db8::1")
        XCTAssertEqual(AuthenticationEvent.host(ofEndpoint: "2001:db8::1"), "2001:db8::1")
        XCTAssertEqual(AuthenticationEvent.host(ofEndpoint: "ap-7"), "ap-7")
    }

    func testTimesAreReadStrictly() {
        XCTAssertEqual(Timestamp.date("2026-12-04T10:00:00Z")?.timeIntervalSince1970, 1_796_378_400)
        XCTAssertEqual(Timestamp.date("2026-12-04T11:00:00+01:00")?.timeIntervalSince1970, 1_796_378_400)
        XCTAssertEqual(Timestamp.date("2026-12-04T05:00:00-05:00")?.timeIntervalSince1970, 1_796_378_400)
        XCTAssertEqual(Timestamp.date("2026-12-04T10:00:00.250Z")?.timeIntervalSince1970, 1_796_378_400.25)
        XCTAssertNotNil(Timestamp.date("2028-02-29T00:00:00Z"), "a leap day")
        for bad in ["2026-02-30T00:00:00Z", "2026-12-04T25:00:00Z", "2026-12-04T05:61:00Z", "2026-12-04T10:00:00Zgarbage",
                    "2026-12-04T10:00:00Z' OR '1'='1", "2026-12-04T10:00:00+0100x", "2026-12-04 10:00:00Z", "2026-12-04",
                    "2026-12-04T10:00:00", "2026-12-04T10:00:00.Z", "yesterday", ""] {
            XCTAssertNil(Timestamp.date(bad), bad)
        }
    }
}
