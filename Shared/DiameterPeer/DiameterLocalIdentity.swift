import Diameter

/// Who this node is in CER/CEA, DWR/DWA and DPR/DPA (RFC 6733 5.3).
public struct DiameterLocalIdentity: Sendable {
    public var originHost: String
    public var originRealm: String
    /// Host-IP-Address values; empty means "the local address of each connection".
    public var hostIPAddresses: [String]
    public var productName: String
    public var vendorID: UInt32
    public var firmwareRevision: UInt32?
    /// Advertised as Vendor-Specific-Application-Id with 10415 for 3GPP applications, plain
    /// Auth-Application-Id otherwise (Gy runs on the IETF credit-control application 4).
    public var authApplications: [DiameterApplication]
    public var supportedVendorIDs: [UInt32]
    /// Origin-State-Id: changes at each restart so peers can clear state bound to the previous run.
    public var originStateID: UInt32

    public init(originHost: String, originRealm: String, hostIPAddresses: [String] = [], productName: String,
                vendorID: UInt32 = 0, firmwareRevision: UInt32? = nil, authApplications: [DiameterApplication],
                supportedVendorIDs: [UInt32] = [DiameterVendor.threeGPP],
                originStateID: UInt32 = DiameterLocalIdentity.defaultOriginStateID()) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.hostIPAddresses = hostIPAddresses
        self.productName = productName
        self.vendorID = vendorID
        self.firmwareRevision = firmwareRevision
        self.authApplications = authApplications
        self.supportedVendorIDs = supportedVendorIDs
        self.originStateID = originStateID
    }

    /// Seconds since the epoch at start-up: increases across restarts, as RFC 6733 8.16 suggests.
    public static func defaultOriginStateID() -> UInt32 {
        UInt32(truncatingIfNeeded: max(0, clampedUnixSeconds()))
    }

    /// 3GPP applications (16777216 and above, e.g. Cx, SWx, STa) are vendor specific; the IETF ones are not.
    static func isVendorSpecific(_ application: DiameterApplication) -> Bool {
        application.rawValue >= 16_777_216 && application != .relay
    }

    /// The AVPs shared by CER and CEA after Result-Code / before the application list.
    func capabilityAVPs(hostAddresses: [DiameterAddress]) -> [DiameterAVP] {
        var avps: [DiameterAVP] = [.originHost(originHost), .originRealm(originRealm)]
        for address in hostAddresses { avps.append(.hostIPAddress(address)) }
        avps.append(.vendorId(vendorID))
        avps.append(.productName(productName))
        avps.append(.originStateId(originStateID))
        for vendor in supportedVendorIDs { avps.append(.supportedVendorId(vendor)) }
        for app in authApplications {
            if Self.isVendorSpecific(app) {
                avps.append(.vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: app))
            } else {
                avps.append(.authApplicationId(app))
            }
        }
        if let firmwareRevision { avps.append(.firmwareRevision(firmwareRevision)) }
        return avps
    }
}
