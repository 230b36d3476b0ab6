import RADIUS
import RADIUSFrontend
import XCTest

final class RequestValidatorTests: XCTestCase {
    let validator = RequestValidator(requireMessageAuthenticator: true)

    func testValidEAPRequestPasses() throws {
        let bytes = try TestData.accessRequest().encodeRequest(secret: TestData.secret)
        let request = try validator.validate(bytes, secret: TestData.secret).get()
        XCTAssertEqual(request.packet.eapMessage, TestData.eapIdentity)
    }

    func testWrongSecretIsBadMessageAuthenticator() throws {
        let bytes = try TestData.accessRequest().encodeRequest(secret: Array("other".utf8))
        XCTAssertEqual(validator.validate(bytes, secret: TestData.secret), .failure(.badMessageAuthenticator))
    }

    func testEAPWithoutMessageAuthenticatorIsMissing() throws {
        let bytes = try TestData.accessRequest().encodeRequest(secret: TestData.secret, messageAuthenticator: .ifPresent)
        let lenient = RequestValidator(requireMessageAuthenticator: false)
        XCTAssertEqual(lenient.validate(bytes, secret: TestData.secret), .failure(.missingMessageAuthenticator))
    }

    func testNonEAPRequestNeedsMessageAuthenticatorOnlyWhenRequired() throws {
        let bytes = try TestData.accessRequest(eap: nil).encodeRequest(secret: TestData.secret, messageAuthenticator: .ifPresent)
        XCTAssertEqual(validator.validate(bytes, secret: TestData.secret), .failure(.missingMessageAuthenticator))
        XCTAssertNoThrow(try RequestValidator(requireMessageAuthenticator: false).validate(bytes, secret: TestData.secret).get())
    }

    func testMalformedAndUnknownCodes() throws {
        var bytes = try TestData.accessRequest().encodeRequest(secret: TestData.secret)
        XCTAssertEqual(validator.validate(Array(bytes.prefix(10)), secret: TestData.secret), .failure(.malformed))
        bytes[3] &+= 1  // Length beyond the datagram
        XCTAssertEqual(validator.validate(bytes, secret: TestData.secret), .failure(.malformed))
        bytes[3] &-= 1
        bytes[0] = 99
        XCTAssertEqual(validator.validate(bytes, secret: TestData.secret), .failure(.unknownCode))
        bytes[0] = RADIUSCode.accountingRequest.rawValue
        XCTAssertEqual(validator.validate(bytes, secret: TestData.secret), .failure(.unknownCode))
        bytes[0] = RADIUSCode.accessAccept.rawValue
        XCTAssertEqual(validator.validate(bytes, secret: TestData.secret), .failure(.unknownCode))
    }

    func testStatusServerNeedsMessageAuthenticator() throws {
        let packet = RADIUSPacket(code: .statusServer, identifier: 1, authenticator: RADIUSPacket.randomAuthenticator())
        let signed = try packet.encodeRequest(secret: TestData.secret)
        XCTAssertEqual(try validator.validate(signed, secret: TestData.secret).get().packet.code, .statusServer)
        var unsigned = try packet.encode()
        XCTAssertEqual(RequestValidator(requireMessageAuthenticator: false).validate(unsigned, secret: TestData.secret),
                       .failure(.missingMessageAuthenticator))
        unsigned = signed
        unsigned[unsigned.count - 1] ^= 1
        XCTAssertEqual(validator.validate(unsigned, secret: TestData.secret), .failure(.badMessageAuthenticator))
    }
}
