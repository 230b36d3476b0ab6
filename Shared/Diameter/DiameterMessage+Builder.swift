/// Building requests and answers.
extension DiameterMessage {
    /// A request with R set and P set as the dictionary declares the command (override with `proxiable`).
    public static func request(command: DiameterCommand, application: DiameterApplication, hopByHop: UInt32,
                               endToEnd: UInt32, proxiable: Bool? = nil, avps: [DiameterAVP],
                               dictionary: DiameterDictionary = .standard) -> DiameterMessage {
        var flags: DiameterHeader.CommandFlags = .request
        if proxiable ?? dictionary.command(code: command.rawValue)?.proxiable ?? true { flags.insert(.proxiable) }
        return DiameterMessage(flags: flags, commandCode: command.rawValue, applicationID: application.rawValue,
                               hopByHopID: hopByHop, endToEndID: endToEnd, avps: avps)
    }

    /// The answer shell: same command, application and identifiers, R and T cleared, P kept, no AVPs.
    public func answer(avps: [DiameterAVP]) -> DiameterMessage {
        var f = flags
        f.remove(.request)
        f.remove(.retransmitted)
        f.remove(.error)
        return DiameterMessage(flags: f, commandCode: commandCode, applicationID: applicationID,
                               hopByHopID: hopByHopID, endToEndID: endToEndID, avps: avps)
    }

    /// An answer carrying Session-Id (copied from the request when present), Result-Code, `avps`, then the
    /// request's Proxy-Info AVPs in order (RFC 6733 6.2). A 3xxx result sets the E bit (RFC 6733 7.1.3).
    public func answer(resultCode: UInt32, avps: [DiameterAVP] = []) -> DiameterMessage {
        var list = [DiameterAVP]()
        list.reserveCapacity(avps.count + 2)
        if let session = first(code: DiameterAVPCode.sessionID) { list.append(session) }
        list.append(.resultCode(resultCode))
        list.append(contentsOf: avps)
        list.append(contentsOf: all(code: DiameterAVPCode.proxyInfo))
        var out = answer(avps: list)
        if (3000..<4000).contains(resultCode) { out.flags.insert(.error) }
        return out
    }

    public func answer(resultCode: DiameterResultCode, avps: [DiameterAVP] = []) -> DiameterMessage {
        answer(resultCode: resultCode.rawValue, avps: avps)
    }

    /// The answer a server sends for a decode or validation failure: its Result-Code, and Failed-AVP when
    /// the error names an AVP. Origin-Host and Origin-Realm are the caller's to add in `avps`.
    public func answer(error: DiameterError, avps: [DiameterAVP] = []) -> DiameterMessage {
        var extra = avps
        if let failed = error.failedAVP { extra.append(.failedAVP([failed])) }
        return answer(resultCode: error.resultCode, avps: extra)
    }
}
