import Diameter
import EAPAKA
import Milenage
import NAI

/// Fetches vectors with the Cx Multimedia-Auth-Request / Answer (TS 29.228 6.3, TS 29.229 6.1.7-6.1.8),
/// for HSSs that hand out AKA vectors only to an S-CSCF (pyHSS 2.0 ignores SWx entirely).
///
/// The AAA server poses as an S-CSCF: User-Name is the IMPI `IMSI@realm`, Public-Identity the IMPU
/// `sip:IMSI@realm`, Server-Name `sip:<Origin-Host>`. The scheme is "Digest-AKAv1-MD5", the IMS AKA
/// scheme of TS 29.229 6.3.9: pyHSS's MAA handler returns an AKA vector (RAND||AUTN, XRES, CK, IK) for
/// any scheme but "Digest-MD5", and standard Cx HSSs (FHoSS, Clearwater-era cores) only return CK/IK
/// for this one. Cx never binds keys to an access network, so CK/IK are always plain and EAP-AKA'
/// derives CK'/IK' itself (TS 33.402 A.2) in the conversation, after checking the AMF separation bit.
public struct CxVectorSource: VectorSource {
    /// SIP-Authentication-Scheme for AKA vectors over Cx (TS 29.229 6.3.9).
    public static let akaSchemeName = "Digest-AKAv1-MD5"

    public let transport: any SWxRequestTransport
    public let header: HSSRequestHeader
    /// `diameter.cx_impi_realm`; nil: the realm of the subscriber's NAI.
    public let impiRealm: String?

    public init(transport: any SWxRequestTransport, originHost: String, originRealm: String,
                destinationRealm: String?, impiRealm: String?, mncLength: Int,
                sessionIDs: DiameterSessionIDGenerator? = nil) {
        self.transport = transport
        self.header = HSSRequestHeader(originHost: originHost, originRealm: originRealm,
                                       destinationRealm: destinationRealm, mncLength: mncLength, sessionIDs: sessionIDs)
        self.impiRealm = impiRealm
    }

    public func fetch(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?) async throws(VectorFetchError)
        -> [AuthVector]
    {
        try await fetch(VectorRequest(imsi: imsi, scheme: scheme, resync: resync))
    }

    public func fetch(_ request: VectorRequest) async throws(VectorFetchError) -> [AuthVector] {
        let mar = try multimediaAuthRequest(imsi: request.imsi, naiRealm: request.realm, resync: request.resync)
        let answer = try await transport.sendSWx(mar)
        return try vectors(from: answer)
    }

    /// The realm of the IMPI/IMPU: configured, else the NAI's, else the 3GPP WLAN realm of the IMSI
    /// (TS 23.003 19.3.2, what a permanent-identity NAI carries).
    func impiRealm(imsi: IMSI, naiRealm: String?) throws(VectorFetchError) -> String {
        if let impiRealm { return impiRealm }
        if let naiRealm, !naiRealm.isEmpty { return naiRealm }
        do {
            return try imsi.plmn(mncLength: header.mncLength).wlanRealm
        } catch {
            throw .unavailable("no IMPI realm for IMSI \(imsi.digits): \(error)")
        }
    }

    /// The Cx MAR (TS 29.229 6.1.7 order). Ids are left 0 for the node to assign.
    public func multimediaAuthRequest(imsi: IMSI, naiRealm: String?, resync: ResynchronisationInfo?)
        throws(VectorFetchError) -> DiameterMessage
    {
        guard let header = header.avps(application: .cx, imsi: imsi)
        else { throw .unavailable("no Destination-Realm for IMSI \(imsi.digits)") }
        let impi = "\(imsi.digits)@\(try impiRealm(imsi: imsi, naiRealm: naiRealm))"
        let v = DiameterVendor.threeGPP
        let avps: [DiameterAVP] = header + [
            .userName(impi),
            .standard(code: DiameterAVPCode.publicIdentity, vendorID: v, .utf8String("sip:" + impi)),
            .sipNumberAuthItems(1),
            // Resynchronisation: SIP-Authorization = RAND || AUTS (TS 29.228 6.3.3).
            .sipAuthDataItem(scheme: Self.akaSchemeName, authorization: resync?.bytes),
            .standard(code: DiameterAVPCode.serverName, vendorID: v, .utf8String("sip:" + self.header.originHost)),
        ]
        return DiameterMessage.request(command: .multimediaAuth, application: .cx, hopByHop: 0, endToEnd: 0,
                                       avps: avps)
    }

    /// Interprets a Cx MAA: plain CK/IK in every vector.
    public func vectors(from answer: DiameterMessage) throws(VectorFetchError) -> [AuthVector] {
        let maa = try MultimediaAuthAnswerOutcome.successfulAnswer(answer)
        var out = [AuthVector]()
        for item in maa.vectors {
            guard item.scheme.lowercased().contains("aka") else {
                throw .invalidAnswer("SIP-Authentication-Scheme \"\(item.scheme)\" is not an AKA scheme")
            }
            out.append(AuthVector(rand: item.rand, autn: item.autn, xres: item.xres, ck: item.ck, ik: item.ik,
                                  keysAreAKAPrime: false, servingHSS: answer.originHost))
        }
        return out
    }
}
