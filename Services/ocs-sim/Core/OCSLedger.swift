import Diameter
import Foundation

/// The simulated OCS's whole state as a plain value: accounts, Gy sessions, every answer given (for
/// duplicates) and the event list tests read. ``handle(_:now:)`` turns one CCR into its CCA.
public struct OCSLedger: Sendable {
    public struct Session: Sendable, Hashable {
        public var imsi: String
        public var open = true
        /// The client's Origin-Host / Origin-Realm: where RAR/ASR go.
        public var clientHost: String
        public var clientRealm: String
        public var usedInput: UInt64 = 0
        public var usedOutput: UInt64 = 0
        public var granted: UInt64 = 0
        /// Octets currently reserved for it.
        public var reserved: UInt64 = 0
        public var requests = 0
        public var lastNumber: UInt32 = 0

        public var used: UInt64 { usedInput &+ usedOutput }
    }

    public struct Event: Sendable, Hashable {
        public var session: String
        public var imsi: String
        public var type: String
        public var number: UInt32?
        public var result: UInt32
        public var grantedOctets: UInt64?
        public var usedOctets: UInt64?
        public var reportingReason: Int32?
        public var duplicate: Bool
        public var at: Date
    }

    public var accounts: [String: OCSAccount]
    public var sessions: [String: Session] = [:]
    public var events: [Event] = []
    public var duplicates = 0
    /// Events kept; older ones are dropped (long load runs) and counted in `eventsDropped`.
    public var maximumEvents = 100_000
    public var eventsDropped = 0
    public var behaviour: OCSBehaviour
    /// Answers already given, by "Session-Id#CC-Request-Number#CC-Request-Type".
    private var answered: [String: CreditControlAnswer] = [:]

    public init(accounts: [OCSAccount], behaviour: OCSBehaviour) {
        self.accounts = Dictionary(accounts.map { ($0.imsi, $0) }, uniquingKeysWith: { _, last in last })
        self.behaviour = behaviour
    }

    static func kind(_ type: CreditControlRequest.RequestType) -> CreditControlRequestKind {
        switch type {
        case .initial: return .initial
        case .update: return .update
        case .termination: return .termination
        case .event: return .event
        }
    }

    /// The CCA for one CCR; a CCR answered before gets the same answer and changes nothing.
    public mutating func handle(_ ccr: CreditControlRequest, originHost: String, originRealm: String, now: Date)
        -> CreditControlAnswer
    {
        let key = "\(ccr.sessionID)#\(ccr.requestNumber)#\(ccr.requestType.rawValue)"
        let kind = Self.kind(ccr.requestType)
        if let previous = answered[key] {
            duplicates += 1
            record(ccr, kind: kind, result: previous.resultCode, granted: nil, used: nil, duplicate: true, now: now)
            return previous
        }
        let answer = decide(ccr, kind: kind, now: now)
        if answer.resultCode != DiameterResultCode.unknownSessionID.rawValue { answered[key] = answer }
        return answer
    }

    private mutating func decide(_ ccr: CreditControlRequest, kind: CreditControlRequestKind, now: Date) -> CreditControlAnswer {
        func reply(_ result: UInt32, _ services: [CreditControlAnswer.ServiceCredit] = []) -> CreditControlAnswer {
            CreditControlAnswer(sessionID: ccr.sessionID, resultCode: result, requestType: ccr.requestType,
                                requestNumber: ccr.requestNumber, services: services)
        }
        switch kind {
        case .event:
            record(ccr, kind: kind, result: 5012, granted: nil, used: nil, duplicate: false, now: now)
            return reply(DiameterResultCode.unableToComply.rawValue)
        case .initial:
            guard accounts[ccr.imsi] != nil else {
                record(ccr, kind: kind, result: 5030, granted: nil, used: nil, duplicate: false, now: now)
                return reply(DiameterResultCode.userUnknown.rawValue)
            }
            if let previous = sessions[ccr.sessionID], previous.open {
                // The same Session-Id opened again: its old grant goes back before anything is granted.
                release(previous)
                sessions[ccr.sessionID]?.reserved = 0
            }
            guard accounts[ccr.imsi]?.available ?? 0 > 0 else {
                record(ccr, kind: kind, result: 4012, granted: nil, used: nil, duplicate: false, now: now)
                return reply(DiameterResultCode.creditLimitReached.rawValue)
            }
            var session = Session(imsi: ccr.imsi, clientHost: ccr.originHost, clientRealm: ccr.originRealm)
            if let previous = sessions[ccr.sessionID] {
                // Its applied usage stays counted: a session's used_octets is all usage ever applied to it.
                session.usedInput = previous.usedInput
                session.usedOutput = previous.usedOutput
                session.granted = previous.granted
                session.requests = previous.requests
            }
            sessions[ccr.sessionID] = session
            let credit = grant(ccr)
            record(ccr, kind: kind, result: 2001, granted: credit.grantedOctets, used: nil, duplicate: false, now: now)
            return reply(DiameterResultCode.success.rawValue, [credit])
        case .update, .termination:
            guard var session = sessions[ccr.sessionID], session.open, ccr.requestNumber > session.lastNumber else {
                let known = sessions[ccr.sessionID]?.open == true
                let result = known ? DiameterResultCode.unableToComply.rawValue : DiameterResultCode.unknownSessionID.rawValue
                record(ccr, kind: kind, result: result, granted: nil, used: nil, duplicate: false, now: now)
                return reply(result)
            }
            // Usage first, then the reservation it came from is released.
            let input = ccr.used?.inputOctets ?? 0
            let output = ccr.used?.outputOctets ?? 0
            session.usedInput &+= input
            session.usedOutput &+= output
            let used = input &+ output
            if var account = accounts[session.imsi] {
                account.balance = account.balance > used ? account.balance - used : 0
                account.used &+= used
                accounts[session.imsi] = account
            }
            release(session)
            session.reserved = 0
            sessions[ccr.sessionID] = session
            if kind == .termination {
                sessions[ccr.sessionID]?.open = false
                record(ccr, kind: kind, result: 2001, granted: nil, used: used, duplicate: false, now: now)
                return reply(DiameterResultCode.success.rawValue)
            }
            if accounts[session.imsi]?.available ?? 0 == 0 {
                // No more credit, but the session stays: a top-up and a RAR can bring it back.
                record(ccr, kind: kind, result: 4012, granted: nil, used: used, duplicate: false, now: now)
                return reply(DiameterResultCode.success.rawValue,
                             [.init(resultCode: DiameterResultCode.creditLimitReached.rawValue, ratingGroup: ccr.ratingGroup,
                                    serviceIdentifier: ccr.serviceIdentifier, validityTime: behaviour.validityTime)])
            }
            let credit = grant(ccr)
            record(ccr, kind: kind, result: 2001, granted: credit.grantedOctets, used: used, duplicate: false, now: now)
            return reply(DiameterResultCode.success.rawValue, [credit])
        }
    }

    /// Gives a session's outstanding grant back to its subscriber.
    private mutating func release(_ session: Session) {
        guard var account = accounts[session.imsi] else { return }
        account.reserved = account.reserved > session.reserved ? account.reserved - session.reserved : 0
        accounts[session.imsi] = account
    }

    /// Reserves a grant for the session and describes it.
    private mutating func grant(_ ccr: CreditControlRequest) -> CreditControlAnswer.ServiceCredit {
        guard var session = sessions[ccr.sessionID], var account = accounts[session.imsi] else {
            return .init(resultCode: DiameterResultCode.unableToComply.rawValue)
        }
        let requested: UInt64
        switch ccr.requested {
        case .octets(let n): requested = n
        case .serverChooses, .none: requested = behaviour.defaultGrantOctets
        }
        let available = account.available
        let octets = min(requested, available)
        account.reserved &+= octets
        accounts[session.imsi] = account
        session.reserved = octets
        session.granted &+= octets
        session.lastNumber = ccr.requestNumber
        sessions[ccr.sessionID] = session
        let left = available - octets
        // The balance running low makes this the final grant (with 0: only the very last units).
        let final = left <= behaviour.finalUnitsBelowOctets
        return .init(resultCode: DiameterResultCode.success.rawValue, ratingGroup: ccr.ratingGroup,
                     serviceIdentifier: ccr.serviceIdentifier, grantedOctets: octets,
                     validityTime: behaviour.validityTime,
                     volumeQuotaThreshold: behaviour.volumeQuotaThreshold.map { UInt32(min(UInt64($0), octets)) },
                     finalUnitAction: final ? .terminate : nil)
    }

    private mutating func record(_ ccr: CreditControlRequest, kind: CreditControlRequestKind, result: UInt32,
                                 granted: UInt64?, used: UInt64?, duplicate: Bool, now: Date) {
        if !duplicate, var session = sessions[ccr.sessionID] {
            session.requests += 1
            if kind != .initial, result != DiameterResultCode.unknownSessionID.rawValue {
                session.lastNumber = max(session.lastNumber, ccr.requestNumber)
            }
            sessions[ccr.sessionID] = session
        }
        append(Event(session: ccr.sessionID, imsi: ccr.imsi, type: kind.rawValue, number: ccr.requestNumber,
                     result: result, grantedOctets: granted, usedOctets: used, reportingReason: ccr.used?.reason?.rawValue,
                     duplicate: duplicate, at: now))
    }

    private mutating func append(_ event: Event) {
        events.append(event)
        if events.count > maximumEvents {
            // Drop in chunks: removing from the front one at a time would be quadratic.
            let drop = min(events.count, events.count - maximumEvents + maximumEvents / 10)
            events.removeFirst(drop)
            eventsDropped += drop
        }
    }

    /// A server-initiated request's outcome (RAR/ASR), for the ledger.
    public mutating func recordServerRequest(_ name: String, session: String, result: UInt32, now: Date) {
        append(Event(session: session, imsi: sessions[session]?.imsi ?? "", type: name, number: nil, result: result,
                     grantedOctets: nil, usedOctets: nil, reportingReason: nil, duplicate: false, at: now))
    }

    /// Open sessions of a subscriber (RAR/ASR targets).
    public func openSessions(imsi: String) -> [(id: String, session: Session)] {
        sessions.filter { $0.value.imsi == imsi && $0.value.open }.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
    }
}
