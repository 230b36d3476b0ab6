import IPC
import XCTest

/// `disconnect-request` / `disconnect-result` (docs/ipc.md) through the wire encoding and back.
final class IPCDisconnectTests: XCTestCase {
    static let full = IPCDisconnectRequest(
        sessionClass: "twag:0123456789abcdef", clientIP: "2001:db8::7", userName: "0234150999999999@wlan.example",
        acctSessionID: "5F3A0001", callingStationID: "02-00-00-00-00-01", nasIP: "10.7.15.72", nasIdentifier: "ap-lobby",
        cause: "HSS Registration-Termination")

    private func roundTrip(_ frame: IPCFrame) throws -> IPCFrame {
        let decoded = try IPCFrame(decoding: frame.encoded())
        XCTAssertEqual(decoded, frame)
        return decoded
    }

    func testRequestRoundTripsWithEveryField() throws {
        let frame = try roundTrip(IPCFrame(type: .disconnectRequest, correlationID: 9, fields: Self.full.fields))
        XCTAssertEqual(try IPCDisconnectRequest(frame: frame), Self.full)
        XCTAssertEqual(try frame.string(.sessionID), "twag:0123456789abcdef")
        XCTAssertEqual(try frame.string(.clientAddress), "2001:db8::7")
        XCTAssertEqual(try frame.string(.nasAddressText), "10.7.15.72")
    }

    func testRequestRoundTripsWithOnlyTheRequiredFields() throws {
        let minimal = IPCDisconnectRequest(sessionClass: "twag:1", clientIP: "10.0.0.1", userName: "user", acctSessionID: nil,
                                           callingStationID: nil, nasIP: nil, nasIdentifier: nil, cause: "quota exhausted")
        XCTAssertEqual(minimal.fields.count, 4)
        let frame = try roundTrip(IPCFrame(type: .disconnectRequest, correlationID: 1, fields: minimal.fields))
        XCTAssertEqual(try IPCDisconnectRequest(frame: frame), minimal)
    }

    func testMissingCauseDefaultsToUnspecified() throws {
        let fields = Self.full.fields.filter { $0.tag != .disconnectCause }
        let request = try IPCDisconnectRequest(frame: IPCFrame(type: .disconnectRequest, correlationID: 1, fields: fields))
        XCTAssertEqual(request.cause, "unspecified")
    }

    func testMissingRequiredFieldsAreRefused() {
        for tag in [IPCTag.sessionID, .clientAddress, .userName] {
            let fields = Self.full.fields.filter { $0.tag != tag }
            let frame = IPCFrame(type: .disconnectRequest, correlationID: 1, fields: fields)
            XCTAssertThrowsError(try IPCDisconnectRequest(frame: frame), "\(tag)") { error in
                XCTAssertEqual(error as? IPCFieldError, .missing(tag: tag, message: .disconnectRequest))
            }
        }
    }

    func testInvalidUTF8IsRefused() {
        var fields = Self.full.fields
        fields.insert(IPCField(.acctSessionID, bytes: [0xC3, 0x28]), at: 0)
        let frame = IPCFrame(type: .disconnectRequest, correlationID: 1, fields: fields)
        XCTAssertThrowsError(try IPCDisconnectRequest(frame: frame)) { error in
            XCTAssertEqual(error as? IPCFieldError, .invalidUTF8(tag: .acctSessionID))
        }
    }

    func testEveryOutcomeRoundTrips() throws {
        let outcomes: [IPCDisconnectOutcome] = [
            .acknowledged, .refused(errorCause: 503), .refused(errorCause: nil), .noAnswer, .failed("no RADIUS secret for 10.0.0.1"),
        ]
        for (index, outcome) in outcomes.enumerated() {
            let frame = try roundTrip(outcome.frame(correlationID: UInt64(index)))
            XCTAssertEqual(frame.type, .disconnectResult)
            XCTAssertEqual(frame.correlationID, UInt64(index))
            XCTAssertEqual(try IPCDisconnectOutcome(frame: frame), outcome)
        }
    }

    func testOutcomeWireValues() throws {
        XCTAssertEqual(try IPCDisconnectOutcome.acknowledged.frame(correlationID: 1).string(.disconnectOutcome), "ack")
        let nak = IPCDisconnectOutcome.refused(errorCause: 503).frame(correlationID: 1)
        XCTAssertEqual(try nak.string(.disconnectOutcome), "nak")
        XCTAssertEqual(try nak.uint32(.errorCause), 503)
        XCTAssertEqual(try IPCDisconnectOutcome.noAnswer.frame(correlationID: 1).string(.disconnectOutcome), "timeout")
        let failed = IPCDisconnectOutcome.failed("why").frame(correlationID: 1)
        XCTAssertEqual(try failed.string(.disconnectOutcome), "error")
        XCTAssertEqual(try failed.string(.errorMessage), "why")
    }

    func testUnknownOrMissingOutcomeIsAFailure() throws {
        let unknown = IPCFrame(type: .disconnectResult, correlationID: 1, fields: [IPCField(.disconnectOutcome, string: "maybe")])
        XCTAssertEqual(try IPCDisconnectOutcome(frame: unknown), .failed("unknown outcome"))
        let empty = IPCFrame(type: .disconnectResult, correlationID: 1)
        XCTAssertEqual(try IPCDisconnectOutcome(frame: empty), .failed("unknown outcome"))
        let badCause = IPCFrame(type: .disconnectResult, correlationID: 1, fields: [
            IPCField(.disconnectOutcome, string: "nak"), IPCField(.errorCause, bytes: [1, 2]),
        ])
        XCTAssertThrowsError(try IPCDisconnectOutcome(frame: badCause))
    }
}
