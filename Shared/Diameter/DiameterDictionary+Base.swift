// Base protocol dictionary (RFC 6733). Names, types and M rules follow RFC 6733 4.5 and the Wireshark
// dictionary (Wireshark types AppId / VendorId are Unsigned32 on the wire).

extension DiameterDictionary {
    /// Base protocol commands, applications and AVPs.
    public static let base = DiameterDictionary(
        applications: [
            DiameterApplicationDefinition(id: 0, name: "Diameter Common Messages"),
            DiameterApplicationDefinition(id: 3, name: "Diameter Base Accounting"),
            DiameterApplicationDefinition(id: 0xffff_ffff, name: "Relay"),
        ],
        commands: [
            DiameterCommandDefinition(code: 257, name: "Capabilities-Exchange", request: "CER", answer: "CEA",
                                      applicationID: 0, proxiable: false),
            DiameterCommandDefinition(code: 280, name: "Device-Watchdog", request: "DWR", answer: "DWA",
                                      applicationID: 0, proxiable: false),
            DiameterCommandDefinition(code: 282, name: "Disconnect-Peer", request: "DPR", answer: "DPA",
                                      applicationID: 0, proxiable: false),
            DiameterCommandDefinition(code: 258, name: "Re-Auth", request: "RAR", answer: "RAA",
                                      applicationID: nil, proxiable: true),
            DiameterCommandDefinition(code: 275, name: "Session-Termination", request: "STR", answer: "STA",
                                      applicationID: nil, proxiable: true),
            DiameterCommandDefinition(code: 274, name: "Abort-Session", request: "ASR", answer: "ASA",
                                      applicationID: nil, proxiable: true),
            DiameterCommandDefinition(code: 271, name: "Accounting", request: "ACR", answer: "ACA",
                                      applicationID: 3, proxiable: true),
        ],
        avps: [
            def(1, "User-Name", .utf8String),
            def(25, "Class", .octetString),
            def(27, "Session-Timeout", .unsigned32),
            def(33, "Proxy-State", .octetString),
            def(44, "Accounting-Session-Id", .octetString),
            def(50, "Acct-Multi-Session-Id", .utf8String),
            def(55, "Event-Timestamp", .time),
            def(85, "Acct-Interim-Interval", .unsigned32),
            def(257, "Host-IP-Address", .address),
            def(258, "Auth-Application-Id", .unsigned32),
            def(259, "Acct-Application-Id", .unsigned32),
            def(260, "Vendor-Specific-Application-Id", .grouped),
            def(261, "Redirect-Host-Usage", .enumerated, values: [
                (0, "DONT_CACHE"), (1, "ALL_SESSION"), (2, "ALL_REALM"), (3, "REALM_AND_APPLICATION"),
                (4, "ALL_APPLICATION"), (5, "ALL_HOST"), (6, "ALL_USER"),
            ]),
            def(262, "Redirect-Max-Cache-Time", .unsigned32),
            def(263, "Session-Id", .utf8String),
            def(264, "Origin-Host", .diameterIdentity),
            def(265, "Supported-Vendor-Id", .unsigned32),
            def(266, "Vendor-Id", .unsigned32),
            def(267, "Firmware-Revision", .unsigned32, .mustNot),
            def(268, "Result-Code", .enumerated, values: resultCodeNames),
            def(269, "Product-Name", .utf8String, .mustNot),
            def(270, "Session-Binding", .unsigned32),
            def(271, "Session-Server-Failover", .enumerated, values: [
                (0, "REFUSE_SERVICE"), (1, "TRY_AGAIN"), (2, "ALLOW_SERVICE"), (3, "TRY_AGAIN_ALLOW_SERVICE"),
            ]),
            def(272, "Multi-Round-Time-Out", .unsigned32),
            def(273, "Disconnect-Cause", .enumerated, values: [
                (0, "REBOOTING"), (1, "BUSY"), (2, "DO_NOT_WANT_TO_TALK_TO_YOU"),
            ]),
            def(274, "Auth-Request-Type", .enumerated, values: [
                (1, "AUTHENTICATE_ONLY"), (2, "AUTHORIZE_ONLY"), (3, "AUTHORIZE_AUTHENTICATE"),
            ]),
            def(276, "Auth-Grace-Period", .unsigned32),
            def(277, "Auth-Session-State", .enumerated, values: [(0, "STATE_MAINTAINED"), (1, "NO_STATE_MAINTAINED")]),
            def(278, "Origin-State-Id", .unsigned32),
            def(279, "Failed-AVP", .grouped),
            def(280, "Proxy-Host", .diameterIdentity),
            def(281, "Error-Message", .utf8String, .mustNot),
            def(282, "Route-Record", .diameterIdentity),
            def(283, "Destination-Realm", .diameterIdentity),
            def(284, "Proxy-Info", .grouped),
            def(285, "Re-Auth-Request-Type", .enumerated, values: [(0, "AUTHORIZE_ONLY"), (1, "AUTHORIZE_AUTHENTICATE")]),
            def(287, "Accounting-Sub-Session-Id", .unsigned64),
            def(291, "Authorization-Lifetime", .unsigned32),
            def(292, "Redirect-Host", .diameterURI),
            def(293, "Destination-Host", .diameterIdentity),
            def(294, "Error-Reporting-Host", .diameterIdentity, .mustNot),
            def(295, "Termination-Cause", .enumerated, values: [
                (1, "DIAMETER_LOGOUT"), (2, "DIAMETER_SERVICE_NOT_PROVIDED"), (3, "DIAMETER_BAD_ANSWER"),
                (4, "DIAMETER_ADMINISTRATIVE"), (5, "DIAMETER_LINK_BROKEN"), (6, "DIAMETER_AUTH_EXPIRED"),
                (7, "DIAMETER_USER_MOVED"), (8, "DIAMETER_SESSION_TIMEOUT"),
            ]),
            def(296, "Origin-Realm", .diameterIdentity),
            def(297, "Experimental-Result", .grouped),
            def(298, "Experimental-Result-Code", .enumerated),
            def(299, "Inband-Security-Id", .enumerated, values: [(0, "NO_INBAND_SECURITY"), (1, "TLS")]),
            def(480, "Accounting-Record-Type", .enumerated, values: [
                (1, "EVENT_RECORD"), (2, "START_RECORD"), (3, "INTERIM_RECORD"), (4, "STOP_RECORD"),
            ]),
            def(483, "Accounting-Realtime-Required", .enumerated, values: [
                (1, "DELIVER_AND_GRANT"), (2, "GRANT_AND_STORE"), (3, "GRANT_AND_LOSE"),
            ]),
            def(485, "Accounting-Record-Number", .unsigned32),
        ])

    /// Base plus SWx/Cx plus Gy: what the gateway decodes with by default.
    public static let standard = base.merging(swx).merging(gy)

    static let resultCodeNames: [(Int64, String)] = [
        (1001, "DIAMETER_MULTI_ROUND_AUTH"),
        (2001, "DIAMETER_SUCCESS"), (2002, "DIAMETER_LIMITED_SUCCESS"),
        (3001, "DIAMETER_COMMAND_UNSUPPORTED"), (3002, "DIAMETER_UNABLE_TO_DELIVER"),
        (3003, "DIAMETER_REALM_NOT_SERVED"), (3004, "DIAMETER_TOO_BUSY"), (3005, "DIAMETER_LOOP_DETECTED"),
        (3006, "DIAMETER_REDIRECT_INDICATION"), (3007, "DIAMETER_APPLICATION_UNSUPPORTED"),
        (3008, "DIAMETER_INVALID_HDR_BITS"), (3009, "DIAMETER_INVALID_AVP_BITS"), (3010, "DIAMETER_UNKNOWN_PEER"),
        (4001, "DIAMETER_AUTHENTICATION_REJECTED"), (4002, "DIAMETER_OUT_OF_SPACE"), (4003, "DIAMETER_ELECTION_LOST"),
        (4010, "DIAMETER_END_USER_SERVICE_DENIED"), (4011, "DIAMETER_CREDIT_CONTROL_NOT_APPLICABLE"),
        (4012, "DIAMETER_CREDIT_LIMIT_REACHED"),
        (5001, "DIAMETER_AVP_UNSUPPORTED"), (5002, "DIAMETER_UNKNOWN_SESSION_ID"),
        (5003, "DIAMETER_AUTHORIZATION_REJECTED"), (5004, "DIAMETER_INVALID_AVP_VALUE"),
        (5005, "DIAMETER_MISSING_AVP"), (5006, "DIAMETER_RESOURCES_EXCEEDED"), (5007, "DIAMETER_CONTRADICTING_AVPS"),
        (5008, "DIAMETER_AVP_NOT_ALLOWED"), (5009, "DIAMETER_AVP_OCCURS_TOO_MANY_TIMES"),
        (5010, "DIAMETER_NO_COMMON_APPLICATION"), (5011, "DIAMETER_UNSUPPORTED_VERSION"),
        (5012, "DIAMETER_UNABLE_TO_COMPLY"), (5013, "DIAMETER_INVALID_BIT_IN_HEADER"),
        (5014, "DIAMETER_INVALID_AVP_LENGTH"), (5015, "DIAMETER_INVALID_MESSAGE_LENGTH"),
        (5016, "DIAMETER_INVALID_AVP_BIT_COMBO"), (5017, "DIAMETER_NO_COMMON_SECURITY"),
        (5030, "DIAMETER_USER_UNKNOWN"), (5031, "DIAMETER_RATING_FAILED"),
    ]

    /// Compact definition for the tables: M defaults to `must`, vendor to none.
    static func def(_ code: UInt32, _ name: String, _ type: DiameterDataType, _ mandatory: DiameterFlagRule = .must,
                    vendor: UInt32 = 0, values: [(Int64, String)] = []) -> DiameterAVPDefinition {
        DiameterAVPDefinition(code: code, vendorID: vendor, name: name, type: type, mandatory: mandatory,
                              values: values.map { DiameterEnumValue($0.0, $0.1) })
    }
}
