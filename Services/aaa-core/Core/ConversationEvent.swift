import EAPAKA
import Milenage
import NAI
import WireFormat

/// What can happen to a conversation.
public enum ConversationEvent: Sendable {
    /// An EAP-Response as received (raw octets: AT_MAC covers them exactly). Empty octets are an
    /// EAP-Start (RFC 3579 2.1): the server answers with EAP-Request/Identity.
    case response([UInt8])
    /// The HSS answered the last `.fetchVectors`.
    case vectors([AuthVector])
    /// The HSS failed the last `.fetchVectors`.
    case vectorFetchFailed(VectorFetchError)
    /// The conversation's time ran out.
    case timeout
}

/// What the conversation asks its owner to do.
public enum ConversationAction: Sendable {
    /// Send this EAP-Request in an Access-Challenge.
    case sendRequest([UInt8])
    /// Ask the HSS for vectors, then feed `.vectors` or `.vectorFetchFailed`.
    case fetchVectors(VectorRequest)
    /// Authentication succeeded: send EAP-Success with the keys.
    case accept(ConversationAcceptance)
    /// Authentication failed: send EAP-Failure.
    case reject(ConversationRejection)
    /// Drop the message without an answer (bad AT_MAC, wrong identifier, malformed packet).
    case discard(reason: String)
}

/// Parameters of a vector fetch.
public struct VectorRequest: Sendable, Hashable {
    /// The subscriber.
    public var imsi: IMSI
    /// "EAP-AKA" or "EAP-AKA'".
    public var scheme: AKAMethod
    /// RAND || AUTS after a Synchronization-Failure.
    public var resync: ResynchronisationInfo?
    /// Realm of the identity the peer sent (nil without one): the Cx dialect builds the IMPI from it.
    public var realm: String?

    public init(imsi: IMSI, scheme: AKAMethod, resync: ResynchronisationInfo?, realm: String? = nil) {
        self.imsi = imsi
        self.scheme = scheme
        self.resync = resync
        self.realm = realm
    }
}

/// A successful end.
public struct ConversationAcceptance: Sendable {
    /// EAP-Success octets.
    public var eapSuccess: [UInt8]
    /// MSK (64 octets): MS-MPPE keys for the AP.
    public var msk: [UInt8]
    /// EMSK (64 octets).
    public var emsk: [UInt8]
    /// The identity the keys were derived with (NAI text).
    public var identity: String
    public var imsi: IMSI
    public var method: AKAMethod
    /// Origin-Host of the HSS whose vector authenticated the peer (Destination-Host of the SAR).
    public var servingHSS: String?
}

extension ConversationAcceptance: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "ConversationAcceptance(identity: \(identity), method: \(method.displayName), msk: <redacted>, emsk: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["identity": identity, "imsi": imsi.digits]) }
}

/// A failed end.
public struct ConversationRejection: Sendable, Hashable {
    /// EAP-Failure octets.
    public var eapFailure: [UInt8]
    public var reason: ConversationRejectReason
}

/// Things worth a log line or a metric, reported with each step; the conversation itself never logs.
public enum ConversationNote: Sendable, Hashable {
    /// An identity arrived (EAP-Response/Identity or AT_IDENTITY): "Phase 1".
    case identityResponse(identity: String)
    /// An AKA-Identity request was sent (the identity was not usable).
    case identityRequested(AKAIdentityRequestKind, method: AKAMethod)
    /// A Challenge was sent: "Phase 2".
    case challengeSent(method: AKAMethod, imsi: IMSI, afterResynchronisation: Bool)
    /// The peer reported a synchronisation failure (SQN out of range).
    case synchronizationFailure(imsi: IMSI)
    /// RES did not match; hex values for the debug log only.
    case resVerificationFailed(expected: String, received: String)
}

/// The identity attribute of an AKA-Identity request, in the order RFC 4187 4.1.x lets a server
/// escalate: any → full-auth → permanent.
public enum AKAIdentityRequestKind: Int, Sendable, Hashable, Comparable {
    case any = 0
    case fullAuthentication = 1
    case permanent = 2

    var attribute: AKAAttribute {
        switch self {
        case .any: return .anyIDReq
        case .fullAuthentication: return .fullAuthIDReq
        case .permanent: return .permanentIDReq
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The result of one event.
public struct ConversationStep: Sendable {
    public var action: ConversationAction
    public var notes: [ConversationNote]

    init(_ action: ConversationAction, notes: [ConversationNote] = []) {
        self.action = action
        self.notes = notes
    }
}
