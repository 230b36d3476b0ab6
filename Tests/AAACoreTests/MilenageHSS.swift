import AAACore
import EAPAKA
import Milenage
import NAI

/// An HSS/AuC built on Milenage: per-subscriber SQN_HE, resynchronisation from AUTS, CK'/IK'
/// returned (`returnsPrimeKeys`) or left to aaa-core (`aka_prime_keys: derive`).
struct MilenageHSSCore: Sendable {
    struct Subscriber: Sendable {
        var milenage: Milenage
        var sqn: SequenceNumber
    }

    var subscribers: [String: Subscriber] = [:]
    var amf: UInt16 = 0x8000
    var returnsPrimeKeys = true
    var networkName = "WLAN"
    /// When set, every fetch fails with it.
    var failure: VectorFetchError?
    /// Ignore AUTS (a broken HSS) to provoke a second synchronisation failure.
    var ignoresResync = false
    /// Corrupt XRES (a mis-provisioned HSS) to provoke a RES mismatch.
    var corruptsXRES = false
    private(set) var requests: [VectorRequest] = []

    mutating func add(imsi: String, k: [UInt8], opc: [UInt8], sqn: UInt64 = 0x20) throws {
        subscribers[imsi] = Subscriber(milenage: try Milenage(k: k, opc: opc), sqn: SequenceNumber(sqn) ?? .zero)
    }

    mutating func fetch(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?) throws(VectorFetchError)
        -> [AuthVector]
    {
        requests.append(VectorRequest(imsi: imsi, scheme: scheme, resync: resync))
        if let failure { throw failure }
        guard var subscriber = subscribers[imsi.digits] else { throw .userUnknown }
        if let resync, !ignoresResync {
            guard let sqnMS = try? subscriber.milenage.recoverSQN(resync) else {
                throw .rejected(resultCode: 5012)
            }
            subscriber.sqn = sqnMS
        }
        guard let next = SequenceNumberScheme.standard.next(after: subscriber.sqn) else { throw .rejected(resultCode: 5012) }
        subscriber.sqn = next
        subscribers[imsi.digits] = subscriber
        let rand = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let vector: AuthenticationVector
        do {
            vector = try subscriber.milenage.generateVector(rand: rand, sqn: next, amf: amf)
        } catch {
            throw .unavailable("\(error)")
        }
        var xres = vector.xres
        if corruptsXRES { xres[0] ^= 0xFF }
        if scheme == .akaPrime, returnsPrimeKeys {
            guard let primed = try? AKAPrimeTransformedKeys.derive(
                ck: vector.ck, ik: vector.ik, networkName: networkName, autn: vector.autn)
            else { throw .unavailable("derive") }
            return [AuthVector(rand: rand, autn: vector.autn, xres: xres, ck: primed.ckPrime, ik: primed.ikPrime,
                               keysAreAKAPrime: true)]
        }
        return [AuthVector(rand: rand, autn: vector.autn, xres: xres, ck: vector.ck, ik: vector.ik,
                           keysAreAKAPrime: false)]
    }
}

/// The same HSS behind the async `VectorSource` the engine uses.
actor MilenageHSS: VectorSource {
    var core: MilenageHSSCore

    init(_ core: MilenageHSSCore) { self.core = core }

    func fetch(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?) async throws(VectorFetchError)
        -> [AuthVector]
    {
        try core.fetch(imsi: imsi, scheme: scheme, resync: resync)
    }

    func set(_ change: @Sendable (inout MilenageHSSCore) -> Void) { change(&core) }
    var requests: [VectorRequest] { core.requests }
}
