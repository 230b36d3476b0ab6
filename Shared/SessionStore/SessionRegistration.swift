/// Where a session stands with the HSS registration (SWx SAR), column `sessions.registration`.
public enum SessionRegistration: String, Sendable, Hashable, CaseIterable {
    /// aaa-core did not register the subscriber for this session (registration off, or a Cx HSS).
    case none
    /// Registered at the HSS; a deregistration is due when the session ends and no other live
    /// registered session of the subscriber remains.
    case registered
    /// aaa-core sent SAR USER_DEREGISTRATION after the session ended.
    case deregistered
    /// Ended while another live session kept the registration: it now carries it.
    case released
    /// The HSS ended the registration (RTR): no SAR is sent for it.
    case hssTerminated = "hss_terminated"
    /// The deregistration could not be delivered after every attempt (logged; the HSS keeps it until it expires it).
    case abandoned
}

/// The two kinds of rows the frontend commits.
public enum SessionWrite: Sendable, Equatable {
    case authorized(AuthorizedSession)
    case accounting(AccountingEntry)
}

/// What one ``SessionWrite`` did.
public enum SessionWriteResult: Sendable, Equatable {
    /// The session row exists (inserted now, or already there for this Class).
    case authorized(sessionID: Int64)
    case accounting(AccountingOutcome)
}
