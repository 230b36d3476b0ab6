import TWAGConfiguration

/// aaa-core's view of the configuration file.
public struct AAACoreSettings: Sendable {
    /// Per-conversation behaviour (`eap.*`).
    public var conversation: EAPAKAServerSettings
    /// `eap.state_timeout_s`.
    public var stateTimeout: Duration
    /// `eap.max_conversations`.
    public var maxConversations: Int
    /// `eap.mnc_length`, for the HSS realm of an IMSI.
    public var mncLength: Int
    /// `radius.session_timeout_s`, sent in Access-Accept when set.
    public var sessionTimeoutSeconds: UInt32?
    /// `radius.acct_interim_interval_s`.
    public var acctInterimIntervalSeconds: UInt32?
    /// `radius.duplicate_window_s`: how long a finished conversation's answer is replayed to an
    /// identical retransmission arriving through another frontend.
    public var finishedConversationWindow: Duration

    public init(conversation: EAPAKAServerSettings = EAPAKAServerSettings(), stateTimeout: Duration = .seconds(60),
                maxConversations: Int = 100_000, mncLength: Int = 2, sessionTimeoutSeconds: UInt32? = nil,
                acctInterimIntervalSeconds: UInt32? = 600, finishedConversationWindow: Duration = .seconds(30)) {
        self.conversation = conversation
        self.stateTimeout = stateTimeout
        self.maxConversations = maxConversations
        self.mncLength = mncLength
        self.sessionTimeoutSeconds = sessionTimeoutSeconds
        self.acctInterimIntervalSeconds = acctInterimIntervalSeconds
        self.finishedConversationWindow = finishedConversationWindow
    }

    public init(configuration: TWAGConfiguration) {
        self.init(
            conversation: EAPAKAServerSettings(configuration: configuration.eap),
            stateTimeout: .seconds(configuration.eap.stateTimeoutSeconds),
            maxConversations: configuration.eap.maxConversations,
            mncLength: configuration.eap.mncLength,
            sessionTimeoutSeconds: configuration.radius.sessionTimeoutSeconds.map { UInt32(clamping: $0) },
            acctInterimIntervalSeconds: UInt32(clamping: configuration.radius.acctInterimIntervalSeconds),
            finishedConversationWindow: .seconds(configuration.radius.duplicateWindowSeconds))
    }
}
