import Diameter

extension SWxHSS {
    /// Non-3GPP-IP-Access values (TS 29.273 8.2.3.4).
    public enum Non3GPPIPAccess {
        public static let allowed: Int32 = 0
        public static let barred: Int32 = 1
    }

    /// SAR → SAA (TS 29.273 8.1.2.2): 2001 for a provisioned IMSI, with Non-3GPP-User-Data when the
    /// request downloads the profile (REGISTRATION, AAA_USER_DATA_REQUEST); deregistrations and the
    /// other types are acknowledged without it. Registration state is not tracked: a lab HSS
    /// accepts any AAA server.
    func serverAssignment(_ request: DiameterMessage, peer: String) -> HSSOutcome {
        let command = "SAA"
        let v = DiameterVendor.threeGPP
        let imsi: String
        do {
            imsi = try request.require(code: DiameterAVPCode.userName).utf8String()
        } catch {
            return failure(request, command: command, peer: peer, imsi: nil, error: error, detail: "User-Name")
        }
        let type: Int32
        do {
            type = try request.require(code: DiameterAVPCode.serverAssignmentType, vendor: v).enumerated()
        } catch {
            return failure(request, command: command, peer: peer, imsi: imsi, error: error, detail: "Server-Assignment-Type")
        }
        guard let subscriber = subscribers[imsi] else {
            return failure(request, command: command, peer: peer, imsi: imsi,
                           result: .experimental(SWxExperimentalResultCode.userUnknown), detail: "IMSI not provisioned")
        }
        var body: [DiameterAVP] = []
        var detail = Self.serverAssignmentName(type)
        if type == SWxServerAssignmentType.registration || type == SWxServerAssignmentType.aaaUserDataRequest {
            let access = subscriber.non3GPPBarred ? Non3GPPIPAccess.barred : Non3GPPIPAccess.allowed
            body.append(.standard(code: DiameterAVPCode.non3GPPUserData, vendorID: v, .grouped([
                .standard(code: Self.non3GPPIPAccessCode, vendorID: v, .enumerated(access)),
            ])))
            detail += subscriber.non3GPPBarred ? ", non-3GPP access BARRED" : ", non-3GPP access allowed"
        }
        let answer = swxAnswer(to: request, result: .success, userName: imsi, body: body)
        return HSSOutcome(answer: answer, sequenceStateChanged: false,
                          summary: HSSAnswerSummary(command: command, peer: peer, imsi: imsi,
                                                    code: DiameterResultCode.success.rawValue, detail: detail))
    }

    /// Non-3GPP-IP-Access (1501, vendor 10415); the library names only the grouped parent.
    static let non3GPPIPAccessCode: UInt32 = 1501

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
