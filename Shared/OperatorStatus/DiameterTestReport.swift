import Foundation

/// The answer to a Diameter test (a MAR sent for one IMSI through the real peers), as the
/// dashboard's "Diameter Test" view and `twag diameter-test` show it.
public struct DiameterTestReport: Codable, Sendable, Equatable {
    public var imsi: String
    /// "EAP-AKA" or "EAP-AKA'".
    public var scheme: String
    /// 2001 on success; the HSS's Result-Code / Experimental-Result-Code otherwise; nil when no
    /// answer came (timeout, no peer).
    public var resultCode: UInt32?
    /// "success", "user_unknown", "rejected", "timeout", "unavailable", "invalid_answer".
    public var outcome: String
    public var vectorCount: Int
    public var latencyMilliseconds: Double
    /// Human-readable detail (the error), never key material.
    public var detail: String?

    public init(imsi: String, scheme: String, resultCode: UInt32?, outcome: String, vectorCount: Int,
                latencyMilliseconds: Double, detail: String?) {
        self.imsi = imsi
        self.scheme = scheme
        self.resultCode = resultCode
        self.outcome = outcome
        self.vectorCount = vectorCount
        self.latencyMilliseconds = latencyMilliseconds
        self.detail = detail
    }
}

/// The answer to an operator's disconnect: one entry per live session it reached.
public struct DisconnectReport: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var sessionClass: String
        public var imsi: String
        public var accessPoint: String
        /// "ack", "nak", "timeout", "error".
        public var outcome: String
        /// RFC 5176 Error-Cause of a NAK, or the error's text.
        public var detail: String?

        public init(sessionClass: String, imsi: String, accessPoint: String, outcome: String, detail: String?) {
            self.sessionClass = sessionClass
            self.imsi = imsi
            self.accessPoint = accessPoint
            self.outcome = outcome
            self.detail = detail
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }
}
