import Foundation
import TWAGConfiguration

/// When a live session counts as gone without a Stop (RFC 2869 5.16: the AP sends an Interim-Update
/// every Acct-Interim-Interval). Two missed intervals plus a minute: one lost update is not enough.
/// A session that never started accounting is only expired once its Session-Timeout has passed (the
/// AP must re-authenticate by then); without a Session-Timeout it is kept, since some APs send no
/// accounting at all.
public struct StaleSessionPolicy: Sendable, Equatable {
    public var silenceLimit: TimeInterval
    public var unstartedLimit: TimeInterval?

    public init(silenceLimit: TimeInterval, unstartedLimit: TimeInterval?) {
        self.silenceLimit = silenceLimit
        self.unstartedLimit = unstartedLimit
    }

    public init(radius: RADIUSConfiguration) {
        self.init(silenceLimit: TimeInterval(2 * radius.acctInterimIntervalSeconds + 60),
                  unstartedLimit: radius.sessionTimeoutSeconds.map { TimeInterval($0 + 60) })
    }

    /// `activeBefore` / `unstartedBefore` for ``SessionStore/expireStaleSessions(activeBefore:unstartedBefore:now:)``.
    public func cutoffs(now: Date) -> (activeBefore: Date, unstartedBefore: Date?) {
        (now.addingTimeInterval(-silenceLimit), unstartedLimit.map { now.addingTimeInterval(-$0) })
    }
}
