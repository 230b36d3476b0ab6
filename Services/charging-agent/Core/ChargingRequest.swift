import Diameter

/// A CCR the state machine wants sent: the parts that belong to the session's charging state. The
/// executor adds the session's identity (Session-Id, IMSI, access) and builds the Diameter message.
public struct ChargingRequest: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case initial, update, termination

        public var requestType: CreditControlRequest.RequestType {
            switch self {
            case .initial: return .initial
            case .update: return .update
            case .termination: return .termination
            }
        }
    }

    public enum Units: Sendable, Hashable, Codable {
        case none
        case serverChooses
        case octets(UInt64)

        public var requested: CreditControlRequest.RequestedUnits {
            switch self {
            case .none: return .none
            case .serverChooses: return .serverChooses
            case .octets(let n): return .octets(n)
            }
        }
    }

    public var kind: Kind
    /// CC-Request-Number: a retransmission keeps it, so the OCS can recognise the duplicate.
    public var number: UInt32
    public var requested: Units
    /// Usage since the last acknowledged report (nil in a CCR-I).
    public var used: UsageSnapshot?
    /// Reporting-Reason (TS 32.299) raw value.
    public var reportingReason: Int32?
    /// Termination-Cause (RFC 6733) raw value for a CCR-T.
    public var terminationCause: Int32?
    /// The cumulative usage this request accounts up to: once answered, it is what the OCS has seen.
    public var snapshot: UsageSnapshot

    public init(kind: Kind, number: UInt32, requested: Units, used: UsageSnapshot?, reportingReason: Int32?,
                terminationCause: Int32?, snapshot: UsageSnapshot) {
        self.kind = kind
        self.number = number
        self.requested = requested
        self.used = used
        self.reportingReason = reportingReason
        self.terminationCause = terminationCause
        self.snapshot = snapshot
    }

    /// Name for logs and metric labels.
    public var label: String { kind.requestType.description }
}
