import Diameter

extension SWxHSS {
    /// Reason-Code values (TS 29.273 8.2.3.16 via TS 29.229 6.3.17).
    public enum DeregistrationReasonCode {
        public static let permanentTermination: Int32 = 0
        public static let newServerAssigned: Int32 = 1
        public static let serverChange: Int32 = 2
    }

    /// Reason-Info of the lab RTR, so the AAA server's logs show who ended the registration.
    public static let terminationReasonInfo = "hss-sim"

    /// The RTR for a registration (TS 29.273 8.2.2.3), AVPs in ABNF order: < Session-Id >,
    /// { Vendor-Specific-Application-Id }, { Auth-Session-State } NO_STATE_MAINTAINED, { Origin-Host },
    /// { Origin-Realm }, { Destination-Host }, { Destination-Realm }, { User-Name },
    /// { Deregistration-Reason { Reason-Code PERMANENT_TERMINATION, Reason-Info } }.
    /// Hop-by-Hop and End-to-End are 0: `DiameterNode.send` assigns them.
    public func registrationTerminationRequest(imsi: String, registration: SWxRegistration,
                                               sessionId: String) -> DiameterMessage {
        let v = DiameterVendor.threeGPP
        let reason = DiameterAVP.standard(code: DiameterAVPCode.deregistrationReason, vendorID: v, .grouped([
            .standard(code: DiameterAVPCode.reasonCode, vendorID: v, .enumerated(DeregistrationReasonCode.permanentTermination)),
            .standard(code: DiameterAVPCode.reasonInfo, vendorID: v, .utf8String(Self.terminationReasonInfo)),
        ]))
        return DiameterMessage.request(command: .registrationTermination, application: .swx, hopByHop: 0, endToEnd: 0, avps: [
            .sessionId(sessionId),
            .vendorSpecificApplicationId(vendor: v, auth: .swx),
            .authSessionState(1),
            .originHost(identity.originHost),
            .originRealm(identity.originRealm),
            .destinationHost(registration.aaaHost),
            .destinationRealm(registration.aaaRealm),
            .userName(imsi),
            reason,
        ])
    }

    /// RFC 6733 8.8 Session-Id: `<Origin-Host>;<high 32 bits>;<low 32 bits>;rtr`, unique per boot
    /// (`high`, e.g. start time) and per RTR (`low`, a counter).
    public func terminationSessionId(high: UInt32, low: UInt32) -> String {
        "\(identity.originHost);\(high);\(low);rtr"
    }
}
