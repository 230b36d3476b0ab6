import Diameter
import NAI

/// What every request aaa-core sends to an HSS starts with, on SWx (TS 29.273) and Cx (TS 29.229):
/// Session-Id, Vendor-Specific-Application-Id, Auth-Session-State NO_STATE_MAINTAINED, Origin-Host,
/// Origin-Realm — and where it goes: the configured Destination-Realm, else the HSS realm built
/// from the IMSI (TS 23.003 19.2).
enum HSSRequestHeader {
    static func avps(sessionID: String, application: DiameterApplication, originHost: String, originRealm: String)
        -> [DiameterAVP]
    {
        [
            .sessionId(sessionID),
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: application),
            .authSessionState(1),  // NO_STATE_MAINTAINED
            .originHost(originHost), .originRealm(originRealm),
        ]
    }

    /// nil when nothing is configured and the IMSI gives no realm (the caller names the failure).
    static func destinationRealm(configured: String?, imsi: IMSI, mncLength: Int) -> String? {
        if let configured { return configured }
        return try? NAI.hssRealm(imsi: imsi, mncLength: mncLength)
    }
}
