import WireFormat

/// A UMTS authentication vector (TS 33.102 clause 6.3.2) as the HSS hands it to the AAA
/// server (SWx Multimedia-Auth-Answer): RAND, XRES, CK, IK, AUTN.
public struct AuthenticationVector: Sendable, Hashable {
    /// Challenge, 16 bytes.
    public let rand: [UInt8]
    /// Expected response, 8 bytes.
    public let xres: [UInt8]
    /// Cipher key, 16 bytes.
    public let ck: [UInt8]
    /// Integrity key, 16 bytes.
    public let ik: [UInt8]
    /// (SQN xor AK) || AMF || MAC-A, 16 bytes.
    public let autn: [UInt8]

    /// Assembles a vector received from an HSS (e.g. decoded from SWx SIP-Auth-Data-Item).
    public init(rand: [UInt8], xres: [UInt8], ck: [UInt8], ik: [UInt8], autn: [UInt8]) {
        self.rand = rand
        self.xres = xres
        self.ck = ck
        self.ik = ik
        self.autn = autn
    }

    /// SQN xor AK, the first 6 bytes of AUTN (an input of the EAP-AKA' CK'/IK' derivation).
    public var sqnXorAK: ArraySlice<UInt8> { autn.prefix(6) }
}

extension AuthenticationVector: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// RAND and AUTN travel in the clear; XRES, CK and IK are redacted.
    public var description: String {
        "AuthenticationVector(rand: \(rand.hexString), autn: \(autn.hexString), xres: <redacted>, ck: <redacted>, ik: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["rand": rand.hexString, "autn": autn.hexString], displayStyle: .struct)
    }
}

extension Milenage {
    /// Generates the vector for `rand`, `sqn` and `amf` (HSS/AuC side):
    /// AUTN = (SQN xor AK) || AMF || MAC-A. Six AES calls.
    public func generateVector(rand: some Collection<UInt8>, sqn: SequenceNumber, amf: UInt16) throws(MilenageError)
        -> AuthenticationVector
    {
        let temp = try temp(rand)
        let out1 = try out1(temp: temp, sqn: sqn, amf: amf)
        let out2 = try out(temp, rotation: 0, constant: 1)
        let ck = try out(temp, rotation: 32, constant: 2).bytes
        let ik = try out(temp, rotation: 64, constant: 4).bytes
        let ak = out2.hi >> 16
        var autn = [UInt8]()
        autn.reserveCapacity(16)
        autn.appendBigEndian(sqn.value ^ ak, count: 6)
        autn.appendUInt16(amf)
        autn.appendBigEndian(out1.hi, count: 8)
        return AuthenticationVector(rand: Array(rand), xres: out2.lowBytes, ck: ck, ik: ik, autn: autn)
    }
}
