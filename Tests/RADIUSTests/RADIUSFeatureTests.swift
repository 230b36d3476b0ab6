import RADIUS
import TestSupport
import WireFormat
import XCTest

/// API behaviour not pinned by a vector: EAP-Message fragmentation, VSAs, accessors, replies,
/// Message-Authenticator placement, station ids.
final class RADIUSFeatureTests: XCTestCase {
    private let secret = Array("s3cr3t-shared".utf8)

    func testEAPMessageSplitAndReassemble() throws {
        let eap = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let fragments = EAPMessage.fragments(of: eap)
        XCTAssertEqual(fragments.map(\.count), [253, 253, 253, 241])
        XCTAssertEqual(fragments.flatMap { $0 }, eap)

        var request = RADIUSPacket(code: .accessRequest, identifier: 4, authenticator: RADIUSPacket.randomAuthenticator())
        request.userName = "anonymous@realm"
        request.eapMessage = eap
        request.nasIdentifier = "ap"
        XCTAssertEqual(request.attributes.map(\.type), [1, 79, 79, 79, 79, 32])
        let bytes = try request.encodeRequest(secret: secret)
        let decoded = try RADIUSPacket.verifyRequest(bytes, secret: secret, requireMessageAuthenticator: true)
        XCTAssertEqual(decoded.eapMessage, eap)
        XCTAssertEqual(decoded.attributes.first?.type, 80, "Message-Authenticator first")
        XCTAssertEqual(decoded.values(.eapMessage).count, 4)

        // Smaller fragments (a frontend honouring Framed-MTU) and replacement in place.
        request.setEAPMessage(eap, maxFragmentSize: 100)
        XCTAssertEqual(request.values(.eapMessage).map(\.count), [100, 100, 100, 100, 100, 100, 100, 100, 100, 100])
        XCTAssertEqual(request.attributes.first?.type, 1)
        XCTAssertEqual(request.attributes.last?.type, 32)
        XCTAssertEqual(request.eapMessage, eap)
        XCTAssertEqual(EAPMessage.fragments(of: [1, 2, 3], maxFragmentSize: 0), [[1], [2], [3]])
        XCTAssertEqual(EAPMessage.fragments(of: eap, maxFragmentSize: 1000).count, 4, "clamped to 253")
        XCTAssertTrue(EAPMessage.fragments(of: []).isEmpty)
        request.eapMessage = nil
        XCTAssertFalse(request.has(.eapMessage))
        XCTAssertNil(request.eapMessage)
    }

    func testVendorSpecificWithSeveralSubAttributes() throws {
        let wispr = RADIUSVendorSpecific(vendorID: RADIUSVendorID.wispr, subAttributes: [
            RADIUSVendorSubAttribute(type: WISPrAttributeType.locationName.rawValue, value: Array("Cafe,Main St".utf8)),
            RADIUSVendorSubAttribute(type: WISPrAttributeType.bandwidthMaxDown.rawValue, value: [0, 0x0F, 0x42, 0x40]),
            RADIUSVendorSubAttribute(type: WISPrAttributeType.bandwidthMaxUp.rawValue, value: [0, 0x07, 0xA1, 0x20]),
        ])
        let value = try wispr.encodedValue()
        XCTAssertEqual(Array(value.prefix(4)), [0, 0, 0x37, 0x2A])
        XCTAssertEqual(value.count, 4 + 14 + 6 + 6)
        XCTAssertEqual(try RADIUSVendorSpecific(decoding: value), wispr)

        var accept = RADIUSPacket(code: .accessAccept, identifier: 1)
        try accept.append(wispr)
        accept.attributes.append(RADIUSAttribute(type: 26, value: [0, 0, 0, 9, 1, 2])) // malformed: skipped by lookups
        XCTAssertEqual(accept.vendorValue(vendorID: RADIUSVendorID.wispr, type: 8), [0, 0x0F, 0x42, 0x40])
        XCTAssertEqual(accept.vendorValues(vendorID: RADIUSVendorID.wispr, type: 2).count, 1)
        XCTAssertNil(accept.vendorValue(vendorID: RADIUSVendorID.microsoft, type: 16))
        XCTAssertThrowsError(try accept.vendorSpecificAttributes())
        let bytes = try accept.encode()
        XCTAssertEqual(try RADIUSPacket(decoding: bytes), accept, "VSAs, malformed ones included, round-trip verbatim")
        XCTAssertEqual(HotspotAttributeType.apVersion.rawValue, 2)
        XCTAssertEqual(RADIUSVendorID.wifiAlliance, 40808)
    }

    func testMPPEKeysWithRandomSalts() throws {
        let ra = RADIUSPacket.randomAuthenticator()
        let msk = (0..<64).map { UInt8($0 * 3 & 0xFF) }
        var accept = RADIUSPacket(code: .accessAccept, identifier: 2)
        try accept.addMPPEKeys(msk: msk, secret: secret, requestAuthenticator: ra)
        let values = accept.vendorValues(vendorID: 311, type: 16) + accept.vendorValues(vendorID: 311, type: 17)
        XCTAssertEqual(values.count, 2)
        let salts = values.map { UInt16($0[0]) << 8 | UInt16($0[1]) }
        XCTAssertTrue(salts.allSatisfy { $0 & 0x8000 != 0 })
        XCTAssertNotEqual(salts[0], salts[1])
        XCTAssertEqual(accept.attributes.map { $0.value.count }, [58 - 2, 58 - 2], "attribute length 58")
        let keys = try XCTUnwrap(try accept.mppeKeys(secret: secret, requestAuthenticator: ra))
        XCTAssertEqual(keys.recvKey + keys.sendKey, msk)
        // A second pair in the same packet still gets fresh salts; a fixed salt that collides is refused.
        XCTAssertThrowsError(try accept.addMPPEKeys(msk: msk, secret: secret, requestAuthenticator: ra, sendSalt: salts[0])) {
            XCTAssertEqual($0 as? RADIUSHiddenValueError, .saltNotUnique(salts[0]))
        }
        var generator = SplitMix64(seed: 7)
        let used: Set<UInt16> = [0x8000, 0x8001]
        for _ in 0..<100 {
            let salt = MPPEKey.randomSalt(excluding: used, using: &generator)
            XCTAssertTrue(salt & 0x8000 != 0 && !used.contains(salt))
        }
        XCTAssertThrowsError(try accept.mppeKeys(secret: Array("other".utf8), requestAuthenticator: ra))
    }

    func testReplyCopiesProxyStateAndPlacesMessageAuthenticatorFirst() throws {
        var request = RADIUSPacket(code: .accessRequest, identifier: 77, authenticator: RADIUSPacket.randomAuthenticator())
        request.userName = "u"
        request.append(.proxyState, value: [1, 2, 3])
        request.append(.proxyState, value: [4])
        request.append(.messageAuthenticator, value: [UInt8](repeating: 0, count: 16))
        let requestBytes = try request.encodeRequest(secret: secret)
        XCTAssertEqual(requestBytes[20], 80, "automatic policy moves it first for Access-Request")
        let received = try RADIUSPacket.verifyRequest(requestBytes, secret: secret, requireMessageAuthenticator: true)

        var reply = RADIUSPacket.reply(to: received, code: .accessChallenge, attributes: [
            RADIUSAttribute(.state, value: [9, 9]),
            RADIUSAttribute(.replyMessage, string: "more"),
        ])
        XCTAssertEqual(reply.identifier, 77)
        XCTAssertEqual(reply.proxyStates, [[1, 2, 3], [4]])
        reply.sessionTimeout = 30
        let replyBytes = try reply.encodeResponse(secret: secret, requestAuthenticator: received.authenticator)
        let decoded = try RADIUSPacket.verifyResponse(replyBytes, secret: secret, requestAuthenticator: received.authenticator,
                                                      requireMessageAuthenticator: true)
        XCTAssertEqual(decoded.attributes.map(\.type), [80, 24, 18, 33, 33, 27])
        XCTAssertEqual(decoded.proxyStates, [[1, 2, 3], [4]])

        // Accounting-Response under the automatic policy carries no Message-Authenticator...
        let acct = RADIUSPacket(code: .accountingRequest, identifier: 5)
        let acctReply = try RADIUSPacket.reply(to: acct, code: .accountingResponse)
            .encodeResponse(secret: secret, requestAuthenticator: acct.authenticator)
        XCTAssertEqual(acctReply.count, 20)
        // ...unless asked for; then it verifies with the request authenticator.
        let withMA = try RADIUSPacket.reply(to: acct, code: .accountingResponse)
            .encodeResponse(secret: secret, requestAuthenticator: acct.authenticator, messageAuthenticator: .first)
        XCTAssertNoThrow(try RADIUSPacket.verifyResponse(withMA, secret: secret, requestAuthenticator: acct.authenticator,
                                                         requireMessageAuthenticator: true))
    }

    func testAccountingAndCoARequestsWithMessageAuthenticator() throws {
        for code in [RADIUSCode.accountingRequest, .disconnectRequest, .coaRequest] {
            var request = RADIUSPacket(code: code, identifier: 1)
            request.userName = "someone"
            request.acctSessionId = "abc"
            let bytes = try request.encodeRequest(secret: secret, messageAuthenticator: .first)
            XCTAssertEqual(bytes[20], 80)
            let decoded = try RADIUSPacket.verifyRequest(bytes, secret: secret, requireMessageAuthenticator: true)
            XCTAssertEqual(decoded.code, code)
            XCTAssertEqual(decoded.code.authenticatorKind, .requestDigest)
            try MessageAuthenticator.verify(bytes, secret: secret)
            // Re-encoding the decoded packet recomputes both authenticators identically.
            XCTAssertEqual(try decoded.encodeRequest(secret: secret, messageAuthenticator: .ifPresent), bytes)
        }
        let status = try RADIUSPacket(code: .statusServer, identifier: 200, authenticator: RADIUSPacket.randomAuthenticator())
            .encodeRequest(secret: secret)
        XCTAssertEqual(status.count, 38)
        XCTAssertNoThrow(try RADIUSPacket.verifyRequest(status, secret: secret))
        XCTAssertEqual(RADIUSCode.statusServer.replyCodes, [.accessAccept, .accountingResponse])
    }

    func testTypedAccessorsRoundTrip() throws {
        var p = RADIUSPacket(code: .accountingRequest, identifier: 1)
        p.userName = "user"
        p.nasIPAddress = IPv4Address("10.0.0.1")
        p.nasIPv6Address = IPv6Address(octets: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1])
        p.nasIdentifier = "nas"
        p.nasPort = 12
        p.nasPortId = "wlan0"
        p.nasPortType = .wireless80211
        p.serviceType = .framedUser
        p.framedMTU = 1400
        p.framedIPAddress = IPv4Address(100, 64, 0, 7)
        p.calledStationId = CalledStationID(mac: try XCTUnwrap(MACAddress("aa:bb:cc:dd:ee:ff")), ssid: "Guest").raw
        p.callingStationId = "11-22-33-44-55-66"
        p.sessionTimeout = 3600
        p.idleTimeout = 300
        p.terminationAction = .radiusRequest
        p.classes = [[1], [2, 2]]
        p.state = [7]
        p.acctStatusType = .stop
        p.acctSessionId = "s-1"
        p.acctMultiSessionId = "m-1"
        p.acctAuthentic = .remote
        p.acctDelayTime = 2
        p.acctSessionTime = 99
        p.acctInputOctets = 5
        p.acctOutputOctets = 6
        p.acctInputGigawords = 2
        p.acctOutputGigawords = 3
        p.acctInputPackets = 7
        p.acctOutputPackets = 8
        p.acctTerminateCause = .sessionTimeout
        p.eventTimestamp = 1_700_000_000
        p.acctInterimInterval = 600
        p.chargeableUserIdentity = [0]
        p.errorCause = .residualContextRemoved
        p.operatorName = "1example.net"
        p.replyMessage = "hi"
        p.connectInfo = "CONNECT 54Mbps 802.11g"
        let decoded = try RADIUSPacket.verifyRequest(try p.encodeRequest(secret: secret), secret: secret)
        XCTAssertEqual(decoded, { var q = p; q.authenticator = decoded.authenticator; return q }())
        XCTAssertEqual(decoded.nasIPAddress?.description, "10.0.0.1")
        XCTAssertEqual(decoded.nasIPv6Address?.description, "2001:db8:0:0:0:0:0:1")
        XCTAssertEqual(decoded.calledStationId, "AA-BB-CC-DD-EE-FF:Guest")
        XCTAssertEqual(decoded.calledStation?.ssid, "Guest")
        XCTAssertEqual(decoded.callingStationMAC?.description, "11-22-33-44-55-66")
        XCTAssertEqual(decoded.terminationAction, .radiusRequest)
        XCTAssertEqual(decoded.classes, [[1], [2, 2]])
        XCTAssertEqual(decoded.acctInputTotalOctets, 2 << 32 | 5)
        XCTAssertEqual(decoded.acctOutputTotalOctets, 3 << 32 | 6)
        XCTAssertEqual(decoded.errorCause?.isSuccess, true)
        XCTAssertEqual(decoded.operatorName, "1example.net")
        XCTAssertEqual(decoded.string(.connectInfo), "CONNECT 54Mbps 802.11g")

        // Setters replace in place; nil removes; unknown enum values read as nil but stay raw.
        var q = decoded
        let position = q.attributes.firstIndex { $0.type == 1 }
        q.userName = "other"
        XCTAssertEqual(q.attributes.firstIndex { $0.type == 1 }, position)
        q.userName = nil
        XCTAssertNil(q.userName)
        q.set(.nasPortType, uint32: 9999)
        XCTAssertNil(q.nasPortType)
        XCTAssertEqual(q.uint32(.nasPortType), 9999)
        q.set(.framedMTU, value: [1, 2])
        XCTAssertNil(q.framedMTU, "malformed integer reads as nil")
        q.remove(.class)
        XCTAssertTrue(q.classes.isEmpty)
        XCTAssertEqual(RADIUSAttributeType.acctInputGigawords.rawValue, 52)
        XCTAssertEqual(RADIUSAttributeType.eventTimestamp.dataType, .date)
        XCTAssertEqual(RADIUSAttributeType(rawValue: 126)?.name, "Operator-Name")
        XCTAssertEqual(ErrorCause.allCases.count, 17)
        XCTAssertEqual(AcctTerminateCause.allCases.count, 22)
    }

    func testMACAndCalledStationParsing() {
        let forms = ["AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff", "aabb.ccdd.eeff", "AABBCCDDEEFF", "aA-bB-cC-dD-eE-fF"]
        for form in forms {
            XCTAssertEqual(MACAddress(form)?.description, "AA-BB-CC-DD-EE-FF", form)
        }
        for bad in ["", "AA-BB-CC-DD-EE", "AA-BB:CC-DD-EE-FF", "GG-BB-CC-DD-EE-FF", "AABBCCDDEEF", "aabb-ccdd-eeff", "é-BB-CC-DD-EE-FF"] {
            XCTAssertNil(MACAddress(bad), bad)
        }
        let station = CalledStationID(parsing: "00-11-22-33-44-55:My:SSID")
        XCTAssertEqual(station.mac?.description, "00-11-22-33-44-55")
        XCTAssertEqual(station.ssid, "My:SSID")
        let colon = CalledStationID(parsing: "00:11:22:33:44:55:eduroam")
        XCTAssertEqual(colon.mac?.description, "00-11-22-33-44-55")
        XCTAssertEqual(colon.ssid, "eduroam")
        let bare = CalledStationID(parsing: "001122334455")
        XCTAssertEqual(bare.mac?.description, "00-11-22-33-44-55")
        XCTAssertNil(bare.ssid)
        XCTAssertNil(CalledStationID(parsing: "00-11-22-33-44-55:").ssid)
        let other = CalledStationID(parsing: "nas-01 port 3")
        XCTAssertNil(other.mac)
        XCTAssertNil(other.ssid)
        XCTAssertEqual(other.raw, "nas-01 port 3")
        XCTAssertNil(IPv4Address("1.2.3"))
        XCTAssertNil(IPv4Address("1.2.3.256"))
        XCTAssertNil(IPv4Address("1.2.3.+4"))
        XCTAssertEqual(IPv4Address("192.168.1.16")?.rawValue, 0xC0A8_0110)
    }
}
