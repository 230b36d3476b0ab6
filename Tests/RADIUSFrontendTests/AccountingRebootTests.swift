import Foundation
import RADIUS
import RADIUSFrontend
import SessionStore
import XCTest

/// Accounting-On/Off semantics across reboots (regression tests for a bug found in review).
final class AccountingRebootTests: XCTestCase {
    /// An AP that reboots twice sends the same Accounting-On both times when it adds no
    /// Event-Timestamp (RFC 2866 requires none): the second is stored once, yet it must still end
    /// the sessions opened between the two reboots.
    func testASecondRebootEndsTheSessionsOpenedSinceTheFirst() async throws {
        let harness = try AccountingHarness()
        defer { harness.remove() }
        func accountingOn(identifier: UInt8) -> RADIUSPacket {
            var on = RADIUSPacket(code: .accountingRequest, identifier: identifier)
            on.acctStatusType = .accountingOn
            on.nasIdentifier = "ap-lobby"
            on.nasIPAddress = IPv4Address(10, 7, 15, 72)
            on.acctSessionId = "0"
            return on
        }
        try await harness.authorize(AccountingData.authorized("twag:before-first-reboot"))
        _ = try await harness.send(accountingOn(identifier: 1))
        try await harness.authorize(AccountingData.authorized("twag:between-reboots"))
        let second = try await harness.send(accountingOn(identifier: 2))
        XCTAssertNotNil(second.answer)
        let row = try await XCTUnwrapAsync(try await harness.store.session(class: "twag:between-reboots"))
        XCTAssertFalse(row.isLive, "the second Accounting-On ends the sessions of the second boot")
    }
}
