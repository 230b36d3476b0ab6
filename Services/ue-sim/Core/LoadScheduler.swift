import Milenage

/// Hands subscribers to workers: round robin, never one SIM in two authentications at once, and
/// each SIM's SQN record carried from one authentication to its next. Also owns the run's budget
/// (`--count` / `--duration`, whichever ends first).
actor LoadScheduler {
    /// A subscriber checked out for one authentication.
    struct Lease: Sendable {
        /// 0-based number of the authentication in the run (selects the method with `--method mixed`).
        let sequence: Int
        let slot: Int
        let record: SubscriberRecord
        let sequenceState: USIMSequenceState
    }

    private struct Slot {
        let record: SubscriberRecord
        var sequenceState: USIMSequenceState
        var busy = false
    }

    private var slots: [Slot]
    private var cursor = 0
    private var issued = 0
    private let limit: Int?
    private let deadline: ContinuousClock.Instant?

    init(records: [SubscriberRecord], sqnOffset: Int64, limit: Int?, deadline: ContinuousClock.Instant?) {
        self.slots = records.map { Slot(record: $0, sequenceState: $0.initialSequenceState(offset: sqnOffset)) }
        self.limit = limit
        self.deadline = deadline
    }

    /// The next subscriber, or nil when the budget is spent (or, which workers ≤ subscribers
    /// prevents, every SIM is busy).
    func next() -> Lease? {
        if let limit, issued >= limit { return nil }
        if let deadline, ContinuousClock.now >= deadline { return nil }
        for step in 0..<slots.count {
            let index = (cursor + step) % slots.count
            guard !slots[index].busy else { continue }
            slots[index].busy = true
            cursor = (index + 1) % slots.count
            defer { issued += 1 }
            return Lease(sequence: issued, slot: index, record: slots[index].record,
                         sequenceState: slots[index].sequenceState)
        }
        return nil
    }

    /// Returns the SIM with its SQN record after the authentication.
    func finish(_ lease: Lease, sequenceState: USIMSequenceState) {
        slots[lease.slot].sequenceState = sequenceState
        slots[lease.slot].busy = false
    }
}
