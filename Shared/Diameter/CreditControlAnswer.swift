/// A Gy Credit-Control-Answer (RFC 4006 3.2) reduced to what a charging client acts on: the result
/// (per message and per Multiple-Services-Credit-Control), the grant, its lifetime and thresholds,
/// the final-unit action and the failure handling the OCS asks for.
public struct CreditControlAnswer: Sendable, Hashable {
    /// Final-Unit-Action (RFC 4006 8.35).
    public enum FinalUnitAction: Int32, Sendable, Hashable, CaseIterable {
        case terminate = 0
        case redirect = 1
        case restrictAccess = 2
    }

    /// Credit-Control-Failure-Handling (RFC 4006 8.14).
    public enum FailureHandling: Int32, Sendable, Hashable, CaseIterable {
        case terminate = 0
        case `continue` = 1
        case retryAndTerminate = 2
    }

    /// One Multiple-Services-Credit-Control of the answer.
    public struct ServiceCredit: Sendable, Hashable {
        public var resultCode: UInt32?
        public var ratingGroup: UInt32?
        public var serviceIdentifier: UInt32?
        /// Granted-Service-Unit CC-Total-Octets (else input + output); nil when no volume was granted.
        public var grantedOctets: UInt64?
        /// Granted-Service-Unit CC-Time.
        public var grantedSeconds: UInt32?
        /// Whether a Granted-Service-Unit was present at all.
        public var hasGrant: Bool
        public var validityTime: UInt32?
        /// Volume-Quota-Threshold (TS 32.299): re-authorize when this many octets of the grant remain.
        public var volumeQuotaThreshold: UInt32?
        public var finalUnitAction: FinalUnitAction?

        public init(resultCode: UInt32? = nil, ratingGroup: UInt32? = nil, serviceIdentifier: UInt32? = nil,
                    grantedOctets: UInt64? = nil, grantedSeconds: UInt32? = nil, hasGrant: Bool? = nil,
                    validityTime: UInt32? = nil, volumeQuotaThreshold: UInt32? = nil,
                    finalUnitAction: FinalUnitAction? = nil) {
            self.resultCode = resultCode
            self.ratingGroup = ratingGroup
            self.serviceIdentifier = serviceIdentifier
            self.grantedOctets = grantedOctets
            self.grantedSeconds = grantedSeconds
            self.hasGrant = hasGrant ?? (grantedOctets != nil || grantedSeconds != nil)
            self.validityTime = validityTime
            self.volumeQuotaThreshold = volumeQuotaThreshold
            self.finalUnitAction = finalUnitAction
        }
    }

    public var sessionID: String
    public var resultCode: UInt32
    public var originHost: String?
    public var requestType: CreditControlRequest.RequestType
    public var requestNumber: UInt32
    public var failureHandling: FailureHandling?
    public var services: [ServiceCredit]

    public init(sessionID: String, resultCode: UInt32, originHost: String? = nil,
                requestType: CreditControlRequest.RequestType, requestNumber: UInt32,
                failureHandling: FailureHandling? = nil, services: [ServiceCredit] = []) {
        self.sessionID = sessionID
        self.resultCode = resultCode
        self.originHost = originHost
        self.requestType = requestType
        self.requestNumber = requestNumber
        self.failureHandling = failureHandling
        self.services = services
    }

    /// The credit for a rating group (or the only one when the OCS omitted Rating-Group).
    public func service(ratingGroup: UInt32?) -> ServiceCredit? {
        if let match = services.first(where: { $0.ratingGroup == ratingGroup }) { return match }
        return services.count == 1 ? services[0] : services.first { $0.ratingGroup == nil }
    }
}

/// Why a CCA could not be used: the charging client logs, counts and applies its failure handling.
public enum CreditControlAnswerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a Credit-Control answer (wrong command, application or the R bit set).
    case notACreditControlAnswer(command: UInt32, application: UInt32)
    /// A required AVP is missing (Result-Code, Session-Id, CC-Request-Type, CC-Request-Number).
    case missing(String)
    /// The answer names another session or request than the one it answers.
    case mismatch(String)
    /// An AVP's value is malformed.
    case invalid(DiameterError)

    public var description: String {
        switch self {
        case .notACreditControlAnswer(let c, let a): return "not a Credit-Control-Answer (command \(c), application \(a))"
        case .missing(let what): return "CCA without \(what)"
        case .mismatch(let what): return "CCA \(what)"
        case .invalid(let e): return "CCA with a malformed AVP (\(e))"
        }
    }

    /// A short label for metrics.
    public var label: String {
        switch self {
        case .notACreditControlAnswer: return "not_cca"
        case .missing: return "missing_avp"
        case .mismatch: return "mismatch"
        case .invalid: return "invalid_avp"
        }
    }
}

extension CreditControlAnswer {
    /// Decodes and checks an answer against the request it answers (same Session-Id, type and number).
    public init(decoding message: DiameterMessage, answering request: CreditControlRequest)
        throws(CreditControlAnswerError)
    {
        try self.init(decoding: message)
        guard sessionID == request.sessionID else { throw .mismatch("for session \(sessionID), expected \(request.sessionID)") }
        guard requestType == request.requestType, requestNumber == request.requestNumber else {
            throw .mismatch("for \(requestType) #\(requestNumber), expected \(request.requestType) #\(request.requestNumber)")
        }
    }

    public init(decoding message: DiameterMessage) throws(CreditControlAnswerError) {
        guard !message.flags.contains(.request), message.commandCode == DiameterCommand.creditControl.rawValue,
              message.applicationID == DiameterApplication.creditControl.rawValue
        else { throw .notACreditControlAnswer(command: message.commandCode, application: message.applicationID) }
        do {
            guard let session = try message.first(code: DiameterAVPCode.sessionID)?.utf8String() else {
                throw CreditControlAnswerError.missing("Session-Id")
            }
            guard let result = try message.first(code: DiameterAVPCode.resultCode)?.unsigned32() else {
                throw CreditControlAnswerError.missing("Result-Code")
            }
            let typeAVP = message.first(code: DiameterAVPCode.ccRequestType)
            guard let typeAVP else { throw CreditControlAnswerError.missing("CC-Request-Type") }
            guard let type = CreditControlRequest.RequestType(rawValue: try typeAVP.enumerated()) else {
                throw CreditControlAnswerError.invalid(.invalidAVPValue(typeAVP))
            }
            guard let number = try message.first(code: DiameterAVPCode.ccRequestNumber)?.unsigned32() else {
                throw CreditControlAnswerError.missing("CC-Request-Number")
            }
            let handlingAVP = message.first(code: DiameterAVPCode.creditControlFailureHandling)
            let handling = try handlingAVP.map { avp throws(DiameterError) in
                guard let h = FailureHandling(rawValue: try avp.enumerated()) else { throw .invalidAVPValue(avp) }
                return h
            }
            var services: [ServiceCredit] = []
            for mscc in message.all(code: DiameterAVPCode.multipleServicesCreditControl) {
                services.append(try ServiceCredit(mscc: mscc))
            }
            self.init(sessionID: session, resultCode: result, originHost: message.originHost, requestType: type,
                      requestNumber: number, failureHandling: handling, services: services)
        } catch let error as CreditControlAnswerError {
            throw error
        } catch let error as DiameterError {
            throw .invalid(error)
        } catch {
            throw .invalid(.invalidAVPValue(DiameterAVP(code: 0, mandatory: false, data: [])))
        }
    }
}

extension CreditControlAnswer.ServiceCredit {
    init(mscc: DiameterAVP) throws(DiameterError) {
        let children = try mscc.grouped()
        func child(_ code: UInt32, _ vendor: UInt32 = 0) -> DiameterAVP? {
            children.first { $0.code == code && $0.vendor == vendor }
        }
        var octets: UInt64?
        var seconds: UInt32?
        let gsu = child(DiameterAVPCode.grantedServiceUnit)
        if let gsu {
            let units = try gsu.grouped()
            func unit(_ code: UInt32) -> DiameterAVP? { units.first { $0.code == code && $0.vendor == 0 } }
            if let total = try unit(DiameterAVPCode.ccTotalOctets)?.unsigned64() {
                octets = total
            } else {
                let input = try unit(DiameterAVPCode.ccInputOctets)?.unsigned64()
                let output = try unit(DiameterAVPCode.ccOutputOctets)?.unsigned64()
                if input != nil || output != nil { octets = (input ?? 0) &+ (output ?? 0) }
            }
            seconds = try unit(DiameterAVPCode.ccTime)?.unsigned32()
        }
        var action: CreditControlAnswer.FinalUnitAction?
        if let fui = child(DiameterAVPCode.finalUnitIndication) {
            let actionAVP = try fui.grouped().first { $0.code == DiameterAVPCode.finalUnitAction && $0.vendor == 0 }
            guard let actionAVP else {
                throw .missingAVP(DiameterMessage.missingTemplate(code: DiameterAVPCode.finalUnitAction, vendor: 0,
                                                                  dictionary: .standard))
            }
            guard let a = CreditControlAnswer.FinalUnitAction(rawValue: try actionAVP.enumerated()) else {
                throw .invalidAVPValue(actionAVP)
            }
            action = a
        }
        self.init(
            resultCode: try child(DiameterAVPCode.resultCode)?.unsigned32(),
            ratingGroup: try child(DiameterAVPCode.ratingGroup)?.unsigned32(),
            serviceIdentifier: try child(DiameterAVPCode.serviceIdentifier)?.unsigned32(),
            grantedOctets: octets, grantedSeconds: seconds, hasGrant: gsu != nil,
            validityTime: try child(DiameterAVPCode.validityTime)?.unsigned32(),
            volumeQuotaThreshold: try child(DiameterAVPCode.volumeQuotaThreshold, DiameterVendor.threeGPP)?.unsigned32(),
            finalUnitAction: action)
    }

    /// The MSCC AVP (OCS side).
    public var avp: DiameterAVP {
        var avps: [DiameterAVP] = []
        if hasGrant {
            var units: [DiameterAVP] = []
            if let grantedSeconds { units.append(.ccTime(grantedSeconds)) }
            if let grantedOctets { units.append(.ccTotalOctets(grantedOctets)) }
            avps.append(.grantedServiceUnit(units))
        }
        if let serviceIdentifier { avps.append(.serviceIdentifier(serviceIdentifier)) }
        if let ratingGroup { avps.append(.ratingGroup(ratingGroup)) }
        if let validityTime { avps.append(.validityTime(validityTime)) }
        if let resultCode { avps.append(.resultCode(resultCode)) }
        if let finalUnitAction {
            avps.append(.standard(code: DiameterAVPCode.finalUnitIndication, .grouped([
                .standard(code: DiameterAVPCode.finalUnitAction, .enumerated(finalUnitAction.rawValue)),
            ])))
        }
        if let volumeQuotaThreshold {
            avps.append(.standard(code: DiameterAVPCode.volumeQuotaThreshold, vendorID: DiameterVendor.threeGPP,
                                  .unsigned32(volumeQuotaThreshold)))
        }
        return .multipleServicesCreditControl(avps)
    }
}

extension CreditControlAnswer {
    /// The answer to `request` (OCS side): Session-Id, Result-Code, Origin-*, Auth-Application-Id,
    /// CC-Request-Type/Number, failure handling, then the credits.
    public func message(answering request: DiameterMessage, originHost: String, originRealm: String) -> DiameterMessage {
        var avps: [DiameterAVP] = [
            .originHost(originHost), .originRealm(originRealm), .authApplicationId(.creditControl),
            .ccRequestType(requestType.rawValue), .ccRequestNumber(requestNumber),
        ]
        if let failureHandling { avps.append(.creditControlFailureHandling(failureHandling.rawValue)) }
        avps.append(contentsOf: services.map(\.avp))
        return request.answer(resultCode: resultCode, avps: avps)
    }
}
