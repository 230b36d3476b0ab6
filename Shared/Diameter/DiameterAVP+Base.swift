/// Base protocol AVP constructors with the dictionary's default flags.
extension DiameterAVP {
    /// An AVP whose flags come from the standard dictionary (V for vendor AVPs, M when the rule is "must").
    public static func standard(code: UInt32, vendorID: UInt32? = nil, _ value: DiameterValue) -> DiameterAVP {
        let rule = DiameterDictionary.standard.avp(code: code, vendorID: vendorID ?? 0)?.mandatoryRule ?? .must
        return DiameterAVP(code: code, vendorID: vendorID, mandatory: rule == .must, payload: value.payload)
    }

    /// Session-Id (263).
    public static func sessionId(_ id: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.sessionID, .utf8String(id))
    }

    /// Origin-Host (264).
    public static func originHost(_ host: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.originHost, .diameterIdentity(host))
    }

    /// Origin-Realm (296).
    public static func originRealm(_ realm: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.originRealm, .diameterIdentity(realm))
    }

    /// Destination-Host (293).
    public static func destinationHost(_ host: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.destinationHost, .diameterIdentity(host))
    }

    /// Destination-Realm (283).
    public static func destinationRealm(_ realm: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.destinationRealm, .diameterIdentity(realm))
    }

    /// Route-Record (282).
    public static func routeRecord(_ identity: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.routeRecord, .diameterIdentity(identity))
    }

    /// User-Name (1).
    public static func userName(_ name: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.userName, .utf8String(name))
    }

    /// Host-IP-Address (257).
    public static func hostIPAddress(_ address: DiameterAddress) -> DiameterAVP {
        standard(code: DiameterAVPCode.hostIPAddress, .address(address))
    }

    /// Vendor-Id (266).
    public static func vendorId(_ vendor: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.vendorID, .unsigned32(vendor))
    }

    /// Supported-Vendor-Id (265).
    public static func supportedVendorId(_ vendor: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.supportedVendorID, .unsigned32(vendor))
    }

    /// Product-Name (269).
    public static func productName(_ name: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.productName, .utf8String(name))
    }

    /// Firmware-Revision (267).
    public static func firmwareRevision(_ revision: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.firmwareRevision, .unsigned32(revision))
    }

    /// Origin-State-Id (278).
    public static func originStateId(_ state: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.originStateID, .unsigned32(state))
    }

    /// Auth-Application-Id (258).
    public static func authApplicationId(_ application: DiameterApplication) -> DiameterAVP {
        standard(code: DiameterAVPCode.authApplicationID, .unsigned32(application.rawValue))
    }

    /// Acct-Application-Id (259).
    public static func acctApplicationId(_ application: DiameterApplication) -> DiameterAVP {
        standard(code: DiameterAVPCode.acctApplicationID, .unsigned32(application.rawValue))
    }

    /// Vendor-Specific-Application-Id { Vendor-Id, Auth-Application-Id }.
    public static func vendorSpecificApplicationId(vendor: UInt32, auth: DiameterApplication) -> DiameterAVP {
        standard(code: DiameterAVPCode.vendorSpecificApplicationID, .grouped([.vendorId(vendor), .authApplicationId(auth)]))
    }

    /// Vendor-Specific-Application-Id { Vendor-Id, Acct-Application-Id }.
    public static func vendorSpecificApplicationId(vendor: UInt32, acct: DiameterApplication) -> DiameterAVP {
        standard(code: DiameterAVPCode.vendorSpecificApplicationID, .grouped([.vendorId(vendor), .acctApplicationId(acct)]))
    }

    /// Result-Code (268).
    public static func resultCode(_ code: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.resultCode, .unsigned32(code))
    }

    /// Result-Code (268) from a named value.
    public static func resultCode(_ code: DiameterResultCode) -> DiameterAVP {
        resultCode(code.rawValue)
    }

    /// Experimental-Result { Vendor-Id, Experimental-Result-Code }.
    public static func experimentalResult(vendor: UInt32, code: UInt32) -> DiameterAVP {
        standard(code: DiameterAVPCode.experimentalResult, .grouped([
            .vendorId(vendor), standard(code: DiameterAVPCode.experimentalResultCode, .unsigned32(code)),
        ]))
    }

    /// 0 STATE_MAINTAINED, 1 NO_STATE_MAINTAINED.
    public static func authSessionState(_ state: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.authSessionState, .enumerated(state))
    }

    /// Termination-Cause (295).
    public static func terminationCause(_ cause: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.terminationCause, .enumerated(cause))
    }

    /// Disconnect-Cause (273).
    public static func disconnectCause(_ cause: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.disconnectCause, .enumerated(cause))
    }

    /// Re-Auth-Request-Type (285).
    public static func reAuthRequestType(_ type: Int32) -> DiameterAVP {
        standard(code: DiameterAVPCode.reAuthRequestType, .enumerated(type))
    }

    /// Event-Timestamp (55).
    public static func eventTimestamp(_ time: DiameterTime) -> DiameterAVP {
        standard(code: DiameterAVPCode.eventTimestamp, .time(time))
    }

    /// Error-Message (281).
    public static func errorMessage(_ text: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.errorMessage, .utf8String(text))
    }

    /// Failed-AVP wrapping the offending AVPs (e.g. `DiameterError.failedAVP`).
    public static func failedAVP(_ avps: [DiameterAVP]) -> DiameterAVP {
        standard(code: DiameterAVPCode.failedAVP, .grouped(avps))
    }
}
