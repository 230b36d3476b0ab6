import Diameter

extension DiameterAVP {
    /// Public-Identity (TS 29.229 6.3.2; vendor 3GPP, M and V set as the dictionary says): the library has no constructor.
    static func publicIdentity(_ identity: String) -> DiameterAVP {
        standard(code: DiameterAVPCode.publicIdentity, vendorID: DiameterVendor.threeGPP, .utf8String(identity))
    }
}
