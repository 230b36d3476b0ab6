import Foundation

/// Acct-Status-Type values the store acts on (RFC 2866 5.1); others are kept as raw numbers.
public enum AccountingStatus: UInt32, Sendable, Hashable {
    case start = 1
    case stop = 2
    case interimUpdate = 3
    case accountingOn = 7
    case accountingOff = 8
}

/// One Accounting-Request as the store keeps it: the decoded attributes, not the packet.
///
/// Counters are already 64-bit (gigawords folded in). `fingerprint` identifies the request's
/// content without Acct-Delay-Time, so a NAS that re-sends a record with a new Identifier (RFC 2866
/// 5.2) is stored once.
public struct AccountingEntry: Sendable, Equatable {
    public var receivedAt: Date
    public var frontendID: String
    public var clientIP: String
    /// Acct-Status-Type, raw (see ``AccountingStatus``).
    public var statusType: UInt32
    public var acctSessionID: String?
    /// The session's Class when the AP echoed one of ours.
    public var sessionClass: String?
    public var userName: String?
    public var nasIP: String?
    public var nasIdentifier: String?
    public var callingStationID: String?
    public var calledStationID: String?
    public var framedIP: String?
    public var sessionTime: UInt32?
    public var inputOctets: UInt64?
    public var outputOctets: UInt64?
    public var inputPackets: UInt32?
    public var outputPackets: UInt32?
    public var terminateCause: UInt32?
    /// Name of the terminate cause, for the session row (`User-Request`, `Admin-Reset`...).
    public var terminateCauseName: String?
    public var delayTime: UInt32?
    public var eventTimestamp: UInt32?
    public var fingerprint: [UInt8]

    public init(receivedAt: Date, frontendID: String, clientIP: String, statusType: UInt32, fingerprint: [UInt8]) {
        self.receivedAt = receivedAt
        self.frontendID = frontendID
        self.clientIP = clientIP
        self.statusType = statusType
        self.fingerprint = fingerprint
    }

    public var status: AccountingStatus? { AccountingStatus(rawValue: statusType) }
}

/// What committing one accounting entry did.
public enum AccountingOutcome: Sendable, Equatable {
    /// Stored and applied to session `sessionID` (nil: no session matched).
    case stored(recordID: Int64, sessionID: Int64?)
    /// The same record was already stored (a NAS retransmission with a new Identifier): nothing applied.
    case duplicate
    /// Accounting-On/Off: stored, and that many live sessions of the NAS ended.
    case nasRestart(recordID: Int64, endedSessions: Int)
}
