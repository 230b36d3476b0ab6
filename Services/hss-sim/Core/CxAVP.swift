import Diameter

/// Cx AVPs the Diameter library has in its dictionary but no constructor for.
enum CxAVPCode {
    /// Public-Identity (TS 29.229 6.3.2), vendor 3GPP, UTF8String.
    static let publicIdentity: UInt32 = 601
}

extension DiameterAVP {
    /// Public-Identity (601, vendor 3GPP, M and V set as the dictionary says).
    static func publicIdentity(_ identity: String) -> DiameterAVP {
        standard(code: CxAVPCode.publicIdentity, vendorID: DiameterVendor.threeGPP, .utf8String(identity))
    }
}
