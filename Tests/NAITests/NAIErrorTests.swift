import NAI
import XCTest

final class NAIErrorTests: XCTestCase {
    private func assertError(_ text: String, _ expected: NAIError, line: UInt = #line) {
        XCTAssertThrowsError(try NAI(text), line: line) { error in
            XCTAssertEqual(error as? NAIError, expected, text, line: line)
        }
    }

    func testStructuralErrors() {
        assertError("", .empty)
        XCTAssertThrowsError(try NAI(bytes: [UInt8]())) { XCTAssertEqual($0 as? NAIError, .empty) }
        let long = String(repeating: "a", count: 240) + "@example.org"  // 252 octets: fine
        XCTAssertNoThrow(try NAI(long))
        assertError(long + "xy", .tooLong(octets: 254))
        XCTAssertNoThrow(try NAI(String(repeating: "a", count: 241) + "@example.org"), "253 octets is the limit")
        XCTAssertThrowsError(try NAI(bytes: [0x30, 0xff, 0x40, 0x61])) { XCTAssertEqual($0 as? NAIError, .invalidUTF8) }
        XCTAssertThrowsError(try NAI(bytes: [0x30, 0xc3])) { XCTAssertEqual($0 as? NAIError, .invalidUTF8) }
    }

    func testInvalidCharacters() {
        assertError("al ice@example.org", .invalidCharacter(offset: 2))
        assertError("alice\u{0}@example.org", .invalidCharacter(offset: 5))
        assertError("\"alice\"@example.org", .invalidCharacter(offset: 0))
        assertError("a,b", .invalidCharacter(offset: 1))
        assertError("user@exa mple.org", .malformedRealm(.invalidCharacter))
        assertError("user@exa_mple.org", .malformedRealm(.invalidCharacter))
        XCTAssertEqual(try NAI("jöhn@exämple.org").realm, "exämple.org", "UTF-8 allowed (RFC 7542)")
    }

    func testMalformedRealms() {
        assertError("user@", .malformedRealm(.empty))
        assertError("user@.example.org", .malformedRealm(.emptyLabel))
        assertError("user@example..org", .malformedRealm(.emptyLabel))
        assertError("user@example.org.", .malformedRealm(.emptyLabel))
        assertError("user@-example.org", .malformedRealm(.hyphenAtLabelEdge))
        assertError("user@example-.org", .malformedRealm(.hyphenAtLabelEdge))
        assertError("user@example.org-", .malformedRealm(.hyphenAtLabelEdge))
        assertError("user@localhost", .malformedRealm(.singleLabel))
        assertError("user@" + String(repeating: "a", count: 64) + ".org", .malformedRealm(.labelTooLong))
        XCTAssertNoThrow(try NAI("user@" + String(repeating: "a", count: 63) + ".org"))
        XCTAssertEqual(try NAI("user@a-b.example.org").realm, "a-b.example.org")
        // The realm is after the LAST "@".
        XCTAssertEqual(try NAI("user@host@example.org").realm, "example.org")
        XCTAssertEqual(try NAI("user@host@example.org").username, "user@host")
        XCTAssertEqual(try NAI("user").realm, nil)
    }

    func testDecorationErrors() {
        assertError("!0234150999999999@example.org", .malformedRealm(.empty))
        assertError("home!0234150999999999@example.org", .malformedRealm(.singleLabel))
        assertError("home.example.org!@visited.example.org", .emptyDecoratedUsername)
        assertError("a.example.org!!0234150999999999@example.org", .malformedRealm(.empty))
        assertError("a.example.org!b!0234150999999999@example.org", .malformedRealm(.singleLabel))
        assertError("a.example.org!b.example.org!@example.org", .emptyDecoratedUsername)
    }

    func testNestedDecoration() throws {
        // RFC 7542 3.3.1: each proxy strips the first decoration; the identity is the last segment.
        let nai = try NAI("a.example.org!b.example.org!0234150999999999@c.example.org")
        XCTAssertEqual(nai.decoration, "a.example.org")
        XCTAssertEqual(nai.innerUsername, "b.example.org!0234150999999999")
        XCTAssertEqual(nai.kind, .permanent(.aka))
        XCTAssertEqual(nai.imsi?.digits, "234150999999999")
        let hop1 = try nai.undecorated()
        XCTAssertEqual(hop1.value, "b.example.org!0234150999999999@a.example.org")
        XCTAssertEqual(hop1.decoration, "b.example.org")
        let hop2 = try hop1.undecorated()
        XCTAssertEqual(hop2.value, "0234150999999999@b.example.org")
        XCTAssertFalse(hop2.isDecorated)
    }

    func testIMSIErrors() {
        assertError("0@example.org", .invalidIMSI(.tooShort))
        assertError("012345@example.org", .invalidIMSI(.tooShort))
        XCTAssertEqual(try NAI("0123456@example.org").imsi?.digits, "123456", "6 digits is the minimum")
        assertError("01234567890123456@example.org", .invalidIMSI(.tooLong))
        assertError("023415099999999x@example.org", .invalidIMSI(.nonDigit))
        assertError("6234150999999999.1@example.org", .invalidIMSI(.nonDigit))
        assertError("1abc", .invalidIMSI(.nonDigit))
        // A combining mark after the digit is not a digit.
        assertError("0\u{301}234150999999999@example.org", .invalidIMSI(.nonDigit))
        XCTAssertThrowsError(try IMSI("")) { XCTAssertEqual($0 as? NAIError, .invalidIMSI(.tooShort)) }
        XCTAssertThrowsError(try IMSI("１２３４５６")) { XCTAssertEqual($0 as? NAIError, .invalidIMSI(.nonDigit)) }
    }

    func testPLMNErrors() throws {
        let imsi = try IMSI("234150999999999")
        XCTAssertThrowsError(try imsi.plmn(mncLength: 1)) { XCTAssertEqual($0 as? NAIError, .invalidMNCLength(1)) }
        XCTAssertThrowsError(try NAI.root(imsi: imsi, mncLength: 4, method: .aka, realmForm: .wlan)) {
            XCTAssertEqual($0 as? NAIError, .invalidMNCLength(4))
        }
        XCTAssertThrowsError(try PLMN(mcc: "23", mnc: "15")) { XCTAssertEqual($0 as? NAIError, .invalidPLMN) }
        XCTAssertThrowsError(try PLMN(mcc: "234", mnc: "1")) { XCTAssertEqual($0 as? NAIError, .invalidPLMN) }
        XCTAssertThrowsError(try PLMN(mcc: "234", mnc: "1a")) { XCTAssertEqual($0 as? NAIError, .invalidPLMN) }
        XCTAssertEqual(try PLMN(mcc: "234", mnc: "15").mncLabel, "015")
        XCTAssertEqual(try PLMN(mcc: "310", mnc: "150").mncLabel, "150")
        XCTAssertEqual(try NAI.root(imsi: imsi, mncLength: 2, method: .sim, realmForm: .wlan).value,
                       "1234150999999999@wlan.mnc015.mcc234.3gppnetwork.org")
    }
}
