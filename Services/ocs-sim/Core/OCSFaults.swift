/// Failure injection for the charging client's tests; settable at start and at run time.
public struct OCSFaults: Sendable, Hashable {
    /// Delay before every CCA, milliseconds.
    public var answerDelayMilliseconds = 0
    /// Answer no CCR at all (the client's Tx must fire).
    public var silent = false
    /// Answer no CCR-U (CCR-I and CCR-T still answered).
    public var dropUpdates = false

    public init(answerDelayMilliseconds: Int = 0, silent: Bool = false, dropUpdates: Bool = false) {
        self.answerDelayMilliseconds = answerDelayMilliseconds
        self.silent = silent
        self.dropUpdates = dropUpdates
    }

    /// Whether a request of this type goes unanswered (and unapplied: the OCS "never saw it").
    public func drops(_ type: CreditControlRequestKind) -> Bool {
        silent || (dropUpdates && type == .update)
    }
}

/// The CCR types, as the faults and the ledger name them.
public enum CreditControlRequestKind: String, Sendable, Hashable {
    case initial = "CCR-I"
    case update = "CCR-U"
    case termination = "CCR-T"
    case event = "CCR-E"
}
