/// How the simulated OCS grants (`ocs-sim` options).
public struct OCSBehaviour: Sendable, Hashable {
    /// Slice granted when a CCR asks for no particular size (empty or absent Requested-Service-Unit).
    public var defaultGrantOctets: UInt64
    /// Validity-Time sent with every grant (0 is sent as 0); nil sends none.
    public var validityTime: UInt32?
    /// Volume-Quota-Threshold sent with every grant (capped to the grant); nil sends none.
    public var volumeQuotaThreshold: UInt32?
    /// Final-Unit-Indication TERMINATE goes with a grant that leaves at most this much available
    /// (always with the very last units).
    public var finalUnitsBelowOctets: UInt64

    public init(defaultGrantOctets: UInt64 = 10_485_760, validityTime: UInt32? = nil, volumeQuotaThreshold: UInt32? = nil,
                finalUnitsBelowOctets: UInt64 = 0) {
        self.defaultGrantOctets = defaultGrantOctets
        self.validityTime = validityTime
        self.volumeQuotaThreshold = volumeQuotaThreshold
        self.finalUnitsBelowOctets = finalUnitsBelowOctets
    }
}
