import EAPAKA
import TWAGConfiguration

/// What one EAP-AKA/AKA' conversation needs from the operator's configuration.
public struct EAPAKAServerSettings: Sendable, Hashable {
    /// Methods offered (`eap.methods`); never empty.
    public var methods: [AKAMethod]
    /// Method proposed when the identity does not decide (`eap.prefer`).
    public var preferred: AKAMethod
    /// Access network name bound into EAP-AKA' keys (`eap.network_name`), as sent in AT_KDF_INPUT.
    public var networkName: [UInt8]
    /// Accepted home realms (`eap.realm`); empty accepts any realm.
    public var realms: [String]
    /// Offer AT_RESULT_IND and confirm success with an AKA-Notification when the peer asks for it.
    public var resultIndication: Bool
    /// Synchronisation failures tolerated per conversation before rejecting.
    public var maximumResynchronisations: Int

    public init(methods: [AKAMethod] = [.aka, .akaPrime], preferred: AKAMethod = .akaPrime,
                networkName: String = "WLAN", realms: [String] = [], resultIndication: Bool = false,
                maximumResynchronisations: Int = 1) {
        self.methods = methods.isEmpty ? [preferred] : methods
        self.preferred = self.methods.contains(preferred) ? preferred : self.methods[0]
        self.networkName = Array(networkName.utf8)
        self.realms = realms
        self.resultIndication = resultIndication
        self.maximumResynchronisations = maximumResynchronisations
    }

    /// Reads the `eap` section.
    public init(configuration eap: EAPConfiguration, resultIndication: Bool = false) {
        self.init(methods: eap.methods.map(AKAMethod.init(configured:)), preferred: AKAMethod(configured: eap.prefer),
                  networkName: eap.networkName, realms: eap.realms, resultIndication: resultIndication)
    }

    func offers(_ method: AKAMethod) -> Bool { methods.contains(method) }
}

extension AKAMethod {
    /// The method named by `eap.methods` / `eap.prefer`.
    public init(configured: EAPConfiguration.Method) {
        switch configured {
        case .aka: self = .aka
        case .akaPrime: self = .akaPrime
        }
    }
}
