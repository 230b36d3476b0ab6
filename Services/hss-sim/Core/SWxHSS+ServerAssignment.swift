import Diameter

extension SWxHSS {
    /// Non-3GPP-IP-Access values (TS 29.273 8.2.3.4).
    public enum Non3GPPIPAccess {
        public static let allowed: Int32 = 0
        public static let barred: Int32 = 1
    }

    /// SAR → SAA (TS 29.273 8.1.2.2): 2001 for a provisioned IMSI, with Non-3GPP-User-Data when the
    /// request downloads the profile (REGISTRATION, AAA_USER_DATA_REQUEST). REGISTRATION records the
    /// requesting AAA server (Origin-Host/Realm, replacing any other: a lab HSS accepts any AAA
    /// server) and arms an RTR when `terminationDelay` is set; USER_DEREGISTRATION and
    /// ADMINISTRATIVE_DEREGISTRATION clear it when that server holds it, and are answered 2001 either
    /// way (idempotent: the AAA server may repeat one after a failover). Other types are acknowledged.
    mutating func serverAssignment(_ request: DiameterMessage, peer: String, now: ContinuousClock.Instant) -> HSSOutcome {
        let command = "SAA"
        let v = DiameterVendor.threeGPP
        let imsi: String
        do {
            imsi = try requireUserName(request, command: command, peer: peer)
        } catch {
            return error.outcome
        }
        let type: Int32
        do {
            type = try request.require(code: DiameterAVPCode.serverAssignmentType, vendor: v).enumerated()
        } catch {
            return failure(request, command: command, peer: peer, imsi: imsi, error: error, detail: "Server-Assignment-Type")
        }
        let named = "SAR " + Self.serverAssignmentName(type)
        guard let subscriber = subscribers[imsi] else {
            var outcome = failure(request, command: command, peer: peer, imsi: imsi,
                                  result: .experimental(SWxExperimentalResultCode.userUnknown), detail: "IMSI not provisioned")
            outcome.summary.request = named
            return outcome
        }
        var body: [DiameterAVP] = []
        var details: [String] = []
        var note: String?
        var armed: SWxTerminationDue?
        if type == SWxServerAssignmentType.registration {
            // Recording needs the AAA server's identity (an RTR is addressed to it): both are {required}.
            let host: String
            let realm: String
            do {
                host = try request.require(code: DiameterAVPCode.originHost).utf8String()
                realm = try request.require(code: DiameterAVPCode.originRealm).utf8String()
            } catch {
                var outcome = failure(request, command: command, peer: peer, imsi: imsi, error: error,
                                      detail: "Origin-Host/Origin-Realm")
                outcome.summary.request = named
                return outcome
            }
            if let previous = registrations[imsi], !previous.isHeld(by: host) {
                details.append("replaces registration by \(previous.aaaHost)")
            }
            let registration = registrations.register(imsi: imsi, aaaHost: host, aaaRealm: realm, now: now,
                                                      terminateAfter: terminationDelay)
            if registration.terminationDue != nil, let delay = terminationDelay {
                armed = SWxTerminationDue(imsi: imsi, registration: registration)
                details.append("RTR in \(Self.milliseconds(delay)) ms")
            }
        } else if type == SWxServerAssignmentType.userDeregistration
            || type == SWxServerAssignmentType.administrativeDeregistration
        {
            switch registrations.deregister(imsi: imsi, aaaHost: peer) {
            case .cleared:
                details.append("registration cleared")
            case .notRegistered:
                note = "was not registered"
            case .registeredElsewhere(let other):
                note = "was not registered"
                details.append("registered by \(other.aaaHost)")
            }
        }
        if type == SWxServerAssignmentType.registration || type == SWxServerAssignmentType.aaaUserDataRequest {
            let access = subscriber.non3GPPBarred ? Non3GPPIPAccess.barred : Non3GPPIPAccess.allowed
            body.append(.standard(code: DiameterAVPCode.non3GPPUserData, vendorID: v, .grouped([
                .standard(code: DiameterAVPCode.non3GPPIPAccess, vendorID: v, .enumerated(access)),
            ])))
            details.insert(subscriber.non3GPPBarred ? "non-3GPP access BARRED" : "non-3GPP access allowed", at: 0)
        }
        let answer = swxAnswer(to: request, result: .success, userName: imsi, body: body)
        return HSSOutcome(answer: answer, sequenceStateChanged: false,
                          summary: HSSAnswerSummary(command: command, peer: peer, imsi: imsi,
                                                    code: DiameterResultCode.success.rawValue,
                                                    detail: details.isEmpty ? nil : details.joined(separator: ", "),
                                                    request: named, note: note),
                          armedTermination: armed)
    }

    /// Hands out the RTRs due at `now` and forgets those registrations (each REGISTRATION's RTR once).
    public mutating func takeDueTerminations(now: ContinuousClock.Instant) -> [SWxTerminationDue] {
        registrations.takeDueTerminations(now: now)
    }

    /// Whole milliseconds of `duration`, for the log.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let c = duration.components
        return c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
    }

    /// Wireshark names of Server-Assignment-Type values, for the log.
    static func serverAssignmentName(_ type: Int32) -> String {
        switch type {
        case SWxServerAssignmentType.noAssignment: return "NO_ASSIGNMENT"
        case SWxServerAssignmentType.registration: return "REGISTRATION"
        case SWxServerAssignmentType.userDeregistration: return "USER_DEREGISTRATION"
        case SWxServerAssignmentType.administrativeDeregistration: return "ADMINISTRATIVE_DEREGISTRATION"
        case SWxServerAssignmentType.authenticationFailure: return "AUTHENTICATION_FAILURE"
        case SWxServerAssignmentType.authenticationTimeout: return "AUTHENTICATION_TIMEOUT"
        case SWxServerAssignmentType.aaaUserDataRequest: return "AAA_USER_DATA_REQUEST"
        case SWxServerAssignmentType.pgwUpdate: return "PGW_UPDATE"
        default: return "Server-Assignment-Type \(type)"
        }
    }
}
