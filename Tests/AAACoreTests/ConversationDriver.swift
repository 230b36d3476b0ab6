import AAACore
import EAP
import EAPAKA
import Milenage
import WireFormat
import XCTest

/// TS 35.208 test set 1 key material.
enum Subscriber {
    static let k: [UInt8] = [UInt8](hex: "465b5ce8b199b49faa5f0a2ee238a6bc") ?? []
    static let opc: [UInt8] = [UInt8](hex: "cd63cb71954a9f4e48a5994e37a02baf") ?? []
    static let imsi = "001010123456789"
    static let realm = "wlan.mnc001.mcc001.3gppnetwork.org"
    static let akaIdentity = "0\(imsi)@\(realm)"
    static let akaPrimeIdentity = "6\(imsi)@\(realm)"

    static func hss(amf: UInt16 = 0x8000, returnsPrimeKeys: Bool = true, sqn: UInt64 = 0x20) throws -> MilenageHSSCore {
        var hss = MilenageHSSCore()
        hss.amf = amf
        hss.returnsPrimeKeys = returnsPrimeKeys
        try hss.add(imsi: imsi, k: k, opc: opc, sqn: sqn)
        return hss
    }
}

/// How a driven conversation ended.
enum Outcome {
    case accepted(ConversationAcceptance)
    case rejected(ConversationRejection)
    case discarded(String)
}

/// Plays phone, AP relay and HSS around one `EAPAKAServerConversation`, synchronously.
struct ConversationDriver {
    var conversation: EAPAKAServerConversation
    var phone: SimulatedPhone
    var hss: MilenageHSSCore
    /// EAP-Responses fed to the server (= RADIUS round trips).
    private(set) var roundTrips = 0
    private(set) var notes: [ConversationNote] = []
    private(set) var requests: [[UInt8]] = []
    /// Applied to each phone response before the server sees it (nil: unchanged).
    var tamper: ((inout [UInt8]) -> Void)?

    init(settings: EAPAKAServerSettings = EAPAKAServerSettings(), phone: SimulatedPhone, hss: MilenageHSSCore) {
        conversation = EAPAKAServerConversation(settings: settings, initialIdentifier: 0)
        self.phone = phone
        self.hss = hss
    }

    /// Feeds one response and runs any HSS fetch it triggers.
    mutating func feed(_ response: [UInt8]) -> ConversationAction {
        roundTrips += 1
        var step = conversation.handle(.response(response))
        notes += step.notes
        while case .fetchVectors(let request) = step.action {
            do {
                let vectors = try hss.fetch(imsi: request.imsi, scheme: request.scheme, resync: request.resync)
                step = conversation.handle(.vectors(vectors))
            } catch {
                step = conversation.handle(.vectorFetchFailed(error))
            }
            notes += step.notes
        }
        if case .sendRequest(let bytes) = step.action { requests.append(bytes) }
        return step.action
    }

    /// Runs from the phone's EAP-Response/Identity (AP's EAP-Request/Identity identifier 1) to the end.
    mutating func run(maxRounds: Int = 10) throws -> Outcome {
        var response = try phone.identityResponse(identifier: 1)
        for _ in 0..<maxRounds {
            tamper?(&response)
            switch feed(response) {
            case .sendRequest(let request):
                response = try phone.respond(to: request)
            case .accept(let acceptance):
                return .accepted(acceptance)
            case .reject(let rejection):
                return .rejected(rejection)
            case .discard(let reason):
                return .discarded(reason)
            case .fetchVectors:
                XCTFail("fetch left unanswered")
            }
        }
        throw SimulatedPhone.PhoneError.unexpected("too many rounds")
    }

    var challenge: AKAMessage? {
        requests.compactMap { try? AKAMessage(decoding: $0) }.last { $0.subtype == .challenge }
    }
}

extension Outcome {
    var acceptance: ConversationAcceptance? {
        if case .accepted(let a) = self { return a }
        return nil
    }

    var rejection: ConversationRejection? {
        if case .rejected(let r) = self { return r }
        return nil
    }

    var discardReason: String? {
        if case .discarded(let r) = self { return r }
        return nil
    }
}
