import Diameter

/// The outcome AVP of an SWx answer: a base Result-Code or a 3GPP Experimental-Result.
enum SWxResult: Sendable, Hashable {
    case base(UInt32)
    case experimental(UInt32)

    static let success = SWxResult.base(DiameterResultCode.success.rawValue)

    var code: UInt32 {
        switch self {
        case .base(let c), .experimental(let c): return c
        }
    }

    var isExperimental: Bool {
        if case .experimental = self { return true }
        return false
    }

    var avp: DiameterAVP {
        switch self {
        case .base(let c): return .resultCode(c)
        case .experimental(let c): return .experimentalResult(vendor: DiameterVendor.threeGPP, code: c)
        }
    }
}

/// A request refused before its handler could go on: the outcome to answer with.
struct HSSRefusal: Error {
    var outcome: HSSOutcome
}

extension SWxHSS {
    /// An SWx answer in TS 29.273 order: < Session-Id >, { Vendor-Specific-Application-Id },
    /// [ Result-Code ] / [ Experimental-Result ], { Auth-Session-State } (NO_STATE_MAINTAINED),
    /// { Origin-Host }, { Origin-Realm }, [ User-Name ], `body`, [ Failed-AVP ], [ Error-Message ],
    /// then the request's Proxy-Info AVPs (RFC 6733 6.2).
    func swxAnswer(to request: DiameterMessage, result: SWxResult, userName: String?, body: [DiameterAVP] = [],
                   failedAVP: DiameterAVP? = nil, errorMessage: String? = nil) -> DiameterMessage {
        var avps: [DiameterAVP] = []
        avps.reserveCapacity(body.count + 10)
        if let session = request.first(code: DiameterAVPCode.sessionID) { avps.append(session) }
        avps.append(.vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx))
        avps.append(result.avp)
        avps.append(.authSessionState(1))
        avps.append(.originHost(identity.originHost))
        avps.append(.originRealm(identity.originRealm))
        if let userName { avps.append(.userName(userName)) }
        avps.append(contentsOf: body)
        if let failedAVP { avps.append(.failedAVP([failedAVP])) }
        if let errorMessage { avps.append(.errorMessage(errorMessage)) }
        avps.append(contentsOf: request.all(code: DiameterAVPCode.proxyInfo))
        return request.answer(avps: avps)
    }

    /// An outcome for a failed request (no vectors, no state change).
    func failure(_ request: DiameterMessage, command: String, peer: String, imsi: String?, result: SWxResult,
                 failedAVP: DiameterAVP? = nil, errorMessage: String? = nil, detail: String) -> HSSOutcome {
        let answer = swxAnswer(to: request, result: result, userName: imsi, failedAVP: failedAVP, errorMessage: errorMessage)
        return HSSOutcome(answer: answer, sequenceStateChanged: false,
                          summary: HSSAnswerSummary(command: command, peer: peer, imsi: imsi, code: result.code,
                                                    experimental: result.isExperimental, detail: detail))
    }

    /// User-Name (the IMSI) of an MAR or SAR; without a usable one the request is refused (5005/5004).
    func requireUserName(_ request: DiameterMessage, command: String, peer: String) throws(HSSRefusal) -> String {
        do {
            return try request.require(code: DiameterAVPCode.userName).utf8String()
        } catch {
            throw HSSRefusal(outcome: failure(request, command: command, peer: peer, imsi: nil, error: error,
                                              detail: "User-Name"))
        }
    }

    /// 5012 in place of `outcome` when its new SQN state could not be saved, in this dialect's answer format.
    func stateNotSavedFailure(_ request: DiameterMessage, replacing outcome: HSSOutcome) -> HSSOutcome {
        let code = DiameterResultCode.unableToComply.rawValue
        let summary = outcome.summary
        switch dialect {
        case .swx:
            return failure(request, command: summary.command, peer: summary.peer, imsi: summary.imsi, result: .base(code),
                           errorMessage: "HSS cannot record sequence numbers", detail: "SQN state not saved")
        case .cx:
            return HSSOutcome(answer: cxAnswer(to: request, result: .base(code)), sequenceStateChanged: false,
                              summary: HSSAnswerSummary(command: summary.command, peer: summary.peer, imsi: summary.imsi,
                                                        code: code, detail: "SQN state not saved"))
        }
    }

    /// The answer for a structural fault found by the Diameter library (5004/5005/5009 + Failed-AVP).
    func failure(_ request: DiameterMessage, command: String, peer: String, imsi: String?, error: DiameterError,
                 wrappedIn parent: ((DiameterAVP) -> DiameterAVP)? = nil, detail: String) -> HSSOutcome {
        let failed = error.failedAVP.map { parent?($0) ?? $0 }
        return failure(request, command: command, peer: peer, imsi: imsi, result: .base(error.resultCode), failedAVP: failed,
                       detail: detail)
    }
}
