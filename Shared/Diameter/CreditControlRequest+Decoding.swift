/// Reading a CCR (the OCS side): required AVPs checked as RFC 4006 3.1 lists them, typed values, and
/// the first Multiple-Services-Credit-Control read for units and usage.
extension CreditControlRequest {
    public init(decoding message: DiameterMessage) throws(DiameterError) {
        try message.checkOccurrences([
            .required(DiameterAVPCode.sessionID), .required(DiameterAVPCode.originHost),
            .required(DiameterAVPCode.originRealm), .required(DiameterAVPCode.destinationRealm),
            .required(DiameterAVPCode.authApplicationID), .required(DiameterAVPCode.serviceContextID),
            .required(DiameterAVPCode.ccRequestType), .required(DiameterAVPCode.ccRequestNumber),
        ])
        let typeAVP = try message.require(code: DiameterAVPCode.ccRequestType)
        guard let type = RequestType(rawValue: try typeAVP.enumerated()) else { throw .invalidAVPValue(typeAVP) }
        var imsi: String?
        var msisdn: String?
        for sub in message.all(code: DiameterAVPCode.subscriptionID) {
            let kind = try sub.first(code: DiameterAVPCode.subscriptionIDType)?.enumerated()
            let data = try sub.first(code: DiameterAVPCode.subscriptionIDData)?.utf8String()
            if kind == SubscriptionIDType.endUserIMSI { imsi = data }
            if kind == SubscriptionIDType.endUserE164 { msisdn = data }
        }
        guard let imsi else {
            throw .missingAVP(DiameterMessage.missingTemplate(code: DiameterAVPCode.subscriptionID, vendor: 0,
                                                              dictionary: .standard))
        }
        var requested = RequestedUnits.none
        var used: UsedUnits?
        var ratingGroup: UInt32?
        var serviceIdentifier: UInt32?
        if let mscc = message.first(code: DiameterAVPCode.multipleServicesCreditControl) {
            _ = try mscc.grouped()
            if let rsu = mscc.first(code: DiameterAVPCode.requestedServiceUnit) {
                let octets = try rsu.first(code: DiameterAVPCode.ccTotalOctets)?.unsigned64()
                requested = octets.map { .octets($0) } ?? .serverChooses
            }
            let reason = try mscc.first(code: DiameterAVPCode.reportingReason, vendor: DiameterVendor.threeGPP)
                .map { avp throws(DiameterError) in
                    guard let r = ReportingReason(rawValue: try avp.enumerated()) else { throw .invalidAVPValue(avp) }
                    return r
                }
            if let usu = mscc.first(code: DiameterAVPCode.usedServiceUnit) {
                let input = try usu.first(code: DiameterAVPCode.ccInputOctets)?.unsigned64()
                let output = try usu.first(code: DiameterAVPCode.ccOutputOctets)?.unsigned64()
                let total = try usu.first(code: DiameterAVPCode.ccTotalOctets)?.unsigned64()
                // A client that sends only CC-Total-Octets: count it all as input.
                used = UsedUnits(inputOctets: input ?? (output == nil ? total ?? 0 : 0), outputOctets: output ?? 0,
                                 seconds: try usu.first(code: DiameterAVPCode.ccTime)?.unsigned32() ?? 0, reason: reason)
            }
            ratingGroup = try mscc.first(code: DiameterAVPCode.ratingGroup)?.unsigned32()
            serviceIdentifier = try mscc.first(code: DiameterAVPCode.serviceIdentifier)?.unsigned32()
        }
        let causeAVP = message.first(code: DiameterAVPCode.terminationCause)
        let cause = try causeAVP.map { avp throws(DiameterError) in
            guard let c = TerminationCause(rawValue: try avp.enumerated()) else { throw .invalidAVPValue(avp) }
            return c
        }
        let ps = message.first(code: DiameterAVPCode.serviceInformation, vendor: DiameterVendor.threeGPP)?
            .first(code: DiameterAVPCode.psInformation, vendor: DiameterVendor.threeGPP)
        self.init(
            sessionID: try message.require(code: DiameterAVPCode.sessionID).utf8String(),
            originHost: try message.require(code: DiameterAVPCode.originHost).utf8String(),
            originRealm: try message.require(code: DiameterAVPCode.originRealm).utf8String(),
            destinationRealm: try message.require(code: DiameterAVPCode.destinationRealm).utf8String(),
            destinationHost: try message.first(code: DiameterAVPCode.destinationHost)?.utf8String(),
            serviceContextID: try message.require(code: DiameterAVPCode.serviceContextID).utf8String(),
            requestType: type, requestNumber: try message.require(code: DiameterAVPCode.ccRequestNumber).unsigned32(),
            imsi: imsi, msisdn: msisdn, userName: try message.first(code: DiameterAVPCode.userName)?.utf8String(),
            eventTimestamp: try message.first(code: DiameterAVPCode.eventTimestamp)?.time().secondsSince1970 ?? 0,
            ratingGroup: ratingGroup, serviceIdentifier: serviceIdentifier, requested: requested, used: used,
            terminationCause: cause,
            access: Access(
                calledStationID: try ps?.first(code: DiameterAVPCode.calledStationID)?.utf8String(),
                callingStationID: try message.first(code: DiameterAVPCode.callingStationID)?.utf8String(),
                nasIPAddress: message.first(code: DiameterAVPCode.nasIPAddress)?.octetString()))
    }
}
