import Diameter
import NAI

/// Who aaa-core is towards an HSS and what every request it sends there starts with, on SWx
/// (TS 29.273) and Cx (TS 29.229): Session-Id, Vendor-Specific-Application-Id, Auth-Session-State
/// NO_STATE_MAINTAINED, Origin-Host, Origin-Realm, then Destination-Realm: the configured one, else
/// the HSS realm built from the IMSI (TS 23.003 19.2). Shared by the MAR (SWx, Cx) and SAR builders.
public struct HSSRequestHeader: Sendable {
    public let originHost: String
    public let originRealm: String
    /// `diameter.destination_realm`; nil: the HSS realm built from the IMSI.
    public let destinationRealm: String?
    /// MNC digits when a realm is built from an IMSI (`eap.mnc_length`).
    public let mncLength: Int
    private let sessionIDs: DiameterSessionIDGenerator

    public init(originHost: String, originRealm: String, destinationRealm: String?, mncLength: Int,
                sessionIDs: DiameterSessionIDGenerator? = nil) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.destinationRealm = destinationRealm
        self.mncLength = mncLength
        self.sessionIDs = sessionIDs ?? DiameterSessionIDGenerator(identity: originHost)
    }

    /// The header AVPs of a new request (a fresh Session-Id) for `imsi`; nil when nothing is
    /// configured and the IMSI gives no realm (the caller names the failure).
    func avps(application: DiameterApplication, imsi: IMSI) -> [DiameterAVP]? {
        guard let realm = destinationRealm ?? (try? NAI.hssRealm(imsi: imsi, mncLength: mncLength)) else { return nil }
        return [
            .sessionId(sessionIDs.next()),
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: application),
            .authSessionState(1),  // NO_STATE_MAINTAINED
            .originHost(originHost), .originRealm(originRealm),
            .destinationRealm(realm),
        ]
    }
}
