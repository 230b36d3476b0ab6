import Diameter

extension SWxHSS {
    /// Answers or drops `request` according to `dialect`: SWx mode answers everything (as `process`);
    /// Cx mode drops SWx requests silently (pyHSS 2.0.0 does), answers Cx MAR, and refuses the rest.
    public mutating func respond(to request: DiameterMessage, random: inout some RandomNumberGenerator,
                                 now: ContinuousClock.Instant = .now) -> HSSDecision {
        switch dialect {
        case .swx:
            return .answer(process(request, random: &random, now: now))
        case .cx:
            if request.applicationID == DiameterApplication.swx.rawValue {
                return .drop(reason: "SWx request in Cx mode (a Cx-only HSS never answers SWx)")
            }
            let label = DiameterDictionary.standard.label(commandCode: request.commandCode, isRequest: false)
            let peer = request.originHost ?? "?"
            guard request.applicationID == DiameterApplication.cx.rawValue else {
                return .answer(protocolError(request, code: DiameterResultCode.applicationUnsupported.rawValue, label: label,
                                             peer: peer, detail: "application \(request.applicationID) is not Cx"))
            }
            guard request.command == .multimediaAuth else {
                return .answer(protocolError(request, code: DiameterResultCode.commandUnsupported.rawValue, label: label,
                                             peer: peer, detail: "Cx command \(request.commandCode) is not served"))
            }
            return cxMultimediaAuth(request, peer: peer, random: &random)
        }
    }
}
