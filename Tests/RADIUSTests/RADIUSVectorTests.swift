import RADIUS
import TestSupport
import WireFormat
import XCTest

/// Every packet of Fixtures/vectors/radius.json: decode, field match, byte-identical re-encode,
/// authenticators and hidden values.
final class RADIUSVectorTests: XCTestCase {
    private func secret(_ vector: JSONObject) throws -> [UInt8] { Array(try vector.string("shared_secret").utf8) }

    // MARK: RFC 2865 section 7

    func testRFC2865ExamplesDecodeAndReencode() throws {
        let examples = try Fixtures.object("radius").array("rfc2865_examples")
        XCTAssertEqual(examples.count, 8)
        var lastRequest: [UInt8: RADIUSPacket] = [:]
        for vector in examples {
            let id = try vector.string("id")
            let bytes = vector.has("hex_corrected") ? try vector.hex("hex_corrected") : try vector.hex("hex_published")
            let packet = try RADIUSPacket(decoding: bytes)
            XCTAssertEqual(Int(packet.code.rawValue), try vector.int("code"), id)
            XCTAssertEqual(Int(packet.identifier), try vector.int("identifier"), id)
            XCTAssertEqual(bytes.count, try vector.int("length"), id)
            XCTAssertEqual(packet.authenticator, try vector.hex("authenticator"), id)
            let expected = try vector.array("attributes")
            XCTAssertEqual(packet.attributes.count, expected.count, id)
            for (attribute, want) in zip(packet.attributes, expected) {
                XCTAssertEqual(Int(attribute.type), try want.int("type"), id)
                XCTAssertEqual(attribute.value, try want.hex("value_hex"), id)
            }
            XCTAssertEqual(try packet.encode(), bytes, "\(id) re-encodes identically")

            let secret = try secret(vector)
            if packet.code == .accessRequest {
                lastRequest[packet.identifier] = packet
                XCTAssertEqual(try packet.encodeRequest(secret: secret, messageAuthenticator: .ifPresent), bytes, id)
                if vector.has("user_password_cleartext") {
                    let password = try packet.userPassword(secret: secret)
                    XCTAssertEqual(password, Array(try vector.string("user_password_cleartext").utf8), id)
                    XCTAssertNotEqual(try packet.userPassword(secret: Array("wrong".utf8)), password, id)
                }
            } else {
                let request = try XCTUnwrap(lastRequest[packet.identifier], id)
                try RADIUSPacket.verifyResponse(bytes, secret: secret, requestAuthenticator: request.authenticator)
                XCTAssertThrowsError(try RADIUSPacket.verifyResponse(bytes, secret: Array("xyzzy5462".utf8),
                                                                      requestAuthenticator: request.authenticator)) {
                    XCTAssertEqual($0 as? RADIUSAuthenticationError, .responseAuthenticatorMismatch, id)
                }
                let reencoded = try packet.encodeResponse(secret: secret, requestAuthenticator: request.authenticator,
                                                          messageAuthenticator: .ifPresent)
                XCTAssertEqual(reencoded, bytes, "\(id): response authenticator recomputed")
            }
        }
    }

    func testRFC2865TypedFields() throws {
        let examples = try Fixtures.object("radius")
        let request = try RADIUSPacket(decoding: try examples.item("rfc2865_examples", id: "rfc2865-7.1-access-request").hex("hex_published"))
        XCTAssertEqual(request.code, .accessRequest)
        XCTAssertEqual(request.code.name, "Access-Request")
        XCTAssertEqual(request.userName, "nemo")
        XCTAssertEqual(request.nasIPAddress, IPv4Address(192, 168, 1, 16))
        XCTAssertEqual(request.nasIPAddress?.description, "192.168.1.16")
        XCTAssertEqual(request.nasPort, 3)

        let accept71 = try RADIUSPacket(decoding: try examples.item("rfc2865_examples", id: "rfc2865-7.1-access-accept").hex("hex_published"))
        XCTAssertEqual(accept71.serviceType, .loginUser)
        XCTAssertEqual(accept71.uint32(.loginService), 0)
        XCTAssertEqual(accept71.value(.loginIPHost), [192, 168, 1, 3])

        let chap = try RADIUSPacket(decoding: try examples.item("rfc2865_examples", id: "rfc2865-7.2-access-request-chap").hex("hex_published"))
        let chapPassword = try XCTUnwrap(chap.value(.chapPassword))
        XCTAssertEqual(chapPassword.count, 17)
        XCTAssertEqual(chapPassword.first, 0x16, "CHAP ident")
        XCTAssertEqual(chap.serviceType, .framedUser)
        XCTAssertEqual(chap.uint32(.framedProtocol), 1)

        let accept72 = try RADIUSPacket(decoding: try examples.item("rfc2865_examples", id: "rfc2865-7.2-access-accept").hex("hex_published"))
        XCTAssertEqual(accept72.framedMTU, 1500)
        XCTAssertEqual(accept72.uint32(.framedMTU), 1500)
        XCTAssertEqual(accept72.framedIPAddress, IPv4Address(255, 255, 255, 254))
        XCTAssertEqual(accept72.uint32(.framedRouting), 2, "the hex carries 2 (errata note)")

        let challenge = try RADIUSPacket(decoding: try examples.item("rfc2865_examples", id: "rfc2865-7.3-access-challenge").hex("hex_published"))
        XCTAssertEqual(challenge.code, .accessChallenge)
        XCTAssertEqual(challenge.replyMessage, "Challenge 32769430.  Enter response at prompt.")
        XCTAssertEqual(challenge.state, Array("32769430".utf8))
    }

    func testRFC2865PublishedStateLengthErratumIsRejected() throws {
        let vector = try Fixtures.object("radius").item("rfc2865_examples", id: "rfc2865-7.3-access-request-2")
        XCTAssertThrowsError(try RADIUSPacket(decoding: try vector.hex("hex_published"))) {
            XCTAssertEqual($0 as? RADIUSDecodingError, .attributeOverflowsPacket(type: 24, length: 16, remaining: 10))
        }
        let corrected = try RADIUSPacket(decoding: try vector.hex("hex_corrected"))
        XCTAssertEqual(corrected.state, Array("32769430".utf8))
        XCTAssertEqual(try corrected.userPassword(secret: Array("xyzzy5461".utf8)), Array("99101462".utf8))
    }

    // MARK: User-Password

    func testUserPasswordHiding() throws {
        for vector in try Fixtures.object("radius").array("user_password_hiding") {
            let id = try vector.string("id")
            let secret = try secret(vector)
            let ra = try vector.hex("request_authenticator")
            let password = Array(try vector.string("password").utf8)
            let hidden = try vector.hex("user_password_attribute_value")
            XCTAssertEqual(try UserPassword.hide(password, secret: secret, requestAuthenticator: ra), hidden, id)
            XCTAssertEqual(try UserPassword.unhide(hidden, secret: secret, requestAuthenticator: ra), password, id)
            if vector.has("b1_md5_secret_ra") {
                let padded = try vector.hex("padded_password")
                XCTAssertEqual(xorBytes(padded, hidden), try vector.hex("b1_md5_secret_ra"), id)
            }
            var packet = RADIUSPacket(code: .accessRequest, identifier: 0, authenticator: ra)
            try packet.setUserPassword(password, secret: secret)
            XCTAssertEqual(packet.value(.userPassword), hidden, id)
        }
    }

    // MARK: EAP over RADIUS

    func testEAPFlowPacketsVerifyAndRecompute() throws {
        let flow = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
        let secret = try secret(flow)
        let packets = try flow.array("packets").map { try $0.hex("hex") }
        XCTAssertEqual(packets.count, 4)
        let wrong = Array("testing124".utf8)

        var request: RADIUSPacket?
        for bytes in packets {
            let packet = try RADIUSPacket(decoding: bytes)
            XCTAssertEqual(try packet.encode(), bytes)
            XCTAssertNotNil(packet.value(.messageAuthenticator))
            XCTAssertNotNil(packet.eapMessage)
            if packet.code == .accessRequest {
                try RADIUSPacket.verifyRequest(bytes, secret: secret, requireMessageAuthenticator: true)
                try MessageAuthenticator.verify(bytes, secret: secret)
                XCTAssertEqual(try packet.encodeRequest(secret: secret, messageAuthenticator: .ifPresent), bytes,
                               "Message-Authenticator recomputes identically")
                XCTAssertThrowsError(try RADIUSPacket.verifyRequest(bytes, secret: wrong)) {
                    XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMismatch)
                }
                request = packet
            } else {
                let ra = try XCTUnwrap(request).authenticator
                try RADIUSPacket.verifyResponse(bytes, secret: secret, requestAuthenticator: ra,
                                                requireMessageAuthenticator: true)
                try MessageAuthenticator.verify(bytes, secret: secret, requestAuthenticator: ra)
                XCTAssertEqual(try packet.encodeResponse(secret: secret, requestAuthenticator: ra,
                                                         messageAuthenticator: .ifPresent), bytes,
                               "Message-Authenticator and Response Authenticator recompute identically")
                XCTAssertThrowsError(try RADIUSPacket.verifyResponse(bytes, secret: wrong, requestAuthenticator: ra))
                XCTAssertThrowsError(try MessageAuthenticator.verify(bytes, secret: wrong, requestAuthenticator: ra)) {
                    XCTAssertEqual($0 as? RADIUSAuthenticationError, .messageAuthenticatorMismatch)
                }
                var otherRA = ra
                otherRA[0] ^= 1
                XCTAssertThrowsError(try RADIUSPacket.verifyResponse(bytes, secret: secret, requestAuthenticator: otherRA)) {
                    XCTAssertEqual($0 as? RADIUSAuthenticationError, .responseAuthenticatorMismatch)
                }
            }
        }
    }

    func testEAPFlowFields() throws {
        let flow = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
        let packets = try flow.array("packets").map { try RADIUSPacket(decoding: try $0.hex("hex")) }
        let identity = "0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org"
        let first = packets[0]
        XCTAssertEqual(first.userName, identity)
        XCTAssertEqual(first.nasIPAddress, IPv4Address(192, 0, 2, 10))
        XCTAssertEqual(first.nasIdentifier, "ap-01.example")
        XCTAssertEqual(first.calledStationId, "02-00-00-00-00-aa:WLAN-GW")
        XCTAssertEqual(first.calledStation?.mac?.description, "02-00-00-00-00-AA")
        XCTAssertEqual(first.calledStation?.ssid, "WLAN-GW")
        XCTAssertEqual(first.callingStationMAC, MACAddress("02:00:00:00:00:01"))
        XCTAssertEqual(first.nasPortType, .wireless80211)
        XCTAssertEqual(first.framedMTU, 1400)
        let eap = try XCTUnwrap(first.eapMessage)
        XCTAssertEqual(eap.count, 0x38)
        XCTAssertEqual(Array(eap.prefix(5)), [0x02, 0x00, 0x00, 0x38, 0x01])
        XCTAssertEqual(Array(eap.dropFirst(5)), Array(identity.utf8))

        XCTAssertEqual(packets[1].code, .accessChallenge)
        XCTAssertEqual(packets[1].state, Array("aka-state-0001".utf8))
        XCTAssertEqual(packets[1].eapMessage?.count, 0x44)
        XCTAssertEqual(packets[2].state, packets[1].state, "NAS echoes State")
        XCTAssertEqual(packets[3].code, .accessAccept)
        XCTAssertEqual(packets[3].eapMessage, [0x03, 0x01, 0x00, 0x04])
        XCTAssertEqual(packets[3].sessionTimeout, 3600)
        XCTAssertEqual(packets[3].acctInterimInterval, 600)
    }

    func testMPPEKeysReproducePublishedValues() throws {
        let flow = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
        let secret = try secret(flow)
        let mppe = try flow.object("mppe")
        let ra = try mppe.hex("request_authenticator_used")
        let msk = try mppe.hex("msk")
        let sendPlain = try mppe.hex("send_key_plain")
        let recvPlain = try mppe.hex("recv_key_plain")
        XCTAssertEqual(sendPlain, Array(msk[32..<64]))
        XCTAssertEqual(recvPlain, Array(msk[0..<32]))
        let sendSalt = UInt16(try XCTUnwrap(UInt16(try mppe.string("send_salt"), radix: 16)))
        let recvSalt = UInt16(try XCTUnwrap(UInt16(try mppe.string("recv_salt"), radix: 16)))
        let sendValue = try mppe.hex("ms_mppe_send_key_value")
        let recvValue = try mppe.hex("ms_mppe_recv_key_value")

        XCTAssertEqual(try MPPEKey.encrypt(sendPlain, salt: sendSalt, secret: secret, requestAuthenticator: ra), sendValue)
        XCTAssertEqual(try MPPEKey.encrypt(recvPlain, salt: recvSalt, secret: secret, requestAuthenticator: ra), recvValue)
        XCTAssertEqual(sendValue.count, 50)
        XCTAssertEqual(try MPPEKey.decrypt(sendValue, secret: secret, requestAuthenticator: ra), sendPlain)
        XCTAssertEqual(try MPPEKey.decrypt(recvValue, secret: secret, requestAuthenticator: ra), recvPlain)

        // The keys inside the published Access-Accept.
        let accept = try RADIUSPacket(decoding: try flow.array("packets")[3].hex("hex"))
        let vsas = try accept.vendorSpecificAttributes()
        XCTAssertEqual(vsas.map(\.vendorID), [311, 311])
        XCTAssertEqual(vsas[0].value(MicrosoftAttributeType.mppeSendKey.rawValue), sendValue)
        XCTAssertEqual(vsas[1].value(MicrosoftAttributeType.mppeRecvKey.rawValue), recvValue)
        XCTAssertEqual(try vsas[0].attribute(), accept.attributes[2], "VSA re-encodes identically")
        let keys = try XCTUnwrap(try accept.mppeKeys(secret: secret, requestAuthenticator: ra))
        XCTAssertEqual(keys.sendKey, sendPlain)
        XCTAssertEqual(keys.recvKey, recvPlain)
        XCTAssertEqual(keys.recvKey + keys.sendKey, msk)
    }

    /// Builds the flow's Access-Accept from its parts with the published salts and gets the
    /// published bytes (Message-Authenticator kept last with `.ifPresent`, as in the capture).
    func testAccessAcceptBuiltFromPartsMatchesVector() throws {
        let flow = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
        let secret = try secret(flow)
        let mppe = try flow.object("mppe")
        let wire = try flow.array("packets").map { try $0.hex("hex") }
        let request = try RADIUSPacket(decoding: wire[2])
        XCTAssertEqual(request.authenticator, try mppe.hex("request_authenticator_used"))

        var accept = RADIUSPacket.reply(to: request, code: .accessAccept)
        accept.userName = request.userName
        accept.eapMessage = [0x03, 0x01, 0x00, 0x04]
        try accept.addMPPEKeys(msk: try mppe.hex("msk"), secret: secret, requestAuthenticator: request.authenticator,
                               sendSalt: 0x8a3c, recvSalt: 0x8a3d)
        accept.sessionTimeout = 3600
        accept.acctInterimInterval = 600
        accept.append(.messageAuthenticator, value: [UInt8](repeating: 0, count: 16))
        let bytes = try accept.encodeResponse(secret: secret, requestAuthenticator: request.authenticator,
                                              messageAuthenticator: .ifPresent)
        XCTAssertEqual(bytes.hexString, wire[3].hexString)

        // Hardened default: Message-Authenticator moved first; still verifies.
        let hardened = try accept.encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
        XCTAssertEqual(hardened[20], 80)
        XCTAssertEqual(hardened[21], 18)
        XCTAssertEqual(hardened.count, wire[3].count)
        let decoded = try RADIUSPacket.verifyResponse(hardened, secret: secret, requestAuthenticator: request.authenticator,
                                                      requireMessageAuthenticator: true)
        XCTAssertEqual(decoded.attributes.filter { $0.type == 80 }.count, 1)
        XCTAssertEqual(decoded.eapMessage, [0x03, 0x01, 0x00, 0x04])
    }

    // MARK: Accounting

    func testAccountingRequestsAndResponses() throws {
        let set = try Fixtures.object("radius").item("accounting", id: "acct-set-1")
        let secret = try secret(set)
        let packets = try set.array("packets")
        XCTAssertEqual(packets.count, 4)
        for vector in packets {
            let name = try vector.string("name")
            let requestBytes = try vector.hex("request_hex")
            let request = try RADIUSPacket.verifyRequest(requestBytes, secret: secret)
            XCTAssertEqual(request.code, .accountingRequest, name)
            XCTAssertEqual(request.authenticator, try vector.hex("request_authenticator"), name)
            XCTAssertEqual(try request.encode(), requestBytes, name)
            var unsigned = request
            unsigned.authenticator = [UInt8](repeating: 0xEE, count: 16)
            XCTAssertEqual(try unsigned.encodeRequest(secret: secret), requestBytes, "\(name): request authenticator")
            XCTAssertThrowsError(try RADIUSPacket.verifyRequest(requestBytes, secret: Array("testing12".utf8))) {
                XCTAssertEqual($0 as? RADIUSAuthenticationError, .requestAuthenticatorMismatch, name)
            }

            let responseBytes = try vector.hex("accounting_response_hex")
            let response = try RADIUSPacket.verifyResponse(responseBytes, secret: secret,
                                                           requestAuthenticator: request.authenticator)
            XCTAssertEqual(response.code, .accountingResponse, name)
            XCTAssertEqual(response.identifier, request.identifier, name)
            let built = try RADIUSPacket.reply(to: request, code: .accountingResponse)
                .encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
            XCTAssertEqual(built, responseBytes, "\(name): Accounting-Response")
            XCTAssertThrowsError(try RADIUSPacket.verifyResponse(responseBytes, secret: Array("x".utf8),
                                                                  requestAuthenticator: request.authenticator))
        }
    }

    func testAccountingFields() throws {
        let packets = try Fixtures.object("radius").item("accounting", id: "acct-set-1").array("packets")
            .map { try RADIUSPacket(decoding: try $0.hex("request_hex")) }
        let start = packets[0], interim = packets[1], stop = packets[2], on = packets[3]
        XCTAssertEqual(start.acctStatusType, .start)
        XCTAssertEqual(start.acctSessionId, "5f3a2b1c-00000001")
        XCTAssertEqual(start.acctAuthentic, .radius)
        XCTAssertEqual(start.chargeableUserIdentity, Array("cui-7d3f9a".utf8))
        XCTAssertEqual(start.eventTimestamp, 0x6553_f100)
        XCTAssertEqual(start.acctDelayTime, 0)
        XCTAssertEqual(start.nasPortType, .wireless80211)

        XCTAssertEqual(interim.acctStatusType, .interimUpdate)
        XCTAssertEqual(interim.acctSessionTime, 600)
        XCTAssertEqual(interim.acctInputOctets, 0x10_0000)
        XCTAssertEqual(interim.acctOutputOctets, 0x40_0000)
        XCTAssertEqual(interim.acctInputPackets, 1000)
        XCTAssertEqual(interim.acctOutputPackets, 3000)
        XCTAssertEqual(interim.acctInputTotalOctets, 0x10_0000)

        XCTAssertEqual(stop.acctStatusType, .stop)
        XCTAssertEqual(stop.acctSessionTime, 1200)
        XCTAssertEqual(stop.acctInputGigawords, 1)
        XCTAssertEqual(stop.acctOutputGigawords, 0)
        XCTAssertEqual(stop.acctInputTotalOctets, 1 << 32 | 0x20_0000)
        XCTAssertEqual(stop.acctOutputTotalOctets, 0x80_0000)
        XCTAssertEqual(stop.acctTerminateCause, .userRequest)
        XCTAssertEqual(stop.acctTerminateCause?.description, "User-Request")

        XCTAssertEqual(on.acctStatusType, .accountingOn)
        XCTAssertEqual(on.acctSessionId, "acct-on-0001")
        XCTAssertNil(on.userName)
    }

    // MARK: Dynamic authorization (RFC 5176)

    func testDynamicAuthorization() throws {
        let set = try Fixtures.object("radius").item("dynamic_authorization", id: "rfc5176-set-1")
        let secret = try secret(set)
        let packets = try set.array("packets")
        XCTAssertEqual(packets.count, 2)

        let disconnectBytes = try packets[0].hex("request_hex")
        let disconnect = try RADIUSPacket.verifyRequest(disconnectBytes, secret: secret)
        XCTAssertEqual(disconnect.code, .disconnectRequest)
        XCTAssertEqual(disconnect.acctSessionId, "5f3a2b1c-00000001")
        XCTAssertEqual(disconnect.callingStationMAC?.description, "02-00-00-00-00-01")
        XCTAssertEqual(try disconnect.encodeRequest(secret: secret), disconnectBytes)
        XCTAssertThrowsError(try RADIUSPacket.verifyRequest(disconnectBytes, secret: Array("nope".utf8)))
        let ackBytes = try packets[0].hex("response_hex")
        let ack = try RADIUSPacket.verifyResponse(ackBytes, secret: secret, requestAuthenticator: disconnect.authenticator)
        XCTAssertEqual(ack.code, .disconnectACK)
        XCTAssertEqual(try RADIUSPacket.reply(to: disconnect, code: .disconnectACK)
            .encodeResponse(secret: secret, requestAuthenticator: disconnect.authenticator), ackBytes)

        let coaBytes = try packets[1].hex("request_hex")
        let coa = try RADIUSPacket.verifyRequest(coaBytes, secret: secret)
        XCTAssertEqual(coa.code, .coaRequest)
        XCTAssertEqual(coa.sessionTimeout, 1800)
        XCTAssertEqual(try coa.encodeRequest(secret: secret), coaBytes)
        let nakBytes = try packets[1].hex("response_hex")
        let nak = try RADIUSPacket.verifyResponse(nakBytes, secret: secret, requestAuthenticator: coa.authenticator)
        XCTAssertEqual(nak.code, .coaNAK)
        XCTAssertEqual(nak.errorCause, .sessionContextNotFound)
        XCTAssertEqual(nak.errorCause?.isFatal, true)
        var reply = RADIUSPacket.reply(to: coa, code: .coaNAK)
        reply.errorCause = .sessionContextNotFound
        XCTAssertEqual(try reply.encodeResponse(secret: secret, requestAuthenticator: coa.authenticator), nakBytes)
    }
}
