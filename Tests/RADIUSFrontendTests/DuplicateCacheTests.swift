import RADIUSFrontend
import XCTest

final class DuplicateCacheTests: XCTestCase {
    let start = ContinuousClock.now
    func key(_ id: UInt8, port: UInt16 = 40000, auth: UInt8 = 0) -> DuplicateKey {
        DuplicateKey(client: ClientEndpoint(address: [127, 0, 0, 1], port: port)!, identifier: id,
                     authenticator: [UInt8](repeating: auth, count: 16))
    }

    /// Every part of the key tells requests apart: address (and family), port, Identifier, each
    /// octet of the Request Authenticator.
    func testKeysDifferInEveryComponent() {
        func make(_ address: [UInt8], port: UInt16 = 1, id: UInt8 = 1, auth: [UInt8] = Array(0..<16)) -> DuplicateKey {
            DuplicateKey(client: ClientEndpoint(address: address, port: port)!, identifier: id, authenticator: auth)
        }
        var keys: Set<DuplicateKey> = [make([10, 0, 0, 1]), make([10, 0, 0, 2]), make([10, 0, 0, 1], port: 2),
                                       make([10, 0, 0, 1], id: 2), make([0x20, 0x01] + Array(repeating: 0, count: 10) + [10, 0, 0, 1])]
        for octet in 0..<16 {
            var auth = Array(UInt8(0)..<16)
            auth[octet] ^= 0x80
            keys.insert(make([10, 0, 0, 1], auth: auth))
        }
        XCTAssertEqual(keys.count, 21)
        XCTAssertEqual(make([10, 0, 0, 1]), make([10, 0, 0, 1]))
    }

    func testInProgressThenAnswered() {
        var cache = DuplicateCache(window: .seconds(30))
        XCTAssertEqual(cache.begin(key(1), now: start), .new)
        XCTAssertEqual(cache.begin(key(1), now: start + .seconds(1)), .inProgress)
        cache.complete(key(1), answer: [1, 2, 3], now: start + .seconds(2))
        XCTAssertEqual(cache.begin(key(1), now: start + .seconds(3)), .answered([1, 2, 3]))
        // The window runs from the answer.
        XCTAssertEqual(cache.begin(key(1), now: start + .seconds(31)), .answered([1, 2, 3]))
        XCTAssertEqual(cache.begin(key(1), now: start + .seconds(32)), .new)
    }

    func testKeyIncludesPortIdentifierAndAuthenticator() {
        var cache = DuplicateCache(window: .seconds(30))
        XCTAssertEqual(cache.begin(key(1), now: start), .new)
        XCTAssertEqual(cache.begin(key(2), now: start), .new)
        XCTAssertEqual(cache.begin(key(1, port: 40001), now: start), .new)
        XCTAssertEqual(cache.begin(key(1, auth: 9), now: start), .new)
        XCTAssertEqual(cache.count, 4)
    }

    func testNoAnswerForgetsTheRequest() {
        var cache = DuplicateCache(window: .seconds(30))
        XCTAssertEqual(cache.begin(key(1), now: start), .new)
        cache.complete(key(1), answer: nil, now: start)
        XCTAssertEqual(cache.count, 0)
        XCTAssertEqual(cache.begin(key(1), now: start + .seconds(1)), .new)
    }

    func testStuckInProgressExpires() {
        var cache = DuplicateCache(window: .seconds(5))
        XCTAssertEqual(cache.begin(key(1), now: start), .new)
        XCTAssertEqual(cache.begin(key(1), now: start + .seconds(5)), .new)
    }

    func testMemoryIsBounded() {
        var cache = DuplicateCache(window: .seconds(30), maximumEntries: 100)
        for i in 0..<1000 {
            let k = key(UInt8(i % 256), port: UInt16(1000 + i / 256))
            XCTAssertEqual(cache.begin(k, now: start), .new)
            cache.complete(k, answer: [UInt8(i % 256)], now: start)
            XCTAssertLessThanOrEqual(cache.count, 100)
        }
        // The newest survive, the oldest were evicted.
        XCTAssertEqual(cache.begin(key(UInt8(999 % 256), port: UInt16(1000 + 999 / 256)), now: start), .answered([UInt8(999 % 256)]))
        XCTAssertEqual(cache.begin(key(0, port: 1000), now: start), .new)
    }

    /// Past the point where the storage takes its full size in one step, the cache still bounds,
    /// evicts oldest first, answers, and expires.
    func testLargeCacheBoundsEvictsAndExpires() {
        let maximum = DuplicateCache.gradualGrowthLimit + 4_000
        var cache = DuplicateCache(window: .seconds(30), maximumEntries: maximum)
        let total = maximum + 5_000
        func key(_ i: Int) -> DuplicateKey {
            self.key(UInt8(i % 256), port: UInt16(1000 + i / 256))
        }
        for i in 0..<total {
            let now = start + .milliseconds(i)
            XCTAssertEqual(cache.begin(key(i), now: now), .new)
            cache.complete(key(i), answer: [UInt8(i % 256)], now: now)
        }
        XCTAssertEqual(cache.count, maximum)
        XCTAssertEqual(cache.begin(key(total - 1), now: start + .milliseconds(total)), .answered([UInt8((total - 1) % 256)]))
        XCTAssertEqual(cache.begin(key(0), now: start + .milliseconds(total)), .new)
        cache.expire(now: start + .milliseconds(total) + .seconds(31))
        XCTAssertEqual(cache.count, 0)
    }

    func testExpiryEmptiesTheCache() {
        var cache = DuplicateCache(window: .seconds(30))
        for i in 0..<50 { _ = cache.begin(key(UInt8(i)), now: start) }
        cache.expire(now: start + .seconds(30))
        XCTAssertEqual(cache.count, 0)
    }
}

final class DropLogLimiterTests: XCTestCase {
    func testOneLinePerSourceAndReasonPerInterval() {
        let start = ContinuousClock.now
        var limiter = DropLogLimiter(interval: .seconds(10), maximumSources: 2)
        XCTAssertEqual(limiter.admit([10, 0, 0, 1], reason: .malformed, now: start), 0)
        XCTAssertNil(limiter.admit([10, 0, 0, 1], reason: .malformed, now: start + .seconds(1)))
        XCTAssertNil(limiter.admit([10, 0, 0, 1], reason: .malformed, now: start + .seconds(9)))
        XCTAssertEqual(limiter.admit([10, 0, 0, 1], reason: .badMessageAuthenticator, now: start + .seconds(9)), 0)
        XCTAssertEqual(limiter.admit([10, 0, 0, 1], reason: .malformed, now: start + .seconds(10)), 2, "reports what it held back")
        // Bounded: a third source clears the table instead of growing it.
        XCTAssertEqual(limiter.admit([10, 0, 0, 2], reason: .malformed, now: start + .seconds(11)), 0)
        XCTAssertEqual(limiter.admit([10, 0, 0, 1], reason: .malformed, now: start + .seconds(11)), 0)
    }
}
