/// One subscriber's money, in octets: what is left, and what open sessions hold reserved.
public struct OCSAccount: Sendable, Hashable {
    public var imsi: String
    public var msisdn: String?
    /// Octets left (debited by reported usage).
    public var balance: UInt64
    /// Sum of the outstanding grants of the subscriber's open sessions.
    public var reserved: UInt64 = 0
    /// Octets reported used, all sessions together.
    public var used: UInt64 = 0

    public init(imsi: String, msisdn: String? = nil, balance: UInt64) {
        self.imsi = imsi
        self.msisdn = msisdn
        self.balance = balance
    }

    /// What can still be granted.
    public var available: UInt64 { balance > reserved ? balance - reserved : 0 }
}
