/// A Gy Credit-Control-Request (RFC 4006 3.1, TS 32.299 6.4.2) for one WiFi session, as the charging
/// client builds it and as an OCS reads it. One Multiple-Services-Credit-Control (the session's rating
/// group); usage travels as deltas since the last report, as RFC 4006 requires.
public struct CreditControlRequest: Sendable, Hashable {
    /// CC-Request-Type (416).
    public enum RequestType: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case initial = 1
        case update = 2
        case termination = 3
        case event = 4

        public var description: String {
            switch self {
            case .initial: return "CCR-I"
            case .update: return "CCR-U"
            case .termination: return "CCR-T"
            case .event: return "CCR-E"
            }
        }
    }

    /// Reporting-Reason (TS 32.299 7.2.175).
    public enum ReportingReason: Int32, Sendable, Hashable, CaseIterable {
        case threshold = 0
        case quotaHoldingTime = 1
        case final = 2
        case quotaExhausted = 3
        case validityTime = 4
        case otherQuotaType = 5
        case ratingConditionChange = 6
        case forcedReauthorisation = 7
        case poolExhausted = 8
    }

    /// Termination-Cause (RFC 6733 8.15) of a CCR-T.
    public enum TerminationCause: Int32, Sendable, Hashable, CaseIterable {
        case logout = 1
        case serviceNotProvided = 2
        case badAnswer = 3
        case administrative = 4
        case linkBroken = 5
        case authExpired = 6
        case userMoved = 7
        case sessionTimeout = 8
    }

    /// What is asked for: nothing (authorize only, CCR-T), an empty Requested-Service-Unit (the OCS
    /// chooses the slice), or a number of octets.
    public enum RequestedUnits: Sendable, Hashable {
        case none
        case serverChooses
        case octets(UInt64)
    }

    /// Used-Service-Unit: the usage since the previous report.
    public struct UsedUnits: Sendable, Hashable {
        public var inputOctets: UInt64
        public var outputOctets: UInt64
        public var seconds: UInt32
        public var reason: ReportingReason?

        public init(inputOctets: UInt64, outputOctets: UInt64, seconds: UInt32, reason: ReportingReason?) {
            self.inputOctets = inputOctets
            self.outputOctets = outputOctets
            self.seconds = seconds
            self.reason = reason
        }

        public var totalOctets: UInt64 { inputOctets &+ outputOctets }
    }

    /// The WLAN access the session runs on (TS 32.299 PS-Information for non-3GPP access).
    public struct Access: Sendable, Hashable {
        /// AP MAC and SSID as the AP sent them ("AA-BB-CC-DD-EE-FF:SSID").
        public var calledStationID: String?
        /// The phone's MAC.
        public var callingStationID: String?
        /// NAS-IP-Address: 4 or 16 octets.
        public var nasIPAddress: [UInt8]?

        public init(calledStationID: String? = nil, callingStationID: String? = nil, nasIPAddress: [UInt8]? = nil) {
            self.calledStationID = calledStationID
            self.callingStationID = callingStationID
            self.nasIPAddress = nasIPAddress
        }
    }

    public var sessionID: String
    public var originHost: String
    public var originRealm: String
    public var destinationRealm: String
    public var destinationHost: String?
    public var serviceContextID: String
    public var requestType: RequestType
    public var requestNumber: UInt32
    /// END_USER_IMSI.
    public var imsi: String
    /// END_USER_E164, when known.
    public var msisdn: String?
    public var userName: String?
    /// Seconds since 1970.
    public var eventTimestamp: Int64
    public var ratingGroup: UInt32?
    public var serviceIdentifier: UInt32?
    public var requested: RequestedUnits
    public var used: UsedUnits?
    public var terminationCause: TerminationCause?
    public var access: Access

    public init(sessionID: String, originHost: String, originRealm: String, destinationRealm: String,
                destinationHost: String? = nil, serviceContextID: String, requestType: RequestType,
                requestNumber: UInt32, imsi: String, msisdn: String? = nil, userName: String? = nil,
                eventTimestamp: Int64, ratingGroup: UInt32? = nil, serviceIdentifier: UInt32? = nil,
                requested: RequestedUnits = .none, used: UsedUnits? = nil, terminationCause: TerminationCause? = nil,
                access: Access = Access()) {
        self.sessionID = sessionID
        self.originHost = originHost
        self.originRealm = originRealm
        self.destinationRealm = destinationRealm
        self.destinationHost = destinationHost
        self.serviceContextID = serviceContextID
        self.requestType = requestType
        self.requestNumber = requestNumber
        self.imsi = imsi
        self.msisdn = msisdn
        self.userName = userName
        self.eventTimestamp = eventTimestamp
        self.ratingGroup = ratingGroup
        self.serviceIdentifier = serviceIdentifier
        self.requested = requested
        self.used = used
        self.terminationCause = terminationCause
        self.access = access
    }

    /// 3GPP-RAT-Type (TS 29.061 16.4.7) value for WLAN.
    public static let ratTypeWLAN: UInt8 = 3

    /// The request, in the AVP order of the CCR ABNF (Session-Id first). Hop-by-Hop and End-to-End
    /// are assigned by the peer layer when 0.
    public func message(hopByHop: UInt32 = 0, endToEnd: UInt32 = 0) -> DiameterMessage {
        var avps: [DiameterAVP] = [
            .sessionId(sessionID), .originHost(originHost), .originRealm(originRealm),
            .destinationRealm(destinationRealm), .authApplicationId(.creditControl),
            .serviceContextId(serviceContextID), .ccRequestType(requestType.rawValue),
            .ccRequestNumber(requestNumber),
        ]
        if let destinationHost { avps.append(.destinationHost(destinationHost)) }
        if let userName { avps.append(.userName(userName)) }
        avps.append(.eventTimestamp(DiameterTime(secondsSince1970: eventTimestamp)))
        if let terminationCause { avps.append(.terminationCause(terminationCause.rawValue)) }
        avps.append(.subscriptionId(type: SubscriptionIDType.endUserIMSI, data: imsi))
        if let msisdn { avps.append(.subscriptionId(type: SubscriptionIDType.endUserE164, data: msisdn)) }
        if requestType == .initial { avps.append(.multipleServicesIndicator(1)) }
        avps.append(.multipleServicesCreditControl(creditControlAVPs))
        if let mac = access.callingStationID.flatMap(Self.macOctets) {
            avps.append(.userEquipmentInfo(type: UserEquipmentInfoType.mac, value: mac))
        }
        if let station = access.callingStationID {
            avps.append(.standard(code: DiameterAVPCode.callingStationID, .utf8String(station)))
        }
        if let nas = access.nasIPAddress { avps.append(.standard(code: DiameterAVPCode.nasIPAddress, .octetString(nas))) }
        avps.append(.serviceInformation(access: access))
        return .request(command: .creditControl, application: .creditControl, hopByHop: hopByHop, endToEnd: endToEnd,
                        avps: avps)
    }

    /// The 6 octets of a MAC written "02-00-00-00-00-01", "02:00:..." or "020000000001" (RFC 4006 8.52
    /// wants the 48-bit address); nil for anything else, and then User-Equipment-Info is left out.
    static func macOctets(_ text: String) -> [UInt8]? {
        let hex = text.filter { $0 != "-" && $0 != ":" && $0 != "." }
        guard hex.count == 12 else { return nil }
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }

    private var creditControlAVPs: [DiameterAVP] {
        var mscc: [DiameterAVP] = []
        switch requested {
        case .none: break
        case .serverChooses: mscc.append(.requestedServiceUnit([]))
        case .octets(let n): mscc.append(.requestedServiceUnit([.ccTotalOctets(n)]))
        }
        if let used {
            mscc.append(.usedServiceUnit([
                .ccTime(used.seconds), .ccTotalOctets(used.totalOctets), .ccInputOctets(used.inputOctets),
                .ccOutputOctets(used.outputOctets),
            ]))
        }
        if let serviceIdentifier { mscc.append(.serviceIdentifier(serviceIdentifier)) }
        if let ratingGroup { mscc.append(.ratingGroup(ratingGroup)) }
        if let reason = used?.reason { mscc.append(.reportingReason(reason.rawValue)) }
        return mscc
    }
}

/// Subscription-Id-Type values (RFC 4006 8.47).
public enum SubscriptionIDType {
    public static let endUserE164: Int32 = 0
    public static let endUserIMSI: Int32 = 1
}

/// User-Equipment-Info-Type values (RFC 4006 8.50).
public enum UserEquipmentInfoType {
    public static let mac: Int32 = 1
}

extension DiameterAVP {
    /// User-Equipment-Info { User-Equipment-Info-Type, User-Equipment-Info-Value }.
    public static func userEquipmentInfo(type: Int32, value: [UInt8]) -> DiameterAVP {
        standard(code: DiameterAVPCode.userEquipmentInfo, .grouped([
            standard(code: DiameterAVPCode.userEquipmentInfoType, .enumerated(type)),
            standard(code: DiameterAVPCode.userEquipmentInfoValue, .octetString(value)),
        ]))
    }

    /// Service-Information { PS-Information { 3GPP-RAT-Type WLAN, Called-Station-Id } } (TS 32.299 7.2.158);
    /// NAS-IP-Address and Calling-Station-Id travel at the top level (RFC 7155 AVPs, CCR's `*[AVP]`).
    public static func serviceInformation(access: CreditControlRequest.Access) -> DiameterAVP {
        let v = DiameterVendor.threeGPP
        var ps: [DiameterAVP] = [
            standard(code: DiameterAVPCode.threeGPPRATType, vendorID: v, .octetString([CreditControlRequest.ratTypeWLAN])),
        ]
        if let called = access.calledStationID {
            ps.append(standard(code: DiameterAVPCode.calledStationID, .utf8String(called)))
        }
        return standard(code: DiameterAVPCode.serviceInformation, vendorID: v, .grouped([
            standard(code: DiameterAVPCode.psInformation, vendorID: v, .grouped(ps)),
        ]))
    }
}
