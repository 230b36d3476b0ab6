/// Why the session store failed, one typed error for both engines.
public enum SessionStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A statement failed (constraint, bad data, SQLite busy past its timeout...): retrying the same
    /// write will fail the same way.
    case database(String)
    /// The database cannot be reached now (connection refused or lost, no answer within the request
    /// timeout, server shutting down, schema not yet applied): the write may succeed later.
    case unavailable(String)
    /// The writer or store is shutting down: the write was not attempted.
    case closed

    public var description: String {
        switch self {
        case .database(let message): return "session store: \(message)"
        case .unavailable(let message): return "session store unavailable: \(message)"
        case .closed: return "session store: closed"
        }
    }
}

/// Whether the store answers, for metrics, logs and the dashboard (`twag_store_up`).
public enum SessionStoreAvailability: Sendable, Equatable {
    case available
    /// Not reachable since the last failure; the reason as logged.
    case unavailable(String)

    public var isAvailable: Bool { self == .available }
}
