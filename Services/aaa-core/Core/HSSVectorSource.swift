import EAPAKA
import Milenage
import NAI
import TWAGConfiguration

/// The production vector source: SWx towards `vector_dialect: swx` peers, Cx towards `cx` peers.
///
/// The node routes each request only to peers that advertised its application in CER/CEA, so an
/// SWx MAR never reaches a Cx-only HSS and vice versa. With both kinds configured, the dialect of
/// the most preferred peer (lowest `priority`) is tried first and the other one only when the first
/// has no open peer: a user-unknown or reject from a reachable HSS is final.
public struct HSSVectorSource: VectorSource {
    public let swx: SWxVectorSource
    public let cx: CxVectorSource
    /// The dialects in the order they are tried.
    public let order: [DiameterPeerConfiguration.VectorDialect]

    public init(swx: SWxVectorSource, cx: CxVectorSource, order: [DiameterPeerConfiguration.VectorDialect]) {
        self.swx = swx
        self.cx = cx
        self.order = order.isEmpty ? [.swx] : order
    }

    /// From the `diameter` and `eap` sections.
    public init(transport: any SWxRequestTransport, configuration: TWAGConfiguration) {
        let diameter = configuration.diameter
        var sources = [String: DiameterPeerConfiguration.AKAPrimeKeySource]()
        for peer in diameter.peers where peer.vectorDialect == .swx { sources[peer.host] = peer.akaPrimeKeys }
        let swx = SWxVectorSource(
            transport: transport, originHost: diameter.host, originRealm: diameter.realm,
            destinationRealm: diameter.destinationRealm, mncLength: configuration.eap.mncLength,
            networkName: configuration.eap.networkName, keySources: sources)
        let cx = CxVectorSource(
            transport: transport, originHost: diameter.host, originRealm: diameter.realm,
            destinationRealm: diameter.destinationRealm, impiRealm: diameter.cxIMPIRealm,
            mncLength: configuration.eap.mncLength)
        self.init(swx: swx, cx: cx, order: Self.order(diameter.peers))
    }

    /// Dialects of the configured peers, the one of the lowest priority value first (SWx on a tie).
    static func order(_ peers: [DiameterPeerConfiguration]) -> [DiameterPeerConfiguration.VectorDialect] {
        var best = [DiameterPeerConfiguration.VectorDialect: Int]()
        for peer in peers { best[peer.vectorDialect] = min(best[peer.vectorDialect] ?? Int.max, peer.priority) }
        return best.sorted { ($0.value, $0.key == .swx ? 0 : 1) < ($1.value, $1.key == .swx ? 0 : 1) }.map(\.key)
    }

    public func fetch(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?) async throws(VectorFetchError)
        -> [AuthVector]
    {
        try await fetch(VectorRequest(imsi: imsi, scheme: scheme, resync: resync))
    }

    public func fetch(_ request: VectorRequest) async throws(VectorFetchError) -> [AuthVector] {
        var lastError = VectorFetchError.unavailable("no HSS peer configured")
        for dialect in order {
            do {
                switch dialect {
                case .swx: return try await swx.fetch(request)
                case .cx: return try await cx.fetch(request)
                }
            } catch {
                guard case .unavailable = error else { throw error }
                lastError = error
            }
        }
        throw lastError
    }
}
