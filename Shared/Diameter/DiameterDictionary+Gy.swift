// Credit control (RFC 4006) and the TS 32.299 Gy AVPs (vendor 3GPP).

extension DiameterDictionary {
    /// Gy: the Credit Control application, CCR/CCA and its AVPs.
    public static let gy: DiameterDictionary = {
        let v = DiameterVendor.threeGPP
        return DiameterDictionary(
            applications: [DiameterApplicationDefinition(id: 4, name: "Diameter Credit Control Application")],
            commands: [
                DiameterCommandDefinition(code: 272, name: "Credit-Control", request: "CCR", answer: "CCA",
                                          applicationID: 4, proxiable: true),
            ],
            avps: [
                // RADIUS-derived access AVPs (RFC 7155) that TS 32.299 carries for WLAN access.
                def(4, "NAS-IP-Address", .octetString),
                def(30, "Called-Station-Id", .utf8String),
                def(31, "Calling-Station-Id", .utf8String),
                def(21, "3GPP-RAT-Type", .octetString, .may, vendor: v),
                def(411, "CC-Correlation-Id", .octetString, .may),
                def(412, "CC-Input-Octets", .unsigned64),
                def(413, "CC-Money", .grouped),
                def(414, "CC-Output-Octets", .unsigned64),
                def(415, "CC-Request-Number", .unsigned32),
                def(416, "CC-Request-Type", .enumerated, values: [
                    (1, "INITIAL_REQUEST"), (2, "UPDATE_REQUEST"), (3, "TERMINATION_REQUEST"), (4, "EVENT_REQUEST"),
                ]),
                def(417, "CC-Service-Specific-Units", .unsigned64),
                def(418, "CC-Session-Failover", .enumerated, values: [
                    (0, "FAILOVER_NOT_SUPPORTED"), (1, "FAILOVER_SUPPORTED"),
                ]),
                def(419, "CC-Sub-Session-Id", .unsigned64),
                def(420, "CC-Time", .unsigned32),
                def(421, "CC-Total-Octets", .unsigned64),
                def(425, "Currency-Code", .unsigned32),
                def(427, "Credit-Control-Failure-Handling", .enumerated, values: [
                    (0, "TERMINATE"), (1, "CONTINUE"), (2, "RETRY_AND_TERMINATE"),
                ]),
                def(429, "Exponent", .integer32),
                def(430, "Final-Unit-Indication", .grouped),
                def(431, "Granted-Service-Unit", .grouped),
                def(432, "Rating-Group", .unsigned32),
                def(433, "Redirect-Address-Type", .enumerated, values: [
                    (0, "IPv4_Address"), (1, "IPv6_Address"), (2, "URL"), (3, "SIP_URI"),
                ]),
                def(434, "Redirect-Server", .grouped),
                def(435, "Redirect-Server-Address", .utf8String),
                def(437, "Requested-Service-Unit", .grouped),
                def(439, "Service-Identifier", .unsigned32),
                def(443, "Subscription-Id", .grouped),
                def(444, "Subscription-Id-Data", .utf8String),
                def(445, "Unit-Value", .grouped),
                def(446, "Used-Service-Unit", .grouped),
                def(447, "Value-Digits", .integer64),
                def(448, "Validity-Time", .unsigned32),
                def(449, "Final-Unit-Action", .enumerated, values: [
                    (0, "TERMINATE"), (1, "REDIRECT"), (2, "RESTRICT_ACCESS"),
                ]),
                def(450, "Subscription-Id-Type", .enumerated, values: [
                    (0, "END_USER_E164"), (1, "END_USER_IMSI"), (2, "END_USER_SIP_URI"), (3, "END_USER_NAI"),
                    (4, "END_USER_PRIVATE"),
                ]),
                def(451, "Tariff-Time-Change", .time),
                def(455, "Multiple-Services-Indicator", .enumerated, values: [
                    (0, "MULTIPLE_SERVICES_NOT_SUPPORTED"), (1, "MULTIPLE_SERVICES_SUPPORTED"),
                ]),
                def(456, "Multiple-Services-Credit-Control", .grouped),
                def(458, "User-Equipment-Info", .grouped, .may),
                def(459, "User-Equipment-Info-Type", .enumerated, .may, values: [
                    (0, "IMEISV"), (1, "MAC"), (2, "EUI64"), (3, "MODIFIED_EUI64"),
                ]),
                def(460, "User-Equipment-Info-Value", .octetString, .may),
                def(461, "Service-Context-Id", .utf8String),
                def(868, "Time-Quota-Threshold", .unsigned32, vendor: v),
                def(869, "Volume-Quota-Threshold", .unsigned32, vendor: v),
                def(870, "Trigger-Type", .enumerated, vendor: v),
                def(871, "Quota-Holding-Time", .unsigned32, vendor: v),
                def(872, "Reporting-Reason", .enumerated, vendor: v, values: [
                    (0, "THRESHOLD"), (1, "QHT"), (2, "FINAL"), (3, "QUOTA_EXHAUSTED"), (4, "VALIDITY_TIME"),
                    (5, "OTHER_QUOTA_TYPE"), (6, "RATING_CONDITION_CHANGE"), (7, "FORCED_REAUTHORISATION"),
                    (8, "POOL_EXHAUSTED"),
                ]),
                def(873, "Service-Information", .grouped, vendor: v),
                def(874, "PS-Information", .grouped, vendor: v),
            ])
    }()
}
