/// Why the front silently discarded a datagram (RFC 2865 section 3: a server never answers a
/// packet it cannot authenticate). The raw value is the `reason` label of `radius_dropped_total`.
public enum DropReason: String, Error, Sendable, Hashable, CaseIterable {
    /// The source address is outside `radius.allowed_source_subnets` (or no secret covers it).
    case sourceNotAllowed = "source_not_allowed"
    /// Not a well-formed RADIUS packet (lengths, attribute framing, wrong direction).
    case malformed
    /// Message-Authenticator present but wrong: almost always a shared-secret mismatch.
    case badMessageAuthenticator = "bad_message_authenticator"
    /// Message-Authenticator required (EAP, Status-Server, or `require_message_authenticator`) but absent.
    case missingMessageAuthenticator = "missing_message_authenticator"
    /// Accounting-Request authenticator wrong: almost always a shared-secret mismatch.
    case badAuthenticator = "bad_authenticator"
    /// Accounting-Request without Acct-Status-Type (RFC 2866 5.1 makes it mandatory).
    case missingStatusType = "missing_status_type"
    /// A code this port does not serve (the authentication port: Access-Request and Status-Server;
    /// the accounting port: Accounting-Request and Status-Server).
    case unknownCode = "unknown_code"
    /// A retransmission of a request whose answer is still being computed (RFC 5080 2.2.2).
    case duplicateInProgress = "duplicate_in_progress"
    /// Too many requests in flight: shed load rather than queue without bound.
    case overloaded
}
