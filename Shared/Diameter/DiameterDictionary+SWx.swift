// SWx (TS 29.273 clause 8) and the Cx AVPs it reuses (TS 29.229), vendor 3GPP (10415).
// M rules as in the Wireshark dictionary: "V" only means M must not be set (e.g. RAT-Type).

extension DiameterDictionary {
    /// SWx and Cx applications, commands and AVPs (plus the other 3GPP WLAN interworking application ids).
    public static let swx: DiameterDictionary = {
        let v = DiameterVendor.threeGPP
        return DiameterDictionary(
            applications: [
                DiameterApplicationDefinition(id: 16_777_216, name: "3GPP Cx"),
                DiameterApplicationDefinition(id: 16_777_250, name: "3GPP STa"),
                DiameterApplicationDefinition(id: 16_777_264, name: "3GPP SWm"),
                DiameterApplicationDefinition(id: 16_777_265, name: "3GPP SWx"),
                DiameterApplicationDefinition(id: 16_777_272, name: "3GPP S6b"),
            ],
            commands: [
                DiameterCommandDefinition(code: 300, name: "User-Authorization", request: "UAR", answer: "UAA",
                                          applicationID: 16_777_216, proxiable: true),
                DiameterCommandDefinition(code: 301, name: "Server-Assignment", request: "SAR", answer: "SAA",
                                          applicationID: 16_777_265, proxiable: true),
                DiameterCommandDefinition(code: 302, name: "Location-Info", request: "LIR", answer: "LIA",
                                          applicationID: 16_777_216, proxiable: true),
                DiameterCommandDefinition(code: 303, name: "Multimedia-Auth", request: "MAR", answer: "MAA",
                                          applicationID: 16_777_265, proxiable: true),
                DiameterCommandDefinition(code: 304, name: "Registration-Termination", request: "RTR", answer: "RTA",
                                          applicationID: 16_777_265, proxiable: true),
                DiameterCommandDefinition(code: 305, name: "Push-Profile", request: "PPR", answer: "PPA",
                                          applicationID: 16_777_265, proxiable: true),
            ],
            avps: [
                // Experimental-Result-Code values SWx answers carry (with Vendor-Id 10415).
                def(298, "Experimental-Result-Code", .enumerated, values: [
                    (5001, "DIAMETER_ERROR_USER_UNKNOWN"), (5004, "DIAMETER_ERROR_ROAMING_NOT_ALLOWED"),
                    (5005, "DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED"),
                    (5450, "DIAMETER_ERROR_USER_NO_NON_3GPP_SUBSCRIPTION"), (5452, "DIAMETER_ERROR_RAT_TYPE_NOT_ALLOWED"),
                ]),
                def(318, "3GPP-AAA-Server-Name", .diameterIdentity, vendor: v),
                def(493, "Service-Selection", .utf8String),
                def(600, "Visited-Network-Identifier", .octetString, vendor: v),
                def(601, "Public-Identity", .utf8String, vendor: v),
                def(602, "Server-Name", .utf8String, vendor: v),
                def(607, "SIP-Number-Auth-Items", .unsigned32, vendor: v),
                def(608, "SIP-Authentication-Scheme", .utf8String, vendor: v),
                def(609, "SIP-Authenticate", .octetString, vendor: v),
                def(610, "SIP-Authorization", .octetString, vendor: v),
                def(611, "SIP-Authentication-Context", .octetString, vendor: v),
                def(612, "SIP-Auth-Data-Item", .grouped, vendor: v),
                def(613, "SIP-Item-Number", .unsigned32, vendor: v),
                def(614, "Server-Assignment-Type", .enumerated, vendor: v, values: [
                    (0, "NO_ASSIGNMENT"), (1, "REGISTRATION"), (2, "RE_REGISTRATION"), (3, "UNREGISTERED_USER"),
                    (4, "TIMEOUT_DEREGISTRATION"), (5, "USER_DEREGISTRATION"),
                    (6, "TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME"), (7, "USER_DEREGISTRATION_STORE_SERVER_NAME"),
                    (8, "ADMINISTRATIVE_DEREGISTRATION"), (9, "AUTHENTICATION_FAILURE"), (10, "AUTHENTICATION_TIMEOUT"),
                    (11, "DEREGISTRATION_TOO_MUCH_DATA"), (12, "AAA_USER_DATA_REQUEST"), (13, "PGW_UPDATE"),
                    (14, "RESTORATION"),
                ]),
                def(615, "Deregistration-Reason", .grouped, vendor: v),
                def(616, "Reason-Code", .enumerated, vendor: v, values: [
                    (0, "PERMANENT_TERMINATION"), (1, "NEW_SERVER_ASSIGNED"), (2, "SERVER_CHANGE"),
                    (3, "REMOVE_S-CSCF"),
                ]),
                def(617, "Reason-Info", .utf8String, vendor: v),
                def(625, "Confidentiality-Key", .octetString, vendor: v),
                def(626, "Integrity-Key", .octetString, vendor: v),
                def(628, "Supported-Features", .grouped, vendor: v),
                def(629, "Feature-List-ID", .unsigned32, .mustNot, vendor: v),
                def(630, "Feature-List", .unsigned32, .mustNot, vendor: v),
                def(1032, "RAT-Type", .enumerated, .mustNot, vendor: v, values: [
                    (0, "WLAN"), (1, "VIRTUAL"), (1000, "UTRAN"), (1001, "GERAN"), (1002, "GAN"),
                    (1003, "HSPA_EVOLUTION"), (1004, "EUTRAN"), (1005, "EUTRAN-NB-IoT"), (2000, "CDMA2000_1X"),
                    (2001, "HRPD"), (2002, "UMB"), (2003, "EHRPD"),
                ]),
                def(1423, "Context-Identifier", .unsigned32, vendor: v),
                def(1500, "Non-3GPP-User-Data", .grouped, .mustNot, vendor: v),
                def(1501, "Non-3GPP-IP-Access", .enumerated, .mustNot, vendor: v, values: [
                    (0, "NON_3GPP_SUBSCRIPTION_ALLOWED"), (1, "NON_3GPP_SUBSCRIPTION_BARRED"),
                ]),
                def(1502, "Non-3GPP-IP-Access-APN", .enumerated, .mustNot, vendor: v, values: [
                    (0, "NON_3GPP_APNS_ENABLE"), (1, "NON_3GPP_APNS_DISABLE"),
                ]),
                def(1503, "AN-Trusted", .enumerated, .mustNot, vendor: v, values: [(0, "TRUSTED"), (1, "UNTRUSTED")]),
                def(1504, "ANID", .utf8String, vendor: v),
                def(1505, "Trace-Info", .grouped, .mustNot, vendor: v),
            ])
    }()
}
