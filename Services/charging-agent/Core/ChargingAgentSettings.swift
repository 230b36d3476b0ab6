import Diameter
import DiameterPeer
import DiameterSettings
import TWAGConfiguration

/// The `charging` section as the agent's policy, Diameter identity and OCS peers.
public enum ChargingAgentSettings {
    /// nil when charging is off.
    public static func mode(_ c: ChargingConfiguration) -> ChargingPolicy.Mode? {
        switch c.mode {
        case .off: return nil
        case .authorizeOnly: return .authorizeOnly
        case .online: return .online
        }
    }

    public static func policy(_ c: ChargingConfiguration, mode: ChargingPolicy.Mode) -> ChargingPolicy {
        let handling: ChargingFailureHandling = switch c.failureHandling {
        case .terminate: .terminate
        case .continue: .continue
        case .retryAndTerminate: .retryAndTerminate
        }
        return ChargingPolicy(mode: mode, quotaTiers: c.quotaTiersBytes.map { UInt64($0) },
                              thresholdPercent: c.thresholdPercent, failureHandling: handling,
                              serverChoosesSlice: c.requestedUnits == .server,
                              retryDelay: .seconds(c.retryIntervalSeconds))
    }

    /// Origin-Host defaults to "gy." + aaa-core's: a DRA refuses a second connection with one Origin-Host.
    public static func identity(_ configuration: TWAGConfiguration) -> ChargingIdentity {
        let c = configuration.charging
        return ChargingIdentity(
            originHost: c.host ?? "gy." + configuration.diameter.host, originRealm: c.realm ?? configuration.diameter.realm,
            destinationRealm: c.destinationRealm ?? c.peers.first?.realm ?? configuration.diameter.realm,
            destinationHost: c.destinationHost, serviceContextID: c.serviceContextID,
            ratingGroup: UInt32(c.ratingGroup), serviceIdentifier: c.serviceIdentifier.map { UInt32($0) })
    }

    public static func peers(_ c: ChargingConfiguration) -> [DiameterPeerSettings] {
        c.peers.map {
            DiameterPeerSettings($0, watchdogInterval: .seconds(c.watchdogIntervalSeconds),
                                 requestTimeout: .milliseconds(c.requestTimeoutMilliseconds))
        }
    }
}
