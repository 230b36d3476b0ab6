import Diameter
import Milenage
import WireFormat

extension SWxHSS {
    /// Cx MAR → MAA (TS 29.228 6.3 / TS 29.229 6.1.7-6.1.8) the way pyHSS answers it: one vector
    /// with plain CK/IK whatever SIP-Number-Auth-Items asks for, any scheme accepted and echoed,
    /// resynchronisation from SIP-Authorization = RAND‖AUTS, 5001 for an unknown IMSI, and no
    /// answer at all for a request it cannot parse (pyHSS's handler raises and nothing is sent).
    mutating func cxMultimediaAuth(_ request: DiameterMessage, peer: String, random: inout some RandomNumberGenerator)
        -> HSSDecision
    {
        let command = "MAA"
        let v = DiameterVendor.threeGPP
        let publicIdentity = request.first(code: DiameterAVPCode.publicIdentity, vendor: v).flatMap { try? $0.utf8String() }
        guard let imsi = Self.cxIMSI(userName: request.userName, publicIdentity: publicIdentity) else {
            return .drop(reason: "Cx MAR without a usable User-Name or Public-Identity")
        }
        guard let item = request.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v),
              let children = try? item.grouped(),
              let scheme = children.first(where: { $0.code == DiameterAVPCode.sipAuthenticationScheme && $0.vendor == v })
                .flatMap({ try? $0.utf8String() })
        else {
            return .drop(reason: "Cx MAR for \(imsi) without SIP-Auth-Data-Item { SIP-Authentication-Scheme }")
        }
        if let count = request.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: v), (try? count.unsigned32()) == nil {
            return .drop(reason: "Cx MAR for \(imsi) with a malformed SIP-Number-Auth-Items")
        }
        guard let subscriber = subscribers[imsi] else {
            let answer = cxAnswer(to: request, result: .experimental(SWxExperimentalResultCode.userUnknown))
            return .answer(HSSOutcome(answer: answer, sequenceStateChanged: false, summary: HSSAnswerSummary(
                command: command, peer: peer, imsi: imsi, code: SWxExperimentalResultCode.userUnknown, experimental: true,
                detail: "IMSI not provisioned")))
        }

        var current = sequenceState.current(for: subscriber)
        var detail: String?
        // Re-synchronisation (TS 33.102 6.3.5; TS 29.229 6.3.13): SIP-Authorization = RAND || AUTS.
        if let authorization = children.first(where: { $0.code == DiameterAVPCode.sipAuthorization && $0.vendor == v }) {
            guard let info = try? ResynchronisationInfo(bytes: authorization.octetString()) else {
                return .drop(reason: "Cx MAR for \(imsi): SIP-Authorization is \(authorization.octetString().count) bytes, not RAND||AUTS")
            }
            do {
                current = try subscriber.milenage.recoverSQN(info)
            } catch {
                // As in SWx mode: SQN_HE unchanged (TS 33.102 6.3.5), this authentication refused.
                let code = DiameterResultCode.unableToComply.rawValue
                return .answer(HSSOutcome(answer: cxAnswer(to: request, result: .base(code)), sequenceStateChanged: false,
                                          summary: HSSAnswerSummary(command: command, peer: peer, imsi: imsi, code: code,
                                                                    detail: "AUTS verification failed; SQN unchanged")))
            }
            setSQN(current, for: imsi)
            detail = "resynchronised to \(current)"
        }

        guard let sqn = Self.nextSQN(after: current, for: subscriber),
              let vector = Self.plainVector(subscriber: subscriber, sqn: sqn, scheme: scheme, random: &random)
        else {
            let code = DiameterResultCode.unableToComply.rawValue
            return .answer(HSSOutcome(answer: cxAnswer(to: request, result: .base(code)), sequenceStateChanged: detail != nil,
                                      summary: HSSAnswerSummary(command: command, peer: peer, imsi: imsi, code: code,
                                                                detail: "SQN exhausted at \(current)")))
        }
        setSQN(sqn, for: imsi)
        // pyHSS 1.x/2.0.0 body order: Public-Identity, User-Name, SIP-Auth-Data-Item, SIP-Number-Auth-Items.
        var body: [DiameterAVP] = []
        if let publicIdentity { body.append(.publicIdentity(publicIdentity)) }
        body.append(.userName(imsi))
        body.append(.sipAuthDataItem(vector))
        body.append(.sipNumberAuthItems(1))
        let answer = cxAnswer(to: request, result: .success, body: body)
        return .answer(HSSOutcome(answer: answer, sequenceStateChanged: true, summary: HSSAnswerSummary(
            command: command, peer: peer, imsi: imsi, code: DiameterResultCode.success.rawValue, vectorCount: 1,
            scheme: scheme, detail: detail.map { "Cx, " + $0 } ?? "Cx")))
    }

    /// The IMSI of a Cx MAR: User-Name `IMSI@realm` or a bare IMSI, else Public-Identity
    /// `sip:IMSI@realm` (the AVP pyHSS itself reads). nil when neither yields a digit string.
    static func cxIMSI(userName: String?, publicIdentity: String?) -> String? {
        func digits(_ s: Substring) -> String? {
            (6...15).contains(s.count) && s.allSatisfy({ $0.isASCII && $0.isNumber }) ? String(s) : nil
        }
        if let userName, let user = userName.split(separator: "@", omittingEmptySubsequences: false).first,
           let imsi = digits(user) {
            return imsi
        }
        if let publicIdentity {
            var id = Substring(publicIdentity)
            if id.lowercased().hasPrefix("sip:") { id = id.dropFirst(4) }
            if let user = id.split(separator: "@", omittingEmptySubsequences: false).first { return digits(user) }
        }
        return nil
    }

    /// One MILENAGE vector with a fresh RAND and plain CK/IK: the whole Cx answer (a Cx HSS never
    /// derives CK'/IK'; the AAA server does), and the SWx MAA's base before any ANID binding.
    /// SIP-Item-Number counts from 1 (TS 29.229 6.3.16; pyHSS sends 0).
    static func plainVector(subscriber: Subscriber, sqn: SequenceNumber, scheme: String, itemNumber: UInt32 = 1,
                            random: inout some RandomNumberGenerator) -> SWxAuthVector? {
        var rand = [UInt8]()
        rand.reserveCapacity(16)
        for _ in 0..<2 { rand.appendUInt64(random.next()) }
        guard let v = try? subscriber.milenage.generateVector(rand: rand, sqn: sqn, amf: subscriber.amf) else { return nil }
        return SWxAuthVector(itemNumber: itemNumber, scheme: scheme, rand: v.rand, autn: v.autn, xres: v.xres, ck: v.ck, ik: v.ik)
    }

    /// A Cx MAA in pyHSS's AVP order (Answer_16777216_303): Session-Id, Vendor-Specific-Application-Id
    /// {10415, Cx}, Auth-Session-State 1, Origin-Host, Origin-Realm, `body`, then Result-Code or
    /// Experimental-Result last (pyHSS appends Result-Code after the vectors), then Proxy-Info.
    /// Differences from pyHSS, on purpose: SIP-Item-Number is 1 (pyHSS: 0), the scheme is echoed
    /// (pyHSS: always "Digest-AKAv1-MD5"), Public-Identity is echoed (pyHSS 2.0.0 appends the realm twice).
    func cxAnswer(to request: DiameterMessage, result: SWxResult, body: [DiameterAVP] = []) -> DiameterMessage {
        var avps: [DiameterAVP] = []
        avps.reserveCapacity(body.count + 8)
        if let session = request.first(code: DiameterAVPCode.sessionID) { avps.append(session) }
        avps.append(.vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .cx))
        avps.append(.authSessionState(1))
        avps.append(.originHost(identity.originHost))
        avps.append(.originRealm(identity.originRealm))
        avps.append(contentsOf: body)
        avps.append(result.avp)
        avps.append(contentsOf: request.all(code: DiameterAVPCode.proxyInfo))
        return request.answer(avps: avps)
    }
}
