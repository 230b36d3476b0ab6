import Diameter
import EAP
import EAPAKA
import Milenage
import NAI
import RADIUS
import TestSupport
import WireFormat
import XCTest

/// One complete EAP-AKA' authentication played with the libraries only (HSS with Milenage,
/// AAA server, phone, AP), every byte on the wire handed to tshark. It proves the libraries
/// agree with each other (MSK equal on both sides) and with an independent decoder.
final class FullAuthenticationInteropTests: XCTestCase {
    let secret = "testing123"
    let aaaHost = "aaa.twag.example.net"
    let aaaRealm = "twag.example.net"
    let hssHost = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    let hssRealm = "epc.mnc001.mcc001.3gppnetwork.org"
    let identity = "6001010123456789@nai.epc.mnc001.mcc001.3gppnetwork.org"

    func testAKAPrimeAuthenticationOverRADIUSAndSWxDecodesCleanInTShark() throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed; .ci/run installs it")
        let secretBytes = Array(secret.utf8)
        let nai = try NAI(identity)
        XCTAssertEqual(nai.imsi?.digits, "001010123456789")
        let imsi = try XCTUnwrap(nai.imsi?.digits)

        // The subscriber: TS 35.208 set 1 key material, AMF with the separation bit for AKA'.
        let k = try XCTUnwrap([UInt8](hex: "465b5ce8b199b49faa5f0a2ee238a6bc"))
        let opc = try XCTUnwrap([UInt8](hex: "cd63cb71954a9f4e48a5994e37a02baf"))
        let rand = try XCTUnwrap([UInt8](hex: "23553cbe9637a89d218ae64dae47bf35"))
        let hss = try Milenage(k: k, opc: opc)
        let sqn = try XCTUnwrap(SequenceNumber(0x0000_0000_0021))
        let vector = try hss.generateVector(rand: rand, sqn: sqn, amf: 0x8000)
        let hssKeys = try AKAPrimeTransformedKeys.derive(ck: vector.ck, ik: vector.ik, networkName: "WLAN", autn: vector.autn)

        // SWx: CER/CEA, then MAR/MAA carrying CK'/IK' as TS 29.273 has the HSS return them.
        let swxApp = DiameterAVP.vendorSpecificApplicationId(vendor: 10415, auth: .swx)
        let cer = DiameterMessage.request(
            command: .capabilitiesExchange, application: .common, hopByHop: 1, endToEnd: 0x1000_0001,
            avps: [
                .originHost(aaaHost), .originRealm(aaaRealm), .hostIPAddress(.ipv4(192, 0, 2, 1)), .vendorId(0),
                .productName("OpenTWAG"), .supportedVendorId(10415), swxApp,
            ])
        let cea = cer.answer(
            resultCode: .success,
            avps: [
                .originHost(hssHost), .originRealm(hssRealm), .hostIPAddress(.ipv4(192, 0, 2, 2)), .vendorId(0),
                .productName("hss-sim"), swxApp,
            ])
        let sessionID = "\(aaaHost);1700000000;1"
        let mar = DiameterMessage.request(
            command: .multimediaAuth, application: .swx, hopByHop: 2, endToEnd: 0x1000_0002,
            avps: [
                .sessionId(sessionID), swxApp, .authSessionState(1), .originHost(aaaHost), .originRealm(aaaRealm),
                .destinationRealm(hssRealm), .userName(imsi), .sipNumberAuthItems(1),
                .sipAuthDataItem(scheme: "EAP-AKA'"), .ratType(0), .anid("WLAN"),
            ])
        let maa = mar.answer(
            resultCode: .success,
            avps: [
                swxApp, .authSessionState(1), .originHost(hssHost), .originRealm(hssRealm), .userName(imsi),
                .sipNumberAuthItems(1),
                .sipAuthDataItem(
                    SWxAuthVector(
                        itemNumber: 1, scheme: "EAP-AKA'", rand: vector.rand, autn: vector.autn, xres: vector.xres,
                        ck: hssKeys.ckPrime, ik: hssKeys.ikPrime)),
            ])

        // The AAA server reads the MAA from the wire and builds the Challenge.
        let received = try SWxMultimediaAuthAnswer(DiameterMessage(decoding: maa.encode()))
        XCTAssertEqual(received.resultCode, 2001)
        let av = try XCTUnwrap(received.vectors.first)
        let serverKeys = try AKAPrimeKeys.derive(identity: Array(identity.utf8), ikPrime: av.ik, ckPrime: av.ck)
        let challenge = try AKAMessage(
            method: .akaPrime, code: .request, identifier: 2, subtype: .challenge,
            attributes: [
                .rand(av.rand), .autn(av.autn), .kdf(1), .kdfInput(Array("WLAN".utf8)), .resultInd,
                .mac([UInt8](repeating: 0, count: 16)),
            ]
        ).encode(authenticatingWith: serverKeys.kAut)

        // The phone: USIM checks AUTN, derives the same keys from its own CK/IK, answers.
        let ueChallenge = try AKAMessage(decoding: challenge)
        let usim = try hss.openAUTN(rand: try XCTUnwrap(ueChallenge.rand), autn: try XCTUnwrap(ueChallenge.autn))
        let ueAKAPrime = try AKAPrimeTransformedKeys.derive(
            ck: usim.ck, ik: usim.ik, networkName: try XCTUnwrap(ueChallenge.kdfInput), autn: av.autn)
        let ueKeys = try AKAPrimeKeys.derive(
            identity: Array(identity.utf8), ikPrime: ueAKAPrime.ikPrime, ckPrime: ueAKAPrime.ckPrime)
        XCTAssertTrue(AKAMAC.verify(method: .akaPrime, kAut: ueKeys.kAut, packet: challenge))
        let response = try AKAMessage(
            method: .akaPrime, code: .response, identifier: 2, subtype: .challenge,
            attributes: [
                .res(bitLength: usim.res.count * 8, value: usim.res), .resultInd,
                .mac([UInt8](repeating: 0, count: 16)),
            ]
        ).encode(authenticatingWith: ueKeys.kAut)

        // The AAA server checks AT_MAC and RES against XRES itself.
        XCTAssertTrue(AKAMAC.verify(method: .akaPrime, kAut: serverKeys.kAut, packet: response))
        XCTAssertTrue(constantTimeEquals(try XCTUnwrap(AKAMessage(decoding: response).res).value, av.xres))
        XCTAssertEqual(serverKeys.msk, ueKeys.msk, "MSK equal on both sides")

        // RADIUS between the AP and the frontend: Identity -> Challenge -> Response -> Accept.
        let identityResponse = try EAPPacket.identityResponse(identifier: 1, identity: identity).encode()
        var request1 = RADIUSPacket(code: .accessRequest, identifier: 7, authenticator: RADIUSPacket.randomAuthenticator())
        request1.userName = identity
        request1.nasIPAddress = IPv4Address(192, 0, 2, 10)
        request1.calledStationId = "02-00-00-00-00-AA:OPERATOR-WIFI"
        request1.callingStationId = "02-00-00-00-00-01"
        request1.nasPortType = .wireless80211
        request1.framedMTU = 1400
        request1.eapMessage = identityResponse
        let request1Bytes = try request1.encodeRequest(secret: secretBytes)

        var accessChallenge = RADIUSPacket.reply(to: request1, code: .accessChallenge)
        accessChallenge.eapMessage = challenge
        accessChallenge.state = Array("twag-state-0001".utf8)
        let challengeBytes = try accessChallenge.encodeResponse(
            secret: secretBytes, requestAuthenticator: request1.authenticator)

        var request2 = RADIUSPacket(code: .accessRequest, identifier: 8, authenticator: RADIUSPacket.randomAuthenticator())
        request2.userName = identity
        request2.nasIPAddress = IPv4Address(192, 0, 2, 10)
        request2.state = Array("twag-state-0001".utf8)
        request2.eapMessage = response
        let request2Bytes = try request2.encodeRequest(secret: secretBytes)

        // The frontend verifies what the AP sent, then answers with the keys for the AP.
        let verified = try RADIUSPacket.verifyRequest(request2Bytes, secret: secretBytes, requireMessageAuthenticator: true)
        XCTAssertEqual(verified.eapMessage, response)
        var accept = RADIUSPacket.reply(to: verified, code: .accessAccept)
        accept.eapMessage = EAPPacket.success(identifier: 2).encode()
        accept.userName = identity
        try accept.addMPPEKeys(msk: serverKeys.msk, secret: secretBytes, requestAuthenticator: verified.authenticator)
        let acceptBytes = try accept.encodeResponse(secret: secretBytes, requestAuthenticator: verified.authenticator)

        // The AP recovers the PMK (MS-MPPE-Recv-Key = MSK[0..31]).
        let apView = try RADIUSPacket.verifyResponse(
            acceptBytes, secret: secretBytes, requestAuthenticator: request2.authenticator,
            requireMessageAuthenticator: true)
        let keys = try XCTUnwrap(try apView.mppeKeys(secret: secretBytes, requestAuthenticator: request2.authenticator))
        XCTAssertEqual(keys.recvKey, Array(ueKeys.msk[0..<32]))
        XCTAssertEqual(keys.sendKey, Array(ueKeys.msk[32..<64]))

        // Gy for the same subscriber: CCR-I / CCA-I.
        let ccr = DiameterMessage.request(
            command: .creditControl, application: .gy, hopByHop: 3, endToEnd: 0x1000_0003,
            avps: [
                .sessionId("\(aaaHost);1700000000;2"), .originHost(aaaHost), .originRealm(aaaRealm),
                .destinationRealm("ocs.example.net"), .authApplicationId(.gy), .serviceContextId("32251@3gpp.org"),
                .ccRequestType(1), .ccRequestNumber(0), .subscriptionId(type: 1, data: imsi),
                .multipleServicesIndicator(1),
                .multipleServicesCreditControl([.requestedServiceUnit([.ccTotalOctets(10_485_760)]), .ratingGroup(100)]),
            ])
        let cca = ccr.answer(
            resultCode: .success,
            avps: [
                .originHost("ocs.example.net"), .originRealm("example.net"), .authApplicationId(.gy),
                .ccRequestType(1), .ccRequestNumber(0),
                .multipleServicesCreditControl([
                    .grantedServiceUnit([.ccTotalOctets(10_485_760)]), .ratingGroup(100), .validityTime(3600),
                    .resultCode(.success),
                ]),
            ])

        var pcap = PcapWriter()
        let ap = Endpoint(192, 0, 2, 10, port: 40000)
        let frontend = Endpoint(192, 0, 2, 1, port: 1812)
        pcap.udp(from: ap, to: frontend, payload: request1Bytes)
        pcap.udp(from: frontend, to: ap, payload: challengeBytes)
        pcap.udp(from: ap, to: frontend, payload: request2Bytes)
        pcap.udp(from: frontend, to: ap, payload: acceptBytes)
        var swx = TCPConversation(
            client: Endpoint(192, 0, 2, 1, port: 40001), server: Endpoint(192, 0, 2, 2, port: 3868), in: &pcap)
        swx.clientSends(cer.encode(), in: &pcap)
        swx.serverSends(cea.encode(), in: &pcap)
        swx.clientSends(mar.encode(), in: &pcap)
        swx.serverSends(maa.encode(), in: &pcap)
        var gy = TCPConversation(
            client: Endpoint(192, 0, 2, 1, port: 40002), server: Endpoint(192, 0, 2, 3, port: 3868), in: &pcap)
        gy.clientSends(ccr.encode(), in: &pcap)
        gy.serverSends(cca.encode(), in: &pcap)

        let options = TShark.radiusOptions(secret: secret)
        let result = try TShark.decode(pcap.bytes, options: options)
        XCTAssertEqual(result.problems, [], result.verbose)
        XCTAssertEqual(result.verbose.components(separatedBy: "[Valid Authenticator: True]").count - 1, 2)

        let radius = try TShark.fields(
            pcap.bytes, ["radius.code", "eap.code", "eap.type", "eap.aka.subtype", "eap.identity"], options: options
        ).filter { !$0[0].isEmpty }
        XCTAssertEqual(radius.map { $0[0] }, ["1", "11", "1", "2"])
        XCTAssertEqual(radius.map { $0[1] }, ["2", "1", "2", "3"])
        XCTAssertEqual(radius.map { $0[2] }, ["1", "50", "50", ""])
        XCTAssertEqual(radius[1][3], "1", "AKA-Challenge subtype")
        XCTAssertEqual(radius[0][4], identity)
        XCTAssertTrue(result.verbose.contains("AT_KDF_INPUT"), "tshark decodes the AKA' attributes")

        let diameter = try TShark.fields(
            pcap.bytes,
            ["diameter.cmd.code", "diameter.flags.request", "diameter.Session-Id", "diameter.3GPP-SIP-Authentication-Scheme",
             "diameter.Result-Code", "diameter.User-Name", "diameter.CC-Request-Type", "diameter.ANID"]
        ).filter { !$0[0].isEmpty }
        XCTAssertEqual(diameter.map { $0[0] }, ["257", "257", "303", "303", "272", "272"])
        XCTAssertEqual(diameter[2][2], sessionID)
        XCTAssertEqual(diameter[2][3], "EAP-AKA'")
        XCTAssertEqual(diameter[2][5], imsi)
        XCTAssertEqual(diameter[2][7], "WLAN")
        XCTAssertEqual(diameter[3][4], "2001")
        XCTAssertEqual(diameter[4][6], "1")
        XCTAssertTrue(diameter[5][4].hasPrefix("2001"))
    }
}
