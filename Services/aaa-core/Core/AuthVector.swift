import WireFormat

/// One authentication vector as aaa-core uses it: what the HSS returned for one challenge.
///
/// For EAP-AKA' the HSS normally returns CK'/IK' already bound to the access network name
/// (TS 29.273 with the "EAP-AKA'" scheme); an HSS that only speaks EAP-AKA returns plain CK/IK
/// and aaa-core derives CK'/IK' itself (`keysAreAKAPrime` false).
public struct AuthVector: Sendable, Hashable {
    /// RAND, 16 octets.
    public var rand: [UInt8]
    /// AUTN, 16 octets.
    public var autn: [UInt8]
    /// XRES, 4...16 octets.
    public var xres: [UInt8]
    /// CK, or CK' when `keysAreAKAPrime`.
    public var ck: [UInt8]
    /// IK, or IK' when `keysAreAKAPrime`.
    public var ik: [UInt8]
    /// True when `ck`/`ik` are CK'/IK' (the HSS did the TS 33.402 A.2 transform).
    public var keysAreAKAPrime: Bool
    /// Origin-Host of the HSS that returned the vector (nil when unknown): the SWx registration
    /// (SAR) after the authentication goes to the same HSS (TS 29.273 8.1.2.2).
    public var servingHSS: String?

    public init(rand: [UInt8], autn: [UInt8], xres: [UInt8], ck: [UInt8], ik: [UInt8], keysAreAKAPrime: Bool,
                servingHSS: String? = nil) {
        self.rand = rand
        self.autn = autn
        self.xres = xres
        self.ck = ck
        self.ik = ik
        self.keysAreAKAPrime = keysAreAKAPrime
        self.servingHSS = servingHSS
    }

    /// Why the vector cannot be used, or nil when every field has its TS 33.102 size.
    var defect: String? {
        if rand.count != 16 { return "RAND has \(rand.count) octets" }
        if autn.count != 16 { return "AUTN has \(autn.count) octets" }
        if !(4...16).contains(xres.count) { return "XRES has \(xres.count) octets" }
        if ck.count != 16 { return "CK has \(ck.count) octets" }
        if ik.count != 16 { return "IK has \(ik.count) octets" }
        return nil
    }
}

extension AuthVector: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// RAND and AUTN travel in clear on the air interface; XRES, CK and IK are never printed.
    public var description: String {
        "AuthVector(rand: \(rand.hexString), autn: \(autn.hexString), xres: <redacted>, ck: <redacted>, ik: <redacted>, akaPrimeKeys: \(keysAreAKAPrime))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["rand": rand.hexString, "autn": autn.hexString]) }
}
