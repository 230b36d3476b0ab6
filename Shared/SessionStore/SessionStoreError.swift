/// Why the session store failed. Wraps GRDB's errors so callers see one typed error.
public enum SessionStoreError: Error, Sendable, CustomStringConvertible {
    case database(String)
    /// The writer is shutting down: the write was not attempted.
    case closed

    public var description: String {
        switch self {
        case .database(let message): return "session store: \(message)"
        case .closed: return "session store: closed"
        }
    }
}
