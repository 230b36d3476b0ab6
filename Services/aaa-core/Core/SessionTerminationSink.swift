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

/// Acts on registration terminations: `SessionDisconnector` ends the subscriber's Wi-Fi sessions.
/// A protocol so the RTR handler is tested without a store or frontends.
public protocol SessionTerminationSink: Sendable {
    func registrationTerminated(_ termination: RegistrationTermination) async
}
