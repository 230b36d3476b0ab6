import Diameter

/// What the operator configured for every charged session (`charging.*`), as the state machine needs it.
public struct ChargingPolicy: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, Codable {
        /// CCR-I before the Accept and CCR-T at the end; no quota.
        case authorizeOnly = "authorize_only"
        /// CCR-I/U/T with quota grants, thresholds, validity time and cut-off.
        case online
    }

    public var mode: Mode
    /// Octets asked for in turn: the first at CCR-I, the next at each CCR-U, the last one repeated.
    public var quotaTiers: [UInt64]
    /// Share of a grant used before a CCR-U asks for more (when the OCS sent no Volume-Quota-Threshold).
    public var thresholdPercent: Int
    /// Credit-Control-Failure-Handling until an OCS overrides it in a CCA.
    public var failureHandling: ChargingFailureHandling
    /// Send an empty Requested-Service-Unit and let the OCS choose the slice.
    public var serverChoosesSlice: Bool
    /// First delay before an unanswered request is sent again (doubling, capped at `maximumRetryDelay`).
    public var retryDelay: Duration
    public var maximumRetryDelay: Duration
    /// A CCR-I unanswered after a refused authorization is retried this many times before the
    /// session is given up (its answer would only serve to close the OCS session).
    public var abandonedInitialAttempts: Int

    public init(mode: Mode, quotaTiers: [UInt64] = [10 << 20, 50 << 20, 100 << 20], thresholdPercent: Int = 80,
                failureHandling: ChargingFailureHandling = .terminate, serverChoosesSlice: Bool = false,
                retryDelay: Duration = .seconds(2), maximumRetryDelay: Duration = .seconds(60),
                abandonedInitialAttempts: Int = 3) {
        self.mode = mode
        self.quotaTiers = quotaTiers.isEmpty ? [10 << 20] : quotaTiers
        self.thresholdPercent = min(100, max(1, thresholdPercent))
        self.failureHandling = failureHandling
        self.serverChoosesSlice = serverChoosesSlice
        self.retryDelay = retryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.abandonedInitialAttempts = abandonedInitialAttempts
    }

    /// The Requested-Service-Unit for tier `index`.
    func requestedUnits(tier index: Int) -> ChargingRequest.Units {
        if mode == .authorizeOnly { return .none }
        if serverChoosesSlice { return .serverChooses }
        return .octets(quotaTiers[min(index, quotaTiers.count - 1)])
    }

    /// Delay before attempt `attempts + 1` of an unanswered request.
    func retryDelay(afterAttempts attempts: Int) -> Duration {
        var delay = retryDelay
        for _ in 1..<max(1, attempts) where delay < maximumRetryDelay { delay = delay * 2 }
        return min(delay, maximumRetryDelay)
    }
}
