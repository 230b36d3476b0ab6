import EAPAKA

/// What the simulated phone is and which faults it injects.
public struct UEPeerConfiguration: Sendable {
    /// Permanent NAI (`0<IMSI>@realm` for EAP-AKA, `6<IMSI>@realm` for EAP-AKA'), sent in
    /// EAP-Response/Identity or AT_IDENTITY.
    public var permanentIdentity: String
    /// Methods the handset implements; an EAP-AKA'-capable phone enforces bidding-down protection.
    public var supportedMethods: Set<AKAMethod>
    /// Privacy outer identity (e.g. `anonymous@realm`) for the first EAP-Response/Identity; the server
    /// must then ask for the permanent identity with AKA-Identity (exercises AT_CHECKCODE).
    public var anonymousIdentity: String?
    /// Access network name the phone expects in AT_KDF_INPUT ("WLAN"); nil accepts any non-empty name.
    public var expectedNetworkName: [UInt8]?
    /// Test fault: flip a bit of RES while keeping AT_MAC valid, so the server's RES check (not its
    /// MAC check) fails.
    public var corruptsRES: Bool
    /// Synchronization-Failures tolerated in one authentication before the phone gives up
    /// (a server that never resynchronises would otherwise loop forever).
    public var maximumSynchronizationFailures: Int
    /// Test fault: never answer the AKA-Challenge (the phone walks away).
    public var abandonsAtChallenge: Bool

    public init(permanentIdentity: String, supportedMethods: Set<AKAMethod> = [.aka, .akaPrime],
                anonymousIdentity: String? = nil, expectedNetworkName: [UInt8]? = nil, corruptsRES: Bool = false,
                maximumSynchronizationFailures: Int = 2, abandonsAtChallenge: Bool = false) {
        self.abandonsAtChallenge = abandonsAtChallenge
        self.permanentIdentity = permanentIdentity
        self.supportedMethods = supportedMethods
        self.anonymousIdentity = anonymousIdentity
        self.expectedNetworkName = expectedNetworkName
        self.corruptsRES = corruptsRES
        self.maximumSynchronizationFailures = maximumSynchronizationFailures
    }
}
