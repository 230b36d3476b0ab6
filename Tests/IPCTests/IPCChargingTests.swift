import IPC
import WireFormat
import XCTest

/// `charging-authorize` and its result through the wire format, full and minimal, and refused when
/// a required field is missing.
final class IPCChargingTests: XCTestCase {
    func roundTrip(_ frame: IPCFrame) throws -> IPCFrame {
        try IPCFrame(decoding: frame.encoded())
    }

    func testAuthorizeRoundTrips() throws {
        let full = IPCChargingAuthorize(sessionClass: "twag:0011", imsi: "001010000000001", msisdn: "33600000001",
                                        userName: "0001010000000001@wlan", callingStationID: "02-00-00-00-00-01",
                                        calledStationID: "AA-BB-CC-DD-EE-FF:TWAG", nasIP: "192.0.2.10")
        let frame = try roundTrip(IPCFrame(type: .chargingAuthorize, correlationID: 9, fields: full.fields))
        XCTAssertEqual(try IPCChargingAuthorize(frame: frame), full)
        let minimal = IPCChargingAuthorize(sessionClass: "twag:1", imsi: "001010000000002")
        XCTAssertEqual(try IPCChargingAuthorize(frame: roundTrip(IPCFrame(type: .chargingAuthorize, correlationID: 1,
                                                                            fields: minimal.fields))), minimal)
        XCTAssertThrowsError(try IPCChargingAuthorize(frame: IPCFrame(type: .chargingAuthorize, correlationID: 1,
                                                                      fields: [IPCField(.imsi, string: "1")])))
    }

    func testResultRoundTrips() throws {
        for result in [
            IPCChargingResult(resultCode: 2001, grantedOctets: 10_485_760, validityTime: 600, sessionTimeout: 600,
                              acctInterimInterval: 60),
            IPCChargingResult(resultCode: 2001, degraded: true),
            IPCChargingResult(resultCode: 4012, reason: "credit_limit_reached"),
        ] {
            let frame = try roundTrip(result.frame(correlationID: 77))
            XCTAssertEqual(frame.type, .chargingAuthorizeResult)
            XCTAssertEqual(frame.correlationID, 77)
            XCTAssertEqual(try IPCChargingResult(frame: frame), result)
        }
        XCTAssertTrue(IPCChargingResult(resultCode: 2001).isAdmitted)
        XCTAssertFalse(IPCChargingResult(resultCode: 0, reason: "ocs_unreachable").isAdmitted)
        XCTAssertThrowsError(try IPCChargingResult(frame: IPCFrame(type: .chargingAuthorizeResult, correlationID: 1)))
    }
}
