import IPC
import RADIUS
import RADIUSFrontend
import XCTest

final class AuthDecisionTests: XCTestCase {
    func testChallenge() throws {
        let frame = IPCFrame(type: .authChallenge, correlationID: 1,
                             fields: [IPCField(.eapMessage, bytes: [1, 2, 0, 4]), IPCField(.radiusState, bytes: [9, 9])])
        XCTAssertEqual(try AuthDecision(frame: frame), .challenge(eap: [1, 2, 0, 4], state: [9, 9]))
    }

    func testAccept() throws {
        let frame = IPCFrame(type: .authAccept, correlationID: 1, fields: [
            IPCField(.eapMessage, bytes: [3, 2, 0, 4]), IPCField(.msk, bytes: TestData.msk),
            IPCField(.sessionClass, string: "twag-session-1"), IPCField(.acceptedUserName, string: "user@realm"),
            IPCField(.sessionTimeout, uint32: 3600), IPCField(.imsi, string: "234150999999999"),
        ])
        guard case .accept(let acceptance) = try AuthDecision(frame: frame) else { return XCTFail("not an accept") }
        XCTAssertEqual(acceptance.msk, TestData.msk)
        XCTAssertEqual(acceptance.sessionClass, Array("twag-session-1".utf8))
        XCTAssertEqual(acceptance.userName, "user@realm")
        XCTAssertEqual(acceptance.sessionTimeout, 3600)
        XCTAssertNil(acceptance.acctInterimInterval)
        XCTAssertFalse(acceptance.description.contains("0, 1, 2"))
        var dumped = ""
        dump(acceptance, to: &dumped)
        XCTAssertFalse(dumped.contains("0, 1, 2"))
        XCTAssertFalse(String(reflecting: acceptance).contains("0, 1, 2"))
    }

    func testRejectAndDiscard() throws {
        XCTAssertEqual(try AuthDecision(frame: IPCFrame(type: .authReject, correlationID: 1, fields: [
            IPCField(.eapMessage, bytes: [4, 2, 0, 4]), IPCField(.rejectReason, string: "res-mismatch"),
        ])), .reject(eap: [4, 2, 0, 4], reason: "res-mismatch"))
        XCTAssertEqual(try AuthDecision(frame: IPCFrame(type: .authDiscard, correlationID: 1, fields: [])), .discard(reason: nil))
    }

    func testInvalidFrames() {
        XCTAssertThrowsError(try AuthDecision(frame: IPCFrame(type: .pong, correlationID: 1))) { error in
            XCTAssertEqual(error as? AuthDecisionError, .unexpectedType(.pong))
        }
        XCTAssertThrowsError(try AuthDecision(frame: IPCFrame(type: .authChallenge, correlationID: 1,
                                                               fields: [IPCField(.eapMessage, bytes: [1])]))) { error in
            XCTAssertEqual(error as? AuthDecisionError, .field(.missing(tag: .radiusState, message: .authChallenge)))
        }
        XCTAssertThrowsError(try AuthDecision(frame: IPCFrame(type: .authAccept, correlationID: 1, fields: [
            IPCField(.eapMessage, bytes: [3, 2, 0, 4]), IPCField(.msk, bytes: [1, 2, 3]), IPCField(.sessionClass, bytes: [1]),
        ]))) { error in
            XCTAssertEqual(error as? AuthDecisionError, .mskLengthInvalid(3))
        }
        XCTAssertThrowsError(try AuthDecision(frame: IPCFrame(type: .authAccept, correlationID: 1, fields: [
            IPCField(.eapMessage, bytes: [3, 2, 0, 4]), IPCField(.msk, bytes: TestData.msk), IPCField(.sessionClass, bytes: [1]),
            IPCField(tag: .sessionTimeout, value: [1, 2]),
        ]))) { error in
            XCTAssertEqual(error as? AuthDecisionError, .field(.wrongSize(tag: .sessionTimeout, expected: 4, actual: 2)))
        }
    }

    func testForwardRequestCarriesTheRADIUSContext() throws {
        let packet = TestData.accessRequest(state: [5, 5, 5])
        let request = try XCTUnwrap(AuthForwardRequest(packet: packet, client: TestData.apIP, frontendID: "fe-1"))
        let frame = IPCFrame(type: .authRequest, correlationID: 3, fields: request.fields)
        XCTAssertEqual(frame.bytes(.eapMessage), TestData.eapIdentity)
        XCTAssertEqual(frame.bytes(.radiusState), [5, 5, 5])
        XCTAssertEqual(try frame.string(.userName), packet.userName)
        XCTAssertEqual(frame.bytes(.nasIPAddress), [10, 7, 15, 72])
        XCTAssertEqual(try frame.string(.nasIdentifier), "ap-lobby")
        XCTAssertEqual(try frame.string(.calledStationID), "64-D9-89-1D-A4-20:ONS")
        XCTAssertEqual(try frame.string(.callingStationID), "02-00-00-00-00-01")
        XCTAssertEqual(try frame.uint32(.nasPortType), 19)
        XCTAssertEqual(try frame.uint32(.framedMTU), 1400)
        XCTAssertEqual(try frame.string(.clientAddress), "127.0.0.1:40000")
        XCTAssertEqual(try frame.string(.frontendID), "fe-1")
        XCTAssertNil(AuthForwardRequest(packet: TestData.accessRequest(eap: nil), client: TestData.apIP, frontendID: "fe-1"))
    }
}
