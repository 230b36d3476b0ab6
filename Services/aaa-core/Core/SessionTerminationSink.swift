import Logging

/// The HSS withdrew a subscriber's registration (SWx RTR, TS 29.273 8.1.2.4).
public struct RegistrationTermination: Sendable, Hashable {
    public var imsi: String
    /// Origin-Host of the HSS that sent the RTR.
    public var hss: String
    /// Deregistration-Reason / Reason-Code (TS 29.273 8.2.3.x); nil when absent.
    public var reasonCode: Int32?

    public init(imsi: String, hss: String, reasonCode: Int32?) {
        self.imsi = imsi
        self.hss = hss
        self.reasonCode = reasonCode
    }
}

/// Acts on registration terminations: tearing the subscriber's Wi-Fi sessions down.
///
/// The Disconnect-Request path (RADIUS DM to the AP via the frontend) arrives with accounting in a
/// later issue, since only accounting knows which AP holds the subscriber's session; until then
/// `RecordingSessionTerminationSink` logs and keeps the IMSIs for that path to drain.
public protocol SessionTerminationSink: Sendable {
    func registrationTerminated(_ termination: RegistrationTermination) async
}

/// Logs each termination and remembers the IMSIs (bounded) until the Disconnect path takes them.
public actor RecordingSessionTerminationSink: SessionTerminationSink {
    /// Beyond this many pending IMSIs the oldest are forgotten: an HSS flood must not grow memory.
    public let capacity: Int
    private var pending: [String] = []
    private let logger: Logger

    public init(logger: Logger, capacity: Int = 10_000) {
        self.logger = logger
        self.capacity = max(1, capacity)
    }

    public func registrationTerminated(_ termination: RegistrationTermination) {
        logger.notice("Subscriber session to be disconnected after Registration-Termination",
                      metadata: ["imsi": "\(termination.imsi)", "hss": "\(termination.hss)"])
        pending.removeAll { $0 == termination.imsi }
        pending.append(termination.imsi)
        if pending.count > capacity { pending.removeFirst(pending.count - capacity) }
    }

    /// The IMSIs recorded so far, oldest first; the list is emptied.
    public func takePending() -> [String] {
        defer { pending.removeAll() }
        return pending
    }
}
