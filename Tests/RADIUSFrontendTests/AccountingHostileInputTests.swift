import Foundation
import RADIUS
import RADIUSFrontend
import TestSupport
import XCTest

/// Damaged and random datagrams on the accounting port: never a crash, and never an answer to
/// anything that does not authenticate with the shared secret.
final class AccountingHostileInputTests: XCTestCase {
    func testMutatedDatagramsNeverCrashAndNeverGetAnAnswerUnlessSigned() async throws {
        let harness = try AccountingHarness()
        defer { harness.remove() }
        try await harness.authorize()
        let seeds: [[UInt8]] = [
            try AccountingData.request(.start).encodeRequest(secret: TestData.secret),
            try AccountingData.request(.interimUpdate, identifier: 2, sessionTime: 60, input: (1, 1), output: (2, 2))
                .encodeRequest(secret: TestData.secret, messageAuthenticator: .first),
            try AccountingData.request(.stop, identifier: 3, terminate: .lostCarrier).encodeRequest(secret: TestData.secret),
            try RADIUSPacket(code: .statusServer, identifier: 4, authenticator: RADIUSPacket.randomAuthenticator())
                .encodeRequest(secret: TestData.secret),
        ]
        var random = SplitMix64(seed: 0x7457_4147_ACC7)
        var answered = 0
        for round in 0..<200 {
            let datagram: [UInt8]
            switch round % 10 {
            case 0: datagram = random.bytes(Int(random.next() % 64))
            case 1:
                // A plausible header with a lying Length over random attributes.
                var bytes = random.bytes(20 + Int(random.next() % 40))
                bytes[0] = RADIUSCode.accountingRequest.rawValue
                bytes[2] = 0
                bytes[3] = UInt8(truncatingIfNeeded: random.next())
                datagram = bytes
            default:
                datagram = random.mutate(seeds[Int(random.next() % UInt64(seeds.count))], headerBytes: 20)
            }
            let port = UInt16(40_000 + round % 7)
            let client = try XCTUnwrap(ClientEndpoint(address: [127, 0, 0, 1], port: port))
            guard let answer = await harness.pipeline.handle(datagram, from: client) else { continue }
            answered += 1
            // An answer is only allowed to a request that authenticates as it stands.
            let request = try RADIUSPacket.verifyRequest(datagram, secret: TestData.secret)
            XCTAssertTrue(request.code == .accountingRequest || request.code == .statusServer, "round \(round)")
            let reply = try RADIUSPacket.verifyResponse(answer, secret: TestData.secret,
                                                        requestAuthenticator: request.authenticator)
            XCTAssertEqual(reply.code, .accountingResponse, "round \(round)")
        }
        XCTAssertEqual(harness.pipeline.inFlight, 0)
        // The untouched seeds are still served after the storm.
        for seed in seeds {
            let answer = await harness.pipeline.handle(seed, from: TestData.apIP)
            XCTAssertNotNil(answer)
        }
        let records = try await harness.store.accountingRecordCount()
        XCTAssertLessThanOrEqual(records, 3 + answered)
        XCTAssertGreaterThan(harness.metrics.counterTotal(label: "radius_dropped_total"), 150)
    }
}
