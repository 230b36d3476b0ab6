import Diameter
import XCTest

/// The reference tables (base, SWx/Cx, Gy), transcribed, checked against the dictionaries.
final class DiameterDictionaryTests: XCTestCase {
    let d = DiameterDictionary.standard

    /// (code, name, vendor, type, M set by default)
    let avpTable: [(UInt32, String, UInt32, DiameterDataType, Bool)] = [
        // Base
        (1, "User-Name", 0, .utf8String, true), (257, "Host-IP-Address", 0, .address, true),
        (258, "Auth-Application-Id", 0, .unsigned32, true), (259, "Acct-Application-Id", 0, .unsigned32, true),
        (260, "Vendor-Specific-Application-Id", 0, .grouped, true), (263, "Session-Id", 0, .utf8String, true),
        (264, "Origin-Host", 0, .diameterIdentity, true), (265, "Supported-Vendor-Id", 0, .unsigned32, true),
        (266, "Vendor-Id", 0, .unsigned32, true), (267, "Firmware-Revision", 0, .unsigned32, false),
        (268, "Result-Code", 0, .enumerated, true), (269, "Product-Name", 0, .utf8String, false),
        (273, "Disconnect-Cause", 0, .enumerated, true), (277, "Auth-Session-State", 0, .enumerated, true),
        (278, "Origin-State-Id", 0, .unsigned32, true), (279, "Failed-AVP", 0, .grouped, true),
        (281, "Error-Message", 0, .utf8String, false), (282, "Route-Record", 0, .diameterIdentity, true),
        (283, "Destination-Realm", 0, .diameterIdentity, true), (284, "Proxy-Info", 0, .grouped, true),
        (285, "Re-Auth-Request-Type", 0, .enumerated, true), (293, "Destination-Host", 0, .diameterIdentity, true),
        (295, "Termination-Cause", 0, .enumerated, true), (296, "Origin-Realm", 0, .diameterIdentity, true),
        (297, "Experimental-Result", 0, .grouped, true), (298, "Experimental-Result-Code", 0, .enumerated, true),
        (299, "Inband-Security-Id", 0, .enumerated, true), (55, "Event-Timestamp", 0, .time, true),
        // SWx / Cx
        (607, "SIP-Number-Auth-Items", 10415, .unsigned32, true),
        (608, "SIP-Authentication-Scheme", 10415, .utf8String, true),
        (609, "SIP-Authenticate", 10415, .octetString, true), (610, "SIP-Authorization", 10415, .octetString, true),
        (612, "SIP-Auth-Data-Item", 10415, .grouped, true), (613, "SIP-Item-Number", 10415, .unsigned32, true),
        (614, "Server-Assignment-Type", 10415, .enumerated, true),
        (615, "Deregistration-Reason", 10415, .grouped, true), (616, "Reason-Code", 10415, .enumerated, true),
        (625, "Confidentiality-Key", 10415, .octetString, true), (626, "Integrity-Key", 10415, .octetString, true),
        (628, "Supported-Features", 10415, .grouped, true),
        (600, "Visited-Network-Identifier", 10415, .octetString, true), (1032, "RAT-Type", 10415, .enumerated, false),
        (1500, "Non-3GPP-User-Data", 10415, .grouped, false), (1501, "Non-3GPP-IP-Access", 10415, .enumerated, false),
        (1502, "Non-3GPP-IP-Access-APN", 10415, .enumerated, false), (1504, "ANID", 10415, .utf8String, true),
        (1505, "Trace-Info", 10415, .grouped, false), (1503, "AN-Trusted", 10415, .enumerated, false),
        (493, "Service-Selection", 0, .utf8String, true), (1423, "Context-Identifier", 10415, .unsigned32, true),
        (443, "Subscription-Id", 0, .grouped, true),
        // Gy
        (411, "CC-Correlation-Id", 0, .octetString, false), (412, "CC-Input-Octets", 0, .unsigned64, true),
        (414, "CC-Output-Octets", 0, .unsigned64, true), (415, "CC-Request-Number", 0, .unsigned32, true),
        (416, "CC-Request-Type", 0, .enumerated, true), (418, "CC-Session-Failover", 0, .enumerated, true),
        (420, "CC-Time", 0, .unsigned32, true), (421, "CC-Total-Octets", 0, .unsigned64, true),
        (427, "Credit-Control-Failure-Handling", 0, .enumerated, true),
        (430, "Final-Unit-Indication", 0, .grouped, true), (431, "Granted-Service-Unit", 0, .grouped, true),
        (432, "Rating-Group", 0, .unsigned32, true), (434, "Redirect-Server", 0, .grouped, true),
        (437, "Requested-Service-Unit", 0, .grouped, true), (439, "Service-Identifier", 0, .unsigned32, true),
        (444, "Subscription-Id-Data", 0, .utf8String, true), (446, "Used-Service-Unit", 0, .grouped, true),
        (448, "Validity-Time", 0, .unsigned32, true), (449, "Final-Unit-Action", 0, .enumerated, true),
        (450, "Subscription-Id-Type", 0, .enumerated, true), (455, "Multiple-Services-Indicator", 0, .enumerated, true),
        (456, "Multiple-Services-Credit-Control", 0, .grouped, true), (458, "User-Equipment-Info", 0, .grouped, false),
        (461, "Service-Context-Id", 0, .utf8String, true), (872, "Reporting-Reason", 10415, .enumerated, true),
        (873, "Service-Information", 10415, .grouped, true), (874, "PS-Information", 10415, .grouped, true),
        (870, "Trigger-Type", 10415, .enumerated, true), (868, "Time-Quota-Threshold", 10415, .unsigned32, true),
        (869, "Volume-Quota-Threshold", 10415, .unsigned32, true), (871, "Quota-Holding-Time", 10415, .unsigned32, true),
    ]

    func testEveryReferenceAVP() throws {
        XCTAssertEqual(avpTable.count, 82, "83 reference rows; Subscription-Id is listed under both SWx and Gy")
        for (code, name, vendor, type, m) in avpTable {
            let def = try XCTUnwrap(d.avp(code: code, vendorID: vendor), name)
            XCTAssertEqual(def.name, name)
            XCTAssertEqual(def.type, type, name)
            XCTAssertEqual(def.vendorSpecific, vendor != 0, name)
            XCTAssertEqual(def.mandatoryRule == .must, m, name)
            XCTAssertEqual(d.avp(named: name), def, name)
            var flags: DiameterAVP.Flags = m ? [.mandatory] : []
            if vendor != 0 { flags.insert(.vendorSpecific) }
            XCTAssertEqual(def.defaultFlags, flags, name)
            // Vendor AVPs are not found without their vendor and vice versa.
            if vendor != 0 { XCTAssertNotEqual(d.avp(code: code)?.name, name) }
        }
        XCTAssertEqual(d.avp(code: 1032, vendorID: 10415)?.mandatoryRule, .mustNot, "RAT-Type: M must not be set")
    }

    func testCommands() throws {
        let table: [(UInt32, String, String, String, UInt32?, Bool)] = [
            (257, "Capabilities-Exchange", "CER", "CEA", 0, false), (280, "Device-Watchdog", "DWR", "DWA", 0, false),
            (282, "Disconnect-Peer", "DPR", "DPA", 0, false), (258, "Re-Auth", "RAR", "RAA", nil, true),
            (275, "Session-Termination", "STR", "STA", nil, true), (274, "Abort-Session", "ASR", "ASA", nil, true),
            (271, "Accounting", "ACR", "ACA", 3, true), (272, "Credit-Control", "CCR", "CCA", 4, true),
            (301, "Server-Assignment", "SAR", "SAA", 16_777_265, true),
            (303, "Multimedia-Auth", "MAR", "MAA", 16_777_265, true),
            (304, "Registration-Termination", "RTR", "RTA", 16_777_265, true),
            (305, "Push-Profile", "PPR", "PPA", 16_777_265, true),
        ]
        for (code, name, req, ans, app, proxiable) in table {
            let c = try XCTUnwrap(d.command(code: code), name)
            XCTAssertEqual(c.name, name)
            XCTAssertEqual(c.requestAbbreviation, req)
            XCTAssertEqual(c.answerAbbreviation, ans)
            XCTAssertEqual(c.applicationID, app, name)
            XCTAssertEqual(c.proxiable, proxiable, name)
            XCTAssertEqual(d.command(named: req), c)
            XCTAssertEqual(d.command(named: ans), c)
            XCTAssertEqual(d.command(named: name), c)
            XCTAssertEqual(d.label(commandCode: code, isRequest: true), req)
            XCTAssertEqual(d.label(commandCode: code, isRequest: false), ans)
        }
        XCTAssertEqual(d.label(commandCode: 9999, isRequest: true), "9999-R")
        XCTAssertEqual(DiameterCommand.multimediaAuth.rawValue, 303)
        XCTAssertEqual(DiameterCommand.capabilitiesExchange.rawValue, 257)
    }

    func testApplications() {
        let table: [(UInt32, String)] = [
            (0, "Diameter Common Messages"), (3, "Diameter Base Accounting"), (4, "Diameter Credit Control Application"),
            (16_777_250, "3GPP STa"), (16_777_264, "3GPP SWm"), (16_777_265, "3GPP SWx"), (16_777_272, "3GPP S6b"),
            (16_777_216, "3GPP Cx"),
        ]
        for (id, name) in table {
            XCTAssertEqual(d.application(id: id)?.name, name)
            XCTAssertEqual(d.applicationLabel(id), name)
        }
        XCTAssertEqual(d.applicationLabel(42), "42")
        XCTAssertEqual(DiameterApplication.swx.rawValue, 16_777_265)
        XCTAssertEqual(DiameterApplication.cx.rawValue, 16_777_216)
        XCTAssertEqual(DiameterApplication.gy.rawValue, 4)
    }

    func testEnumValues() {
        let resultCodes: [Int64] = [1001, 2001, 2002] + Array(3001...3010) + [4001, 4002, 4003, 4010, 4011, 4012]
            + Array(5001...5017) + [5030, 5031]
        for v in resultCodes { XCTAssertNotNil(d.valueName(code: 268, value: v), "Result-Code \(v)") }
        XCTAssertEqual(d.valueName(code: 268, value: 2001), "DIAMETER_SUCCESS")
        XCTAssertEqual(d.valueName(code: 268, value: 5015), "DIAMETER_INVALID_MESSAGE_LENGTH")
        XCTAssertEqual(d.valueName(code: 268, value: 5031), "DIAMETER_RATING_FAILED")
        let checks: [(UInt32, UInt32, Int64, String)] = [
            (277, 0, 0, "STATE_MAINTAINED"), (277, 0, 1, "NO_STATE_MAINTAINED"),
            (295, 0, 1, "DIAMETER_LOGOUT"), (295, 0, 8, "DIAMETER_SESSION_TIMEOUT"),
            (273, 0, 0, "REBOOTING"), (273, 0, 2, "DO_NOT_WANT_TO_TALK_TO_YOU"),
            (285, 0, 0, "AUTHORIZE_ONLY"), (285, 0, 1, "AUTHORIZE_AUTHENTICATE"),
            (614, 10415, 0, "NO_ASSIGNMENT"), (614, 10415, 1, "REGISTRATION"), (614, 10415, 5, "USER_DEREGISTRATION"),
            (614, 10415, 8, "ADMINISTRATIVE_DEREGISTRATION"), (614, 10415, 9, "AUTHENTICATION_FAILURE"),
            (614, 10415, 10, "AUTHENTICATION_TIMEOUT"), (614, 10415, 12, "AAA_USER_DATA_REQUEST"),
            (614, 10415, 13, "PGW_UPDATE"),
            (616, 10415, 0, "PERMANENT_TERMINATION"), (616, 10415, 3, "REMOVE_S-CSCF"),
            (1032, 10415, 0, "WLAN"), (1032, 10415, 1, "VIRTUAL"), (1032, 10415, 1004, "EUTRAN"),
            (1501, 10415, 1, "NON_3GPP_SUBSCRIPTION_BARRED"), (1502, 10415, 0, "NON_3GPP_APNS_ENABLE"),
            (1503, 10415, 1, "UNTRUSTED"),
            (298, 0, 5001, "DIAMETER_ERROR_USER_UNKNOWN"), (298, 0, 5450, "DIAMETER_ERROR_USER_NO_NON_3GPP_SUBSCRIPTION"),
            (298, 0, 5004, "DIAMETER_ERROR_ROAMING_NOT_ALLOWED"), (298, 0, 5452, "DIAMETER_ERROR_RAT_TYPE_NOT_ALLOWED"),
            (298, 0, 5005, "DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED"),
            (416, 0, 1, "INITIAL_REQUEST"), (416, 0, 4, "EVENT_REQUEST"),
            (418, 0, 1, "FAILOVER_SUPPORTED"), (427, 0, 2, "RETRY_AND_TERMINATE"), (449, 0, 2, "RESTRICT_ACCESS"),
            (450, 0, 1, "END_USER_IMSI"), (450, 0, 4, "END_USER_PRIVATE"),
            (455, 0, 1, "MULTIPLE_SERVICES_SUPPORTED"),
            (872, 10415, 0, "THRESHOLD"), (872, 10415, 3, "QUOTA_EXHAUSTED"), (872, 10415, 8, "POOL_EXHAUSTED"),
        ]
        for (code, vendor, value, name) in checks {
            XCTAssertEqual(d.valueName(code: code, vendorID: vendor, value: value), name, "\(code)=\(value)")
        }
        XCTAssertNil(d.valueName(code: 277, value: 7))
    }

    func testMergingAndOverride() {
        var custom = DiameterDictionary()
        custom.add(DiameterAVPDefinition(code: 263, name: "Session-Id", type: .octetString, mandatory: .may))
        custom.add(DiameterAVPDefinition(code: 50_000, vendorID: 9, name: "X-Test", type: .unsigned32, mandatory: .must))
        let merged = DiameterDictionary.base.merging(custom)
        XCTAssertEqual(merged.avp(code: 263)?.type, .octetString)
        XCTAssertEqual(merged.avp(named: "X-Test")?.vendorID, 9)
        XCTAssertEqual(merged.avps.count, DiameterDictionary.base.avps.count + 1)
        XCTAssertNil(DiameterDictionary.base.avp(code: 612, vendorID: 10415), "SWx AVPs live in the SWx dictionary")
        XCTAssertNotNil(DiameterDictionary.swx.avp(code: 612, vendorID: 10415))
        XCTAssertNotNil(DiameterDictionary.gy.command(named: "CCR"))
    }
}
