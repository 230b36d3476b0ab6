import Diameter
import NAI
import TWAGConfiguration

/// SWx Server-Assignment-Request / Answer with Server-Assignment-Type REGISTRATION (TS 29.273
/// 8.1.2.2, AVPs of table 8.1.2.2.1-1), sent through the same transport as the MAR.
public struct SWxServerAssignmentRegistrar: SubscriberRegistrar, SubscriberDeregistrar {
    /// DIAMETER_ERROR_USER_UNKNOWN (TS 29.229, vendor 10415).
    public static let userUnknown = SWxExperimentalResultCode.userUnknown
    /// NON_3GPP_SUBSCRIPTION_BARRED.
    public static let non3GPPSubscriptionBarred: Int32 = 1

    public let transport: any SWxRequestTransport
    public let header: HSSRequestHeader
    /// Lower-cased hosts of `vector_dialect: cx` peers: a Cx HSS has no SWx SAR, the registration is skipped.
    public let cxHosts: Set<String>

    public init(transport: any SWxRequestTransport, originHost: String, originRealm: String,
                destinationRealm: String?, mncLength: Int, cxHosts: Set<String> = [],
                sessionIDs: DiameterSessionIDGenerator? = nil) {
        self.transport = transport
        self.header = HSSRequestHeader(originHost: originHost, originRealm: originRealm,
                                       destinationRealm: destinationRealm, mncLength: mncLength, sessionIDs: sessionIDs)
        self.cxHosts = Set(cxHosts.map { $0.lowercased() })
    }

    /// From the `diameter` section.
    public init(transport: any SWxRequestTransport, configuration: TWAGConfiguration) {
        self.init(transport: transport, originHost: configuration.diameter.host,
                  originRealm: configuration.diameter.realm, destinationRealm: configuration.diameter.destinationRealm,
                  mncLength: configuration.eap.mncLength,
                  cxHosts: Set(configuration.diameter.peers.filter { $0.vectorDialect == .cx }.map(\.host)))
    }

    public func register(imsi: IMSI, servingHSS: String?) async throws(RegistrationError) -> RegistrationOutcome {
        if let servingHSS, cxHosts.contains(servingHSS.lowercased()) { return .skipped }
        let answer = try await send(serverAssignmentRequest(imsi: imsi, servingHSS: servingHSS))
        return try outcome(from: answer)
    }

    /// The SAR; ids are left 0 for the node to assign.
    public func serverAssignmentRequest(imsi: IMSI, servingHSS: String?,
                                        type: Int32 = SWxServerAssignmentType.registration) throws(RegistrationError) -> DiameterMessage {
        guard var avps = header.avps(application: .swx, imsi: imsi)
        else { throw .unavailable("no Destination-Realm for IMSI \(imsi.digits)") }
        // Table 8.1.2.2.1-1 order: Destination-Host before Destination-Realm (the header's last AVP).
        if let servingHSS { avps.insert(.destinationHost(servingHSS), at: avps.count - 1) }
        avps += [.userName(imsi.digits), .serverAssignmentType(type)]
        return DiameterMessage.request(command: .serverAssignment, application: .swx, hopByHop: 0, endToEnd: 0,
                                       avps: avps)
    }

    /// SAR USER_DEREGISTRATION (TS 29.273 8.1.2.2.1: the subscriber's last session ended). A 5001
    /// means the HSS no longer knows the subscriber: nothing is left to deregister, so it counts as done.
    public func deregister(imsi: IMSI, servingHSS: String?) async throws(RegistrationError) {
        if let servingHSS, cxHosts.contains(servingHSS.lowercased()) { return }
        let request = try serverAssignmentRequest(imsi: imsi, servingHSS: servingHSS,
                                                  type: SWxServerAssignmentType.userDeregistration)
        do {
            // The same reading as a registration's SAA (a profile in it, if any, does not matter).
            _ = try outcome(from: try await send(request))
        } catch {
            if case .refused(Self.userUnknown) = error { return }
            throw error
        }
    }

    /// Sends a SAR; transport failures become registration errors (5001 is `.refused(5001)`).
    private func send(_ request: DiameterMessage) async throws(RegistrationError) -> DiameterMessage {
        do {
            return try await transport.sendSWx(request)
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .unavailable(let why): throw .unavailable(why)
            case .invalidAnswer(let why): throw .invalidAnswer(why)
            case .userUnknown: throw .refused(resultCode: Self.userUnknown)
            case .rejected(let code): throw .refused(resultCode: code)
            }
        }
    }

    /// Interprets an SAA: 2001 with Non-3GPP-IP-Access BARRED is `.barred`; 2001 otherwise `.registered`.
    public func outcome(from answer: DiameterMessage) throws(RegistrationError) -> RegistrationOutcome {
        guard answer.commandCode == DiameterCommand.serverAssignment.rawValue, !answer.isRequest else {
            throw .invalidAnswer("not a Server-Assignment-Answer (command \(answer.commandCode))")
        }
        if let experimental = answer.experimentalResultCode { throw .refused(resultCode: experimental) }
        guard let code = answer.resultCode else { throw .invalidAnswer("SAA without Result-Code") }
        guard code == DiameterResultCode.success.rawValue else {
            // 3xxx: not delivered to an HSS (routing, busy): an availability problem, as for the MAA.
            if (3000..<4000).contains(code) { throw .unavailable("Result-Code \(code)") }
            throw .refused(resultCode: code)
        }
        guard let userData = answer.first(code: DiameterAVPCode.non3GPPUserData, vendor: DiameterVendor.threeGPP)
        else { return .registered }
        let access: Int32?
        do {
            access = try userData.grouped()
                .first { $0.code == DiameterAVPCode.non3GPPIPAccess && $0.vendor == DiameterVendor.threeGPP }?
                .enumerated()
        } catch {
            throw .invalidAnswer("Non-3GPP-User-Data: \(error)")
        }
        return access == Self.non3GPPSubscriptionBarred ? .barred : .registered
    }
}
