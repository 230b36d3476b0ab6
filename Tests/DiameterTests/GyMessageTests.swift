import Diameter
import TestSupport
import WireFormat
import XCTest

/// The typed Gy messages: what the charging client sends is what an OCS reads back, every malformed
/// answer is a typed error, and tshark (an independent decoder) reads all six commands cleanly.
final class GyMessageTests: XCTestCase {
    static func request(_ type: CreditControlRequest.RequestType, number: UInt32,
                        requested: CreditControlRequest.RequestedUnits = .octets(10_485_760),
                        used: CreditControlRequest.UsedUnits? = nil) -> CreditControlRequest {
        CreditControlRequest(
            sessionID: "twag.example.net;1700000000;42;gy", originHost: "twag.example.net", originRealm: "example.net",
            destinationRealm: "ocs.example.net", serviceContextID: "32251@3gpp.org", requestType: type,
            requestNumber: number, imsi: "001010000000001", msisdn: "33600000001", userName: "0001010000000001@wlan",
            eventTimestamp: 1_700_000_000, ratingGroup: 100, serviceIdentifier: 1, requested: requested, used: used,
            terminationCause: type == .termination ? .logout : nil,
            access: .init(calledStationID: "AA-BB-CC-DD-EE-FF:OpenTWAG", callingStationID: "02-00-00-00-00-01",
                          nasIPAddress: [192, 0, 2, 10]))
    }

    func testRequestRoundTripsThroughBytes() throws {
        for (type, used) in [(CreditControlRequest.RequestType.initial, nil),
                             (.update, CreditControlRequest.UsedUnits(inputOctets: 1_000, outputOctets: 9_000_000_000,
                                                                       seconds: 61, reason: .threshold)),
                             (.termination, CreditControlRequest.UsedUnits(inputOctets: 0, outputOctets: 0, seconds: 3,
                                                                            reason: .final))] {
            let ccr = Self.request(type, number: type == .initial ? 0 : 2, requested: type == .termination ? .none : .octets(50),
                                   used: used)
            let decoded = try DiameterMessage(decoding: ccr.message(hopByHop: 1, endToEnd: 2).encode())
            XCTAssertEqual(try CreditControlRequest(decoding: decoded), ccr)
            XCTAssertEqual(decoded.applicationID, 4)
            XCTAssertTrue(decoded.flags.contains(.proxiable))
        }
        var empty = Self.request(.update, number: 1, requested: .serverChooses)
        empty.msisdn = nil
        let decoded = try CreditControlRequest(decoding: DiameterMessage(decoding: empty.message().encode()))
        XCTAssertEqual(decoded.requested, .serverChooses)
        XCTAssertNil(decoded.msisdn)
    }

    func testRequestWithoutIMSIOrWithBadTypeIsRefused() throws {
        var message = Self.request(.initial, number: 0).message()
        message.avps.removeAll { $0.code == DiameterAVPCode.subscriptionID }
        XCTAssertThrowsError(try CreditControlRequest(decoding: message)) { error in
            XCTAssertEqual((error as? DiameterError)?.resultCode, 5005)
        }
        message = Self.request(.initial, number: 0).message()
        message.avps = message.avps.map { $0.code == DiameterAVPCode.ccRequestType ? .ccRequestType(9) : $0 }
        XCTAssertThrowsError(try CreditControlRequest(decoding: message)) { error in
            XCTAssertEqual((error as? DiameterError)?.resultCode, 5004)
        }
    }

    func testAnswerRoundTripsWithGrantThresholdAndFinalUnits() throws {
        let ccr = Self.request(.update, number: 3)
        let request = ccr.message(hopByHop: 5, endToEnd: 6)
        let cca = CreditControlAnswer(
            sessionID: ccr.sessionID, resultCode: 2001, requestType: .update, requestNumber: 3,
            failureHandling: .retryAndTerminate,
            services: [.init(resultCode: 2001, ratingGroup: 100, grantedOctets: 5_000, validityTime: 0,
                             volumeQuotaThreshold: 1_000, finalUnitAction: .terminate)])
        let bytes = cca.message(answering: request, originHost: "ocs.example.net", originRealm: "example.net").encode()
        var decoded = try CreditControlAnswer(decoding: DiameterMessage(decoding: bytes), answering: ccr)
        XCTAssertEqual(decoded.originHost, "ocs.example.net")
        decoded.originHost = nil
        XCTAssertEqual(decoded, cca)
        XCTAssertEqual(decoded.service(ratingGroup: 100)?.grantedOctets, 5_000)
        XCTAssertEqual(decoded.service(ratingGroup: 7)?.grantedOctets, 5_000, "the only credit serves any group")
    }

    func testGrantAsInputPlusOutputAndEmptyGrant() throws {
        let ccr = Self.request(.initial, number: 0)
        var message = ccr.message(hopByHop: 1, endToEnd: 1).answer(resultCode: 2001, avps: [
            .ccRequestType(1), .ccRequestNumber(0),
            .multipleServicesCreditControl([.grantedServiceUnit([.ccInputOctets(10), .ccOutputOctets(20)])]),
            .multipleServicesCreditControl([.grantedServiceUnit([]), .ratingGroup(200)]),
        ])
        message = try DiameterMessage(decoding: message.encode())
        let cca = try CreditControlAnswer(decoding: message, answering: ccr)
        XCTAssertEqual(cca.services[0].grantedOctets, 30)
        XCTAssertTrue(cca.services[1].hasGrant)
        XCTAssertNil(cca.services[1].grantedOctets)
        XCTAssertEqual(cca.service(ratingGroup: 200)?.ratingGroup, 200)
    }

    func testMalformedAnswersAreTypedErrors() throws {
        let ccr = Self.request(.update, number: 4)
        let request = ccr.message(hopByHop: 1, endToEnd: 1)
        func answer(_ avps: [DiameterAVP], result: UInt32? = 2001) throws -> DiameterMessage {
            var m = request.answer(avps: [.sessionId(ccr.sessionID)] + (result.map { [.resultCode($0)] } ?? []) + avps)
            m = try DiameterMessage(decoding: m.encode())
            return m
        }
        let good: [DiameterAVP] = [.ccRequestType(2), .ccRequestNumber(4)]
        XCTAssertThrowsError(try CreditControlAnswer(decoding: answer(good, result: nil), answering: ccr)) {
            XCTAssertEqual($0 as? CreditControlAnswerError, .missing("Result-Code"))
        }
        XCTAssertThrowsError(try CreditControlAnswer(decoding: answer([.ccRequestType(2), .ccRequestNumber(5)]),
                                                     answering: ccr)) {
            XCTAssertEqual(($0 as? CreditControlAnswerError)?.label, "mismatch")
        }
        var other = ccr
        other.sessionID = "another;session"
        XCTAssertThrowsError(try CreditControlAnswer(decoding: answer(good), answering: other)) {
            XCTAssertEqual(($0 as? CreditControlAnswerError)?.label, "mismatch")
        }
        XCTAssertThrowsError(try CreditControlAnswer(decoding: answer([.ccRequestType(2)]), answering: ccr)) {
            XCTAssertEqual($0 as? CreditControlAnswerError, .missing("CC-Request-Number"))
        }
        let badFUI = good + [.multipleServicesCreditControl([
            .standard(code: DiameterAVPCode.finalUnitIndication, .grouped([])),
        ])]
        XCTAssertThrowsError(try CreditControlAnswer(decoding: answer(badFUI), answering: ccr)) {
            XCTAssertEqual(($0 as? CreditControlAnswerError)?.label, "invalid_avp")
        }
        XCTAssertThrowsError(try CreditControlAnswer(decoding: request)) {
            XCTAssertEqual(($0 as? CreditControlAnswerError)?.label, "not_cca")
        }
        // Truncated or random AVP data never traps.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var bytes = try answer(good + [.multipleServicesCreditControl([.grantedServiceUnit([.ccTotalOctets(9)])])])
                .encode()
            let i = Int.random(in: 20..<bytes.count, using: &random)
            bytes[i] = UInt8.random(in: 0...255, using: &random)
            if let m = try? DiameterMessage(decoding: bytes) { _ = try? CreditControlAnswer(decoding: m, answering: ccr) }
        }
    }

    func testServerRequestsDecode() throws {
        let rar = GyServerRequest.reAuth(sessionID: "s;1").message(originHost: "ocs", originRealm: "r",
                                                                  destinationHost: "twag", destinationRealm: "t")
        XCTAssertEqual(try GyServerRequest(decoding: DiameterMessage(decoding: rar.encode())), .reAuth(sessionID: "s;1"))
        let asr = GyServerRequest.abortSession(sessionID: "s;2").message(originHost: "ocs", originRealm: "r",
                                                                        destinationHost: "twag", destinationRealm: "t")
        XCTAssertEqual(try GyServerRequest(decoding: asr), .abortSession(sessionID: "s;2"))
        var bare = asr
        bare.avps.removeAll { $0.code == DiameterAVPCode.sessionID }
        XCTAssertThrowsError(try GyServerRequest(decoding: bare))
        XCTAssertNil(try GyServerRequest(decoding: Self.request(.initial, number: 0).message()))
    }

    func testGyExchangeDecodesCleanInTShark() throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed")
        var pcap = PcapWriter()
        var tcp = TCPConversation(client: Endpoint(192, 0, 2, 1, port: 40001), server: Endpoint(192, 0, 2, 30, port: 3868),
                                  in: &pcap)
        let exchanges: [(CreditControlRequest, CreditControlAnswer)] = [
            (Self.request(.initial, number: 0),
             .init(sessionID: "", resultCode: 2001, requestType: .initial, requestNumber: 0, failureHandling: .continue,
                   services: [.init(resultCode: 2001, ratingGroup: 100, grantedOctets: 10_485_760, validityTime: 600,
                                    volumeQuotaThreshold: 2_097_152)])),
            (Self.request(.update, number: 1, used: .init(inputOctets: 1, outputOctets: 2, seconds: 3, reason: .threshold)),
             .init(sessionID: "", resultCode: 2001, requestType: .update, requestNumber: 1,
                   services: [.init(resultCode: 2001, ratingGroup: 100, grantedOctets: 1_000, finalUnitAction: .terminate)])),
            (Self.request(.termination, number: 2, requested: .none,
                          used: .init(inputOctets: 5, outputOctets: 6, seconds: 7, reason: .final)),
             .init(sessionID: "", resultCode: 2001, requestType: .termination, requestNumber: 2)),
        ]
        var hbh: UInt32 = 1
        for (ccr, cca) in exchanges {
            let request = ccr.message(hopByHop: hbh, endToEnd: hbh + 100)
            hbh += 1
            tcp.clientSends(request.encode(), in: &pcap)
            tcp.serverSends(cca.message(answering: request, originHost: "ocs.example.net", originRealm: "example.net")
                .encode(), in: &pcap)
        }
        for server in [GyServerRequest.reAuth(sessionID: "s;9"), .abortSession(sessionID: "s;9")] {
            var request = server.message(originHost: "ocs.example.net", originRealm: "example.net",
                                         destinationHost: "twag.example.net", destinationRealm: "example.net")
            request.hopByHopID = hbh
            request.endToEndID = hbh
            hbh += 1
            tcp.serverSends(request.encode(), in: &pcap)
            tcp.clientSends(request.answer(resultCode: .success, avps: [.originHost("twag.example.net"),
                                                                         .originRealm("example.net")]).encode(), in: &pcap)
        }
        let result = try TShark.decode(pcap.bytes)
        XCTAssertEqual(result.problems, [], result.verbose.count > 4000 ? String(result.verbose.prefix(4000)) : result.verbose)
        let rows = try TShark.fields(pcap.bytes, ["diameter.cmd.code", "diameter.CC-Request-Type",
                                                  "diameter.Subscription-Id-Data", "diameter.CC-Total-Octets"])
            .filter { !($0.first ?? "").isEmpty }
        XCTAssertEqual(rows.map { $0[0] }, ["272", "272", "272", "272", "272", "272", "258", "258", "274", "274"])
        XCTAssertEqual(rows.prefix(6).map { $0[1] }, ["1", "1", "2", "2", "3", "3"])
        XCTAssertTrue(rows[0][2].contains("001010000000001"), "\(rows[0])")
        XCTAssertTrue(rows[2][3].contains("3"), "usage total 1 + 2 reported: \(rows[2])")
    }
}
