import Diameter
import TestSupport
import WireFormat
import XCTest

/// Messages built with the builder (beyond the fixtures) handed to tshark, an independent decoder.
final class DiameterTSharkTests: XCTestCase {
    func testBuiltMessagesDecodeCleanInTShark() throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed")
        let aaa = VectorMessages.aaaHost
        let hss = VectorMessages.hssHost
        let ids = DiameterSessionIDGenerator(identity: aaa, high: 1_700_000_000, firstLow: 10)
        let hbh = DiameterHopByHopGenerator(start: 0x100)
        let e2e = DiameterEndToEndGenerator(unixSeconds: 1_700_000_000, randomStart: 0x100)
        let swxBase: [DiameterAVP] = [VectorMessages.swxApp, .authSessionState(1)]

        let dpr = DiameterMessage.request(command: .disconnectPeer, application: .common, hopByHop: hbh.next(),
                                          endToEnd: e2e.next(),
                                          avps: [.originHost(aaa), .originRealm("wlan.example.net"), .disconnectCause(0)])
        let dpa = dpr.answer(resultCode: .success, avps: [.originHost(hss), .originRealm(VectorMessages.hssRealm)])
        let sar = DiameterMessage.request(command: .serverAssignment, application: .swx, hopByHop: hbh.next(),
                                          endToEnd: e2e.next(), avps: [.sessionId(ids.next())] + swxBase + [
                                            .originHost(aaa), .originRealm("wlan.example.net"),
                                            .destinationRealm(VectorMessages.hssRealm), .userName(VectorMessages.imsi),
                                            .serverAssignmentType(SWxServerAssignmentType.userDeregistration),
                                          ])
        let saa = sar.answer(avps: [.sessionId(sar.sessionId ?? ""), VectorMessages.swxApp, .resultCode(2001),
                                    .authSessionState(1), .originHost(hss), .originRealm(VectorMessages.hssRealm),
                                    .userName(VectorMessages.imsi), .aaaServerName(aaa)])
        let rtr = DiameterMessage.request(command: .registrationTermination, application: .swx, hopByHop: 7,
                                          endToEnd: 8, avps: [.sessionId("hss;1;2")] + swxBase + [
                                            .originHost(hss), .originRealm(VectorMessages.hssRealm),
                                            .destinationHost(aaa), .destinationRealm("wlan.example.net"),
                                            .userName(VectorMessages.imsi),
                                            .standard(code: DiameterAVPCode.deregistrationReason,
                                                      vendorID: DiameterVendor.threeGPP,
                                                      .grouped([.standard(code: DiameterAVPCode.reasonCode,
                                                                          vendorID: DiameterVendor.threeGPP,
                                                                          .enumerated(0))])),
                                          ])
        let rta = rtr.answer(avps: [.sessionId("hss;1;2"), VectorMessages.swxApp, .resultCode(2001),
                                    .authSessionState(1), .originHost(aaa), .originRealm("wlan.example.net")])
        let rar = DiameterMessage.request(command: .reAuth, application: .gy, hopByHop: 9, endToEnd: 10, avps: [
            .sessionId(VectorMessages.gySession), .originHost("ocs.example.net"), .originRealm("example.net"),
            .destinationRealm("wlan.example.net"), .destinationHost(aaa), .authApplicationId(.gy),
            .reAuthRequestType(0),
        ])
        let raa = rar.answer(resultCode: .success, avps: [.originHost(aaa), .originRealm("wlan.example.net")])
        let cca = VectorMessages.gyCCRU.answer(resultCode: .creditLimitReached, avps: [
            .originHost("ocs.example.net"), .originRealm("example.net"), .authApplicationId(.gy),
            .ccRequestType(CCRequestType.update), .ccRequestNumber(1),
            .multipleServicesCreditControl([
                .grantedServiceUnit([.ccTotalOctets(1_000), .ccTime(60)]), .ratingGroup(100),
                .resultCode(.creditLimitReached),
            ]),
            .creditControlFailureHandling(1),
        ])

        var pcap = PcapWriter()
        var tcp = TCPConversation(client: Endpoint(192, 0, 2, 1, port: 40000), server: Endpoint(192, 0, 2, 20, port: 3868),
                                  in: &pcap)
        var requests = [VectorMessages.cer, dpr, sar, VectorMessages.gyCCRU]
        var answers = [VectorMessages.cea, dpa, saa, cca]
        for (q, a) in zip(requests, answers) {
            tcp.clientSends(q.encode(), in: &pcap)
            tcp.serverSends(a.encode(), in: &pcap)
        }
        requests = [rtr, rar]
        answers = [rta, raa]
        for (q, a) in zip(requests, answers) {
            tcp.serverSends(q.encode(), in: &pcap)
            tcp.clientSends(a.encode(), in: &pcap)
        }
        let result = try TShark.decode(pcap.bytes)
        XCTAssertEqual(result.problems, [], result.verbose.count > 4000 ? String(result.verbose.prefix(4000)) : result.verbose)
        let rows = try TShark.fields(pcap.bytes, ["diameter.cmd.code", "diameter.Result-Code"])
            .filter { !($0.first ?? "").isEmpty }
        XCTAssertEqual(rows.map { $0.first ?? "" },
                       ["257", "257", "282", "282", "301", "301", "272", "272", "304", "304", "258", "258"])
        XCTAssertTrue(rows[7].last?.contains("4012") ?? false)
    }
}
