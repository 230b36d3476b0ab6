/// The 3GPP AAA server a subscriber is registered with: what an HSS stores on SAR REGISTRATION
/// (TS 29.273 8.1.2.2.2.1) so it knows where to send a Registration-Termination-Request.
public struct SWxRegistration: Sendable, Hashable {
    /// Origin-Host of the SAR REGISTRATION (the 3GPP AAA server name).
    public var aaaHost: String
    /// Origin-Realm of the SAR REGISTRATION (Destination-Realm of a later RTR).
    public var aaaRealm: String
    /// When the lab RTR falls due (`--rtr-after-registration-ms`); nil: no RTR armed.
    public var terminationDue: ContinuousClock.Instant?

    public init(aaaHost: String, aaaRealm: String, terminationDue: ContinuousClock.Instant? = nil) {
        self.aaaHost = aaaHost
        self.aaaRealm = aaaRealm
        self.terminationDue = terminationDue
    }

    /// Diameter identities are FQDNs: compared without case.
    public func isHeld(by host: String) -> Bool {
        aaaHost.lowercased() == host.lowercased()
    }
}

/// What a SAR USER_DEREGISTRATION did to the table. Every case is answered 2001: the AAA server may
/// repeat a deregistration after a failover, and the HSS must not fail it for that.
public enum SWxDeregistration: Sendable, Hashable {
    /// The requesting AAA server held the registration; it is gone (and its RTR with it).
    case cleared(SWxRegistration)
    /// Nobody held a registration for the IMSI.
    case notRegistered
    /// Another AAA server holds it; left in place.
    case registeredElsewhere(SWxRegistration)
}

/// A registration whose RTR is due now: the table has already forgotten it.
public struct SWxTerminationDue: Sendable, Hashable {
    public var imsi: String
    public var registration: SWxRegistration

    public init(imsi: String, registration: SWxRegistration) {
        self.imsi = imsi
        self.registration = registration
    }
}
