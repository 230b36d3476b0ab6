import Foundation
import TWAGAdmin
import XCTest

final class LoginThrottleTests: XCTestCase {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func testFailuresFromOneAddressLockItOutUntilTheWindowMovesOn() {
        var throttle = LoginThrottle(limit: 3, window: 300)
        for attempt in 0..<3 {
            XCTAssertTrue(throttle.allows(address: "192.0.2.1", user: "u\(attempt)", now: start))
            throttle.recordFailure(address: "192.0.2.1", user: "u\(attempt)", now: start)
        }
        XCTAssertFalse(throttle.allows(address: "192.0.2.1", user: "someone-else", now: start.addingTimeInterval(10)))
        XCTAssertTrue(throttle.allows(address: "192.0.2.2", user: "someone-else", now: start.addingTimeInterval(10)),
                      "another address is not affected")
        XCTAssertTrue(throttle.allows(address: "192.0.2.1", user: "u9", now: start.addingTimeInterval(301)))
    }

    func testFailuresForOneAccountLockItFromEveryAddress() {
        var throttle = LoginThrottle(limit: 2, window: 300)
        throttle.recordFailure(address: "198.51.100.1", user: "Admin", now: start)
        throttle.recordFailure(address: "198.51.100.2", user: "admin", now: start)
        XCTAssertFalse(throttle.allows(address: "198.51.100.3", user: "ADMIN", now: start), "names compare case-insensitively")
    }

    func testASuccessClearsItsAddressAndAccount() {
        var throttle = LoginThrottle(limit: 2, window: 300)
        throttle.recordFailure(address: "192.0.2.1", user: "admin", now: start)
        throttle.recordSuccess(address: "192.0.2.1", user: "admin")
        throttle.recordFailure(address: "192.0.2.1", user: "admin", now: start)
        XCTAssertTrue(throttle.allows(address: "192.0.2.1", user: "admin", now: start))
    }

    func testASprayOfAddressesStaysBounded() {
        var throttle = LoginThrottle(limit: 5, window: 300, maximumKeys: 100)
        for index in 0..<10_000 {
            throttle.recordFailure(address: "10.0.\(index / 256).\(index % 256)", user: "admin", now: start)
        }
        // The account's own failures are recent and kept: it stays locked.
        XCTAssertFalse(throttle.allows(address: "203.0.113.9", user: "admin", now: start))
    }
}

final class SecretTokenTests: XCTestCase {
    func testTokensAreRandomAndURLSafe() {
        let tokens = (0..<100).map { _ in SecretToken.make() }
        XCTAssertEqual(Set(tokens).count, 100)
        for token in tokens {
            XCTAssertEqual(token.count, 43)
            XCTAssertTrue(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, token)
        }
    }

    func testComparison() {
        XCTAssertTrue(SecretToken.equal("abc", "abc"))
        XCTAssertFalse(SecretToken.equal("abc", "abd"))
        XCTAssertFalse(SecretToken.equal("abc", "abcd"))
        XCTAssertFalse(SecretToken.equal("", ""), "an empty token never matches")
        XCTAssertTrue(SecretToken.contains(["one-token-0000000", "two-token-0000000"], "two-token-0000000"))
        XCTAssertFalse(SecretToken.contains(["one-token-0000000"], "one-token-000000"))
    }

    func testIdleSessions() {
        let now = Date()
        var session = OperatorSession(user: "admin", now: now)
        XCTAssertFalse(session.isIdle(now: now.addingTimeInterval(899), timeout: 900))
        XCTAssertTrue(session.isIdle(now: now.addingTimeInterval(901), timeout: 900))
        session.lastActive = now.addingTimeInterval(600)
        XCTAssertFalse(session.isIdle(now: now.addingTimeInterval(901), timeout: 900))
        XCTAssertNotEqual(session.csrfToken, OperatorSession(user: "admin", now: now).csrfToken)
    }
}
