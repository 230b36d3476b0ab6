import Milenage

/// SQN_HE per IMSI: the last sequence number put into a vector (or reset to by a resynchronisation).
///
/// The next vector uses `scheme.next(after:)` of this value (SEQ + 1, IND cycling, TS 33.102
/// Annex C.1.2). Entries for IMSIs no longer provisioned are kept, so removing and re-adding a
/// subscriber never re-issues an old SQN.
public struct SequenceState: Sendable, Hashable {
    public private(set) var values: [String: SequenceNumber]

    public init(values: [String: SequenceNumber] = [:]) {
        self.values = values
    }

    public subscript(imsi: String) -> SequenceNumber? {
        get { values[imsi] }
        set { values[imsi] = newValue }
    }

    /// The SQN_HE to continue from: the persisted value, or the provisioned start when it is higher
    /// (an operator raising `sqn` in the subscriber file takes effect; lowering it needs the state
    /// file entry removed, so SQNs are never re-issued by accident).
    public func current(for subscriber: Subscriber) -> SequenceNumber {
        guard let stored = values[subscriber.imsi] else { return subscriber.initialSQN }
        return max(stored, subscriber.initialSQN)
    }
}
