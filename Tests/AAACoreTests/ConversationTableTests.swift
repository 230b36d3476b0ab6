@testable import AAACore
import XCTest

/// The conversation table with virtual time.
final class ConversationTableTests: XCTestCase {
    let conversation = EAPAKAServerConversation(settings: EAPAKAServerSettings())

    func testSystemRandomBytesHaveTheAskedLengthAndDiffer() {
        for count in [0, 1, 7, 8, 9, 16, 17, 64] {
            XCTAssertEqual(ConversationTable.systemRandomBytes(count).count, count)
        }
        let draws = Set((0..<1_000).map { _ in ConversationTable.systemRandomBytes(16) })
        XCTAssertEqual(draws.count, 1_000)
        // Every octet value shows up over 64 KiB (a stuck byte position would not).
        let bytes = ConversationTable.systemRandomBytes(65_536)
        XCTAssertEqual(Set(bytes).count, 256)
        XCTAssertEqual(Set(stride(from: 7, to: bytes.count, by: 8).map { bytes[$0] }).count, 256)
    }

    func testStateCarriesVersionAndInstance() async throws {
        let table = ConversationTable(instanceID: 0xABCDEF, capacity: 4, timeout: .seconds(60))
        let t0 = ContinuousClock.now
        let token = try await XCTUnwrapAsync(await table.create(now: t0))
        XCTAssertEqual(token.bytes.count, 20)
        XCTAssertEqual(Array(token.bytes.prefix(4)), [1, 0xAB, 0xCD, 0xEF])
        XCTAssertEqual(token.instanceID, 0xABCDEF)
        let other = try await XCTUnwrapAsync(await table.create(now: t0))
        XCTAssertNotEqual(token.bytes, other.bytes)
        XCTAssertFalse(token.description.contains(token.bytes.suffix(16).map { String($0, radix: 16) }.joined()))
    }

    func testFullTableRefusesAndCounts() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 2, timeout: .seconds(60))
        let t0 = ContinuousClock.now
        let first = await table.create(now: t0)
        let second = await table.create(now: t0)
        XCTAssertNotNil(first)
        XCTAssertNotNil(second)
        let third = await table.create(now: t0)
        XCTAssertNil(third)
        let refused = await table.refusedCount
        XCTAssertEqual(refused, 1)
        if let first { await table.remove(state: first) }
        let fourth = await table.create(now: t0)
        XCTAssertNotNil(fourth)
    }

    func testIdleConversationsExpireAfterTheTimeoutAndActivityRestartsIt() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 10, timeout: .seconds(60))
        let t0 = ContinuousClock.now
        let a = try await XCTUnwrapAsync(await table.create(now: t0))
        let b = try await XCTUnwrapAsync(await table.create(now: t0))
        await table.checkIn(state: a, conversation: conversation, now: t0)
        await table.checkIn(state: b, conversation: conversation, now: t0)
        // b is used again at t0 + 50 s.
        guard case .found(let c) = await table.checkOut(state: b.bytes, now: t0 + .seconds(50)) else { return XCTFail() }
        await table.checkIn(state: b, conversation: c, now: t0 + .seconds(50))
        var removed = await table.expire(now: t0 + .seconds(59))
        XCTAssertEqual(removed, 0)
        removed = await table.expire(now: t0 + .seconds(60))
        XCTAssertEqual(removed, 1, "a expired")
        guard case .unknown = await table.checkOut(state: a.bytes, now: t0 + .seconds(61)) else { return XCTFail() }
        removed = await table.expire(now: t0 + .seconds(110))
        XCTAssertEqual(removed, 1, "b expired 60 s after its last activity")
        let count = await table.count
        XCTAssertEqual(count, 0)
        let expired = await table.expiredCount
        XCTAssertEqual(expired, 2)
    }

    func testExpiredButNotYetSweptIsUnknown() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 10, timeout: .seconds(5))
        let t0 = ContinuousClock.now
        let a = try await XCTUnwrapAsync(await table.create(now: t0))
        await table.checkIn(state: a, conversation: conversation, now: t0)
        guard case .unknown = await table.checkOut(state: a.bytes, now: t0 + .seconds(5)) else { return XCTFail() }
    }

    func testBusyForeignAndMalformedStates() async throws {
        let table = ConversationTable(instanceID: 7, capacity: 10, timeout: .seconds(60))
        let t0 = ContinuousClock.now
        let a = try await XCTUnwrapAsync(await table.create(now: t0))
        guard case .busy = await table.checkOut(state: a.bytes, now: t0) else { return XCTFail("created slots are busy") }
        await table.checkIn(state: a, conversation: conversation, now: t0)
        guard case .found = await table.checkOut(state: a.bytes, now: t0) else { return XCTFail() }
        guard case .busy = await table.checkOut(state: a.bytes, now: t0) else { return XCTFail() }
        var foreign = a.bytes
        foreign[3] = 8
        guard case .foreign(let id) = await table.checkOut(state: foreign, now: t0) else { return XCTFail() }
        XCTAssertEqual(id, 8)
        guard case .malformed = await table.checkOut(state: [1, 2, 3], now: t0) else { return XCTFail() }
        var version = a.bytes
        version[0] = 2
        guard case .malformed = await table.checkOut(state: version, now: t0) else { return XCTFail() }
    }

    func testCheckInAfterExpiryIsDropped() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 10, timeout: .seconds(5))
        let t0 = ContinuousClock.now
        let a = try await XCTUnwrapAsync(await table.create(now: t0))
        await table.expire(now: t0 + .seconds(6))
        await table.checkIn(state: a, conversation: conversation, now: t0 + .seconds(7))
        let count = await table.count
        XCTAssertEqual(count, 0)
    }

    func testExpiryQueueStaysBoundedUnderChurn() async throws {
        let table = ConversationTable(instanceID: 1, capacity: 100, timeout: .seconds(1))
        var now = ContinuousClock.now
        for _ in 0..<5000 {
            if let token = await table.create(now: now) {
                await table.checkIn(state: token, conversation: conversation, now: now)
            }
            now += .milliseconds(10)
            await table.expire(now: now)
        }
        let count = await table.count
        XCTAssertLessThanOrEqual(count, 101)
    }
}

func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
