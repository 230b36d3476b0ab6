import RADIUS
import TestSupport
import WireFormat
import XCTest

/// Packets built by this library, decoded by tshark with the shared secret: an independent
/// check of framing, Response Authenticators and EAP-Message reassembly.
final class RADIUSTSharkTests: XCTestCase {
    func testBuiltExchangeDecodesCleanInTShark() throws {
        guard TShark.isAvailable else { throw XCTSkip("tshark not installed") }
        let secretText = "testing123"
        let secret = Array(secretText.utf8)
        let nas = Endpoint(192, 0, 2, 10, port: 40000)
        let server = Endpoint(192, 0, 2, 1, port: 1812)
        let acctServer = Endpoint(192, 0, 2, 1, port: 1813)
        let das = Endpoint(192, 0, 2, 10, port: 3799)
        let dac = Endpoint(192, 0, 2, 1, port: 50000)
        var pcap = PcapWriter()

        // Access-Request with a 600-octet EAP-Response split over three attributes.
        // EAP-AKA Challenge response: header, subtype 1, reserved, then one skippable attribute
        // (type 130) of 592 octets (length 148 in 4-octet units).
        var eap: [UInt8] = [2, 9, 0x02, 0x58, 23, 1, 0, 0, 130, 148, 0, 0]
        eap += (0..<(600 - eap.count)).map { UInt8(truncatingIfNeeded: $0) }
        var request = RADIUSPacket(code: .accessRequest, identifier: 9, authenticator: RADIUSPacket.randomAuthenticator())
        request.userName = "0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org"
        request.nasIPAddress = IPv4Address(192, 0, 2, 10)
        request.calledStationId = "02-00-00-00-00-AA:WLAN"
        request.nasPortType = .wireless80211
        request.eapMessage = eap
        let requestBytes = try request.encodeRequest(secret: secret)
        pcap.udp(from: nas, to: server, payload: requestBytes)

        var challenge = RADIUSPacket.reply(to: request, code: .accessChallenge)
        challenge.eapMessage = [1, 10, 0, 8, 23, 1, 0, 0]
        challenge.state = Array("state-1".utf8)
        pcap.udp(from: server, to: nas, payload: try challenge.encodeResponse(secret: secret, requestAuthenticator: request.authenticator))

        var accept = RADIUSPacket.reply(to: request, code: .accessAccept)
        accept.eapMessage = [3, 10, 0, 4]
        try accept.addMPPEKeys(msk: (0..<64).map { UInt8($0) }, secret: secret, requestAuthenticator: request.authenticator)
        accept.sessionTimeout = 3600
        pcap.udp(from: server, to: nas, payload: try accept.encodeResponse(secret: secret, requestAuthenticator: request.authenticator))

        var acct = RADIUSPacket(code: .accountingRequest, identifier: 10)
        acct.acctStatusType = .stop
        acct.acctSessionId = "s-1"
        acct.acctInputOctets = 5
        acct.acctInputGigawords = 1
        acct.acctTerminateCause = .sessionTimeout
        let acctBytes = try acct.encodeRequest(secret: secret)
        let acctReceived = try RADIUSPacket(decoding: acctBytes)
        pcap.udp(from: nas, to: acctServer, payload: acctBytes)
        pcap.udp(from: acctServer, to: nas, payload: try RADIUSPacket.reply(to: acctReceived, code: .accountingResponse)
            .encodeResponse(secret: secret, requestAuthenticator: acctReceived.authenticator))

        var coa = RADIUSPacket(code: .coaRequest, identifier: 11)
        coa.acctSessionId = "s-1"
        coa.sessionTimeout = 60
        let coaBytes = try coa.encodeRequest(secret: secret)
        let coaReceived = try RADIUSPacket(decoding: coaBytes)
        pcap.udp(from: dac, to: das, payload: coaBytes)
        var nak = RADIUSPacket.reply(to: coaReceived, code: .coaNAK)
        nak.errorCause = .sessionContextNotFound
        pcap.udp(from: das, to: dac, payload: try nak.encodeResponse(secret: secret, requestAuthenticator: coaReceived.authenticator))

        let options = TShark.radiusOptions(secret: secretText) + ["-d", "udp.port==3799,radius", "-d", "udp.port==50000,radius"]
        let result = try TShark.decode(pcap.bytes, options: options)
        XCTAssertEqual(result.problems, [], result.verbose)
        // tshark validates reply authenticators (not request ones or Message-Authenticator).
        XCTAssertEqual(result.verbose.components(separatedBy: "[Valid Authenticator: True]").count - 1, 4)
        let rows = try TShark.fields(pcap.bytes, ["radius.code", "radius.id", "eap.code"], options: options)
        XCTAssertEqual(rows.map { $0.first ?? "" }, ["1", "11", "2", "4", "5", "43", "45"])
        XCTAssertEqual(rows.first?.last, "2", "EAP-Response reassembled from three EAP-Message attributes")
        XCTAssertTrue(result.verbose.contains("Session-Context-Not-Found"), "Error-Cause decoded")
    }
}
