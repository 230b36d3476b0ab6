import Diameter

/// What an MAA means for authentication, the same on SWx and Cx (TS 29.273 8.1.2.1, TS 29.229 6.3.13:
/// one SIP-Auth-Data-Item layout): a successful answer with vectors, or the `VectorFetchError` to act on.
enum MultimediaAuthAnswerOutcome {
    static func successfulAnswer(_ answer: DiameterMessage) throws(VectorFetchError) -> SWxMultimediaAuthAnswer {
        guard answer.commandCode == DiameterCommand.multimediaAuth.rawValue, !answer.isRequest else {
            throw .invalidAnswer("not a Multimedia-Auth-Answer (command \(answer.commandCode))")
        }
        let maa: SWxMultimediaAuthAnswer
        do {
            maa = try SWxMultimediaAuthAnswer(answer)
        } catch {
            throw .invalidAnswer("\(error)")
        }
        if let experimental = maa.experimentalResultCode {
            if experimental == SWxExperimentalResultCode.userUnknown { throw .userUnknown }
            throw .rejected(resultCode: experimental)
        }
        let code = maa.resultCode ?? 0
        guard code == DiameterResultCode.success.rawValue else {
            // 3xxx: the request was not delivered to an HSS (routing, busy): an availability problem.
            if (3000..<4000).contains(code) { throw .unavailable("Result-Code \(code)") }
            throw .rejected(resultCode: code)
        }
        guard !maa.vectors.isEmpty else { throw .invalidAnswer("DIAMETER_SUCCESS without SIP-Auth-Data-Item") }
        return maa
    }
}
