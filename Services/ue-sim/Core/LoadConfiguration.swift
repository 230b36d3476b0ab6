import EAPAKA
import NAI
import NIOCore

/// Faults a run injects into every simulated phone (negative tests of the AAA path).
public struct UEFaults: Sendable, Hashable {
    /// The SIM's K differs from the HSS's: the phone rejects AUTN (Authentication-Reject).
    public var wrongK = false
    /// Answer challenges without checking AUTN (with `wrongK`: a bad AT_MAC/RES reaches the server).
    public var skipNetworkAuthentication = false
    /// Valid AT_MAC around a wrong RES: the server's RES check must fail.
    public var corruptRES = false
    /// SEQ steps the card starts ahead (+) or behind (-) the subscriber file's SQN (resync tests).
    public var sqnOffset: Int64 = 0
    /// Walk away at the AKA-Challenge (never answer it): each run leaves one conversation held by
    /// aaa-core until `eap.state_timeout_s` (capacity and memory measurements).
    public var abandonAtChallenge = false

    public init(wrongK: Bool = false, skipNetworkAuthentication: Bool = false, corruptRES: Bool = false,
                sqnOffset: Int64 = 0, abandonAtChallenge: Bool = false) {
        self.abandonAtChallenge = abandonAtChallenge
        self.wrongK = wrongK
        self.skipNetworkAuthentication = skipNetworkAuthentication
        self.corruptRES = corruptRES
        self.sqnOffset = sqnOffset
    }
}

/// Everything one run needs, validated (built from the command line by `LoadOptions`).
public struct LoadConfiguration: Sendable {
    public var server: SocketAddress
    public var secret: [UInt8]
    /// Realm of the phones' NAIs; nil builds `wlan.mncXXX.mccYYY.3gppnetwork.org` from each IMSI.
    public var realm: String?
    /// MNC digits of the IMSIs (the IMSI alone does not say), for the built realm.
    public var mncLength: Int
    public var accessPoint: AccessPointProfile
    /// Authentications to run; nil = until `duration` ends.
    public var count: Int?
    /// Authentications in flight at once (capped by the number of subscribers: a SIM is never in two).
    public var concurrency: Int
    public var duration: Duration?
    /// Workers start their first authentication spread evenly over this long (phones joining over
    /// a second, not all in one instant); zero starts them together.
    public var rampUp: Duration
    public var method: AuthenticationMethodChoice
    public var retransmission: RetransmissionPolicy
    /// First identity `anonymous@realm`, so the server must run an AKA-Identity round.
    public var anonymousIdentity: Bool
    public var faults: UEFaults
    /// Local address the AP sockets bind to.
    public var bindHost: String
    /// `--accounting`: Start / Interim-Update / Stop after each Access-Accept, and the DAE listener.
    public var accounting: AccountingSettings?

    public init(server: SocketAddress, secret: [UInt8], realm: String? = nil, mncLength: Int = 2,
                accessPoint: AccessPointProfile, count: Int? = 1, concurrency: Int = 1, duration: Duration? = nil,
                rampUp: Duration = .zero, method: AuthenticationMethodChoice = .akaPrime, retransmission: RetransmissionPolicy = RetransmissionPolicy(),
                anonymousIdentity: Bool = false, faults: UEFaults = UEFaults(), bindHost: String = "0.0.0.0",
                accounting: AccountingSettings? = nil) {
        self.server = server
        self.secret = secret
        self.realm = realm
        self.mncLength = mncLength
        self.accessPoint = accessPoint
        self.count = count
        self.concurrency = concurrency
        self.duration = duration
        self.rampUp = rampUp
        self.method = method
        self.retransmission = retransmission
        self.anonymousIdentity = anonymousIdentity
        self.faults = faults
        self.bindHost = bindHost
        self.accounting = accounting
    }

    /// When worker `index` of `workers` starts, after the run's start.
    public func startOffset(worker index: Int, of workers: Int) -> Duration {
        guard workers > 1, rampUp > .zero else { return .zero }
        return rampUp * index / workers
    }

    /// The permanent NAI `<0|6><IMSI>@<realm>` (TS 23.003 clauses 14 and 19.3).
    public func permanentIdentity(imsi: IMSI, method: AKAMethod) throws(NAIError) -> String {
        if let realm {
            let digit = IdentityKind.permanent(method.simAuthMethod).leadingDigit.map(String.init) ?? ""
            return try NAI(digit + imsi.digits + "@" + realm).value
        }
        return try NAI.root(imsi: imsi, mncLength: mncLength, method: method.simAuthMethod, realmForm: .wlan).value
    }

    /// `anonymous@<realm of the permanent identity>` (RFC 7542 2.4).
    public func anonymousIdentity(for permanent: String) -> String {
        let realm = permanent.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return "anonymous@" + realm
    }
}
