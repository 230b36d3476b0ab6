import AAACore
import Diameter
import EAPAKA
import Milenage
import NAI

/// A Cx HSS behaving like pyHSS 2.0 at the message level: reads the IMSI from User-Name
/// (`IMSI@realm`), resynchronises from SIP-Authorization, answers one "Digest-AKAv1-MD5" item with
/// plain CK/IK (SIP-Item-Number 0), and 5001 in an Experimental-Result without Result-Code.
actor FakeCxHSS: SWxRequestTransport {
    static let host = "pyhss.lab.twag"
    var core: MilenageHSSCore
    private(set) var requests: [DiameterMessage] = []

    init(_ core: MilenageHSSCore) {
        var core = core
        core.returnsPrimeKeys = false
        self.core = core
    }

    func sendSWx(_ request: DiameterMessage) async throws(VectorFetchError) -> DiameterMessage {
        requests.append(request)
        let v = DiameterVendor.threeGPP
        let base: [DiameterAVP] = [
            .vendorSpecificApplicationId(vendor: v, auth: .cx), .authSessionState(1),
            .originHost(Self.host), .originRealm("lab.twag"),
        ]
        guard let user = request.userName, let digits = user.split(separator: "@").first,
              let imsi = try? IMSI(String(digits))
        else { return request.answer(resultCode: 5005, avps: base) }
        let item = try? request.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v)?.grouped()
        let authorization = item?.first { $0.code == DiameterAVPCode.sipAuthorization }?.octetString()
        let resync = authorization.flatMap { try? ResynchronisationInfo(bytes: $0) }
        let vectors: [AuthVector]
        do {
            vectors = try core.fetch(imsi: imsi, scheme: .aka, resync: resync)
        } catch .userUnknown {
            return request.answer(avps: [.sessionId(request.sessionId ?? "")] + base
                                  + [.experimentalResult(vendor: v, code: 5001)])
        } catch {
            return request.answer(resultCode: 5012, avps: base)
        }
        var avps = base
        for vector in vectors {
            avps.append(.sipAuthDataItem(SWxAuthVector(
                itemNumber: 0, scheme: CxVectorSource.akaSchemeName, rand: vector.rand, autn: vector.autn,
                xres: vector.xres, ck: vector.ck, ik: vector.ik)))
        }
        avps.append(.sipNumberAuthItems(1))
        return request.answer(resultCode: 2001, avps: avps)
    }

    func set(_ change: @Sendable (inout MilenageHSSCore) -> Void) { change(&core) }
}
