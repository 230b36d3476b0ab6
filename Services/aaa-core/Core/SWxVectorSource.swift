import Diameter
import EAPAKA
import Milenage
import NAI
import TWAGConfiguration

/// Sends one SWx request and returns its answer. `DiameterNode` conforms (mapping its
/// `DiameterRequestError` to `.unavailable` / `.timeout`); tests use a fake HSS.
public protocol SWxRequestTransport: Sendable {
    func sendSWx(_ request: DiameterMessage) async throws(VectorFetchError) -> DiameterMessage
}

/// Fetches vectors with SWx Multimedia-Auth-Request / Answer (TS 29.273 clause 8.1.2.1).
public struct SWxVectorSource: VectorSource {
    /// RAT-Type WLAN (TS 29.212).
    public static let ratTypeWLAN: Int32 = 0

    public let transport: any SWxRequestTransport
    public let header: HSSRequestHeader
    /// ANID for EAP-AKA' (TS 29.273: the access network identity the keys are bound to).
    public let networkName: String
    /// `aka_prime_keys` of each configured HSS peer, by lower-cased Origin-Host.
    public let keySources: [String: DiameterPeerConfiguration.AKAPrimeKeySource]

    public init(transport: any SWxRequestTransport, originHost: String, originRealm: String,
                destinationRealm: String?, mncLength: Int, networkName: String,
                keySources: [String: DiameterPeerConfiguration.AKAPrimeKeySource] = [:],
                sessionIDs: DiameterSessionIDGenerator? = nil) {
        self.transport = transport
        self.header = HSSRequestHeader(originHost: originHost, originRealm: originRealm,
                                       destinationRealm: destinationRealm, mncLength: mncLength, sessionIDs: sessionIDs)
        self.networkName = networkName
        var lowered = [String: DiameterPeerConfiguration.AKAPrimeKeySource]()
        for (host, source) in keySources { lowered[host.lowercased()] = source }
        self.keySources = lowered
    }

    /// True when every configured HSS returns plain CK/IK: they are then asked for "EAP-AKA"
    /// vectors even for EAP-AKA' (such an HSS may not know the "EAP-AKA'" scheme).
    var everyPeerDerives: Bool {
        !keySources.isEmpty && keySources.values.allSatisfy { $0 == .derive }
    }

    public func fetch(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?) async throws(VectorFetchError)
        -> [AuthVector]
    {
        let request = try multimediaAuthRequest(imsi: imsi, method: scheme, resync: resync)
        let answer = try await transport.sendSWx(request)
        return try vectors(from: answer, method: scheme)
    }

    /// The MAR, AVPs in TS 29.273 table 8.1.2.1.1-1 order. Ids are left 0 for the node to assign.
    public func multimediaAuthRequest(imsi: IMSI, method: AKAMethod, resync: ResynchronisationInfo?)
        throws(VectorFetchError) -> DiameterMessage
    {
        guard let header = header.avps(application: .swx, imsi: imsi)
        else { throw .unavailable("no Destination-Realm for IMSI \(imsi.digits)") }
        let scheme = method == .akaPrime && everyPeerDerives ? AKAMethod.aka.swxSchemeName : method.swxSchemeName
        var avps = header + [
            .userName(imsi.digits), .sipNumberAuthItems(1),
            .sipAuthDataItem(scheme: scheme, authorization: resync?.bytes),
            .ratType(Self.ratTypeWLAN),
        ]
        if method == .akaPrime { avps.append(.anid(networkName)) }
        return DiameterMessage.request(command: .multimediaAuth, application: .swx, hopByHop: 0, endToEnd: 0,
                                       avps: avps)
    }

    /// Interprets an MAA.
    public func vectors(from answer: DiameterMessage, method: AKAMethod) throws(VectorFetchError) -> [AuthVector] {
        let maa = try MultimediaAuthAnswerOutcome.successfulAnswer(answer)
        let peerDerives: Bool
        if let origin = answer.originHost, let source = keySources[origin.lowercased()] {
            peerDerives = source == .derive
        } else {
            peerDerives = everyPeerDerives
        }
        var out = [AuthVector]()
        for item in maa.vectors {
            let itemIsPrime = item.scheme == AKAMethod.akaPrime.swxSchemeName
            if method == .aka, itemIsPrime {
                throw .invalidAnswer("EAP-AKA' vector returned for an EAP-AKA request")
            }
            out.append(AuthVector(rand: item.rand, autn: item.autn, xres: item.xres, ck: item.ck, ik: item.ik,
                                  keysAreAKAPrime: method == .akaPrime && itemIsPrime && !peerDerives,
                                  servingHSS: answer.originHost))
        }
        return out
    }
}
