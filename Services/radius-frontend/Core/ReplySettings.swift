import RADIUS
import TWAGConfiguration

/// Operator settings that shape every Access-Accept (from the `radius` section).
public struct ReplySettings: Sendable, Equatable {
    /// Acct-Interim-Interval (`acct_interim_interval_s`), unless aaa-core gives one.
    public var acctInterimInterval: UInt32?
    /// Session-Timeout (`session_timeout_s`), unless aaa-core gives one; nil = none.
    public var sessionTimeout: UInt32?
    /// Sent with every Session-Timeout. RADIUS-Request makes an 802.1X AP re-authenticate the
    /// station when the timeout expires (RFC 3580 3.17) instead of cutting it off.
    public var terminationAction: TerminationAction?

    public init(acctInterimInterval: UInt32? = 600, sessionTimeout: UInt32? = nil,
                terminationAction: TerminationAction? = .radiusRequest) {
        self.acctInterimInterval = acctInterimInterval
        self.sessionTimeout = sessionTimeout
        self.terminationAction = terminationAction
    }

    public init(radius: RADIUSConfiguration) {
        self.init(acctInterimInterval: UInt32(exactly: radius.acctInterimIntervalSeconds),
                  sessionTimeout: radius.sessionTimeoutSeconds.flatMap { UInt32(exactly: $0) })
    }
}
