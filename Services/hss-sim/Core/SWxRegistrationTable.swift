/// Registration state per IMSI, in memory (a lab HSS forgets it on restart, like a cold HSS).
///
/// A value with the time passed in: SAR REGISTRATION records the AAA server and, with a termination
/// delay, arms one RTR; a re-registration re-arms it, a deregistration by the holder cancels it, and
/// `takeDueTerminations(now:)` hands each armed RTR out once, clearing the registration.
public struct SWxRegistrationTable: Sendable, Hashable {
    public private(set) var entries: [String: SWxRegistration] = [:]

    public init() {}

    public subscript(imsi: String) -> SWxRegistration? { entries[imsi] }

    /// Records `aaaHost` as the IMSI's AAA server (replacing any other) and returns the new entry
    /// with its RTR due at `now + terminateAfter` (none when nil).
    @discardableResult
    public mutating func register(imsi: String, aaaHost: String, aaaRealm: String, now: ContinuousClock.Instant,
                                  terminateAfter: Duration?) -> SWxRegistration {
        let registration = SWxRegistration(aaaHost: aaaHost, aaaRealm: aaaRealm,
                                           terminationDue: terminateAfter.map { now + $0 })
        entries[imsi] = registration
        return registration
    }

    /// SAR USER_DEREGISTRATION from `aaaHost`: cleared only when that server holds the registration.
    public mutating func deregister(imsi: String, aaaHost: String) -> SWxDeregistration {
        guard let current = entries[imsi] else { return .notRegistered }
        guard current.isHeld(by: aaaHost) else { return .registeredElsewhere(current) }
        entries.removeValue(forKey: imsi)
        return .cleared(current)
    }

    /// Registrations whose RTR is due at `now`, earliest first (then by IMSI); they are removed, so
    /// each REGISTRATION yields at most one RTR ("the registration is cleared when the RTR is sent").
    public mutating func takeDueTerminations(now: ContinuousClock.Instant) -> [SWxTerminationDue] {
        let due = entries.compactMap { imsi, registration -> (ContinuousClock.Instant, SWxTerminationDue)? in
            guard let at = registration.terminationDue, at <= now else { return nil }
            return (at, SWxTerminationDue(imsi: imsi, registration: registration))
        }.sorted { ($0.0, $0.1.imsi) < ($1.0, $1.1.imsi) }
        for item in due { entries.removeValue(forKey: item.1.imsi) }
        return due.map(\.1)
    }

    /// The earliest armed RTR, if any (diagnostics and tests).
    public var nextTerminationDue: ContinuousClock.Instant? {
        entries.values.compactMap(\.terminationDue).min()
    }
}
