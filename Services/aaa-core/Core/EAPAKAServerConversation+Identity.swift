import EAP
import EAPAKA
import NAI

/// Phase 1: the identity (RFC 4187 4.1, RFC 9048 3.1).
extension EAPAKAServerConversation {
    /// RFC 4187 4.1.1.x: at most three AKA-Identity rounds (any, full-auth, permanent).
    static let maximumIdentityRounds = 3

    /// EAP-Response/Identity: a usable permanent identity goes straight to the HSS.
    mutating func receiveIdentity(_ identity: [UInt8]) -> ConversationStep {
        let note = ConversationNote.identityResponse(identity: String(decoding: identity, as: UTF8.self))
        let assessment = IdentityAssessment(identity: identity, realms: settings.realms)
        switch assessment {
        case .usable(_, let imsi, let requested):
            method = chooseMethod(requested: requested)
            return fetch(identity: identity, imsi: imsi, notes: [note])
        case .unusable(let problem, let kind):
            method = chooseMethod(requested: kind.flatMap(Self.akaMethod(of:)))
            return requestIdentity(problem.firstRequest, notes: [note])
        }
    }

    /// EAP-Response/AKA-Identity carrying AT_IDENTITY.
    mutating func receiveAKAIdentity(_ packet: EAPPacket, raw: [UInt8], requested: AKAIdentityRequestKind)
        -> ConversationStep
    {
        let message: AKAMessage
        do {
            message = try AKAMessage(packet: packet)
        } catch {
            return ConversationStep(.discard(reason: "EAP-AKA message decode failure: \(error)"))
        }
        guard message.method == method else {
            return reject(.protocolViolation("response of method \(message.method.displayName) to an \(method?.displayName ?? "-") request"))
        }
        switch message.subtype {
        case .identity:
            break
        case .clientError:
            return reject(.clientError(code: message.clientErrorCode ?? 0))
        default:
            return reject(.protocolViolation("subtype \(message.subtype) in answer to AKA-Identity"))
        }
        guard let identity = message.identity else {
            return reject(.protocolViolation("AKA-Identity response without AT_IDENTITY"))
        }
        identityPackets.append(raw)
        let note = ConversationNote.identityResponse(identity: String(decoding: identity, as: UTF8.self))
        switch IdentityAssessment(identity: identity, realms: settings.realms) {
        case .usable(_, let imsi, _):
            // The method stays the one the identity exchange ran in: the checkcode covers it.
            return fetch(identity: identity, imsi: imsi, notes: [note])
        case .unusable(let problem, let kind):
            let next: AKAIdentityRequestKind
            switch (requested, kind) {
            case (.permanent, _):
                return reject(.noUsableIdentity("\(problem) after AT_PERMANENT_ID_REQ"), notes: [note])
            case (.fullAuthentication, .fastReauthentication?):
                // RFC 4187 4.1.4: a re-authentication identity is not a full-authentication identity.
                return reject(.protocolViolation("fast re-authentication identity after AT_FULLAUTH_ID_REQ"), notes: [note])
            case (.any, .fastReauthentication?):
                next = .fullAuthentication
            default:
                next = .permanent
            }
            return requestIdentity(next, notes: [note])
        }
    }

    /// Sends AKA-Identity with the given request attribute (never weaker than the last one).
    mutating func requestIdentity(_ kind: AKAIdentityRequestKind, notes: [ConversationNote]) -> ConversationStep {
        guard identityRounds < Self.maximumIdentityRounds, let method else {
            return reject(.noUsableIdentity("too many AKA-Identity rounds"), notes: notes)
        }
        let identifier = nextIdentifier
        let message = AKAMessage(method: method, code: .request, identifier: identifier, subtype: .identity,
                                 attributes: [kind.attribute])
        let bytes: [UInt8]
        do {
            bytes = try message.encode()
        } catch {
            return reject(.internalError("AKA-Identity: \(error)"), notes: notes)
        }
        identityRounds += 1
        identityPackets.append(bytes)
        phase = .akaIdentityRequested(kind)
        return send(bytes, identifier: identifier, notes: notes + [.identityRequested(kind, method: method)])
    }

    /// Records the identity and asks the HSS.
    mutating func fetch(identity: [UInt8], imsi: IMSI, notes: [ConversationNote]) -> ConversationStep {
        guard let method else { return reject(.internalError("no method chosen"), notes: notes) }
        identityBytes = identity
        self.imsi = imsi
        phase = .fetchingVectors
        return ConversationStep(.fetchVectors(VectorRequest(imsi: imsi, scheme: method, resync: nil,
                                                            realm: identityRealm)), notes: notes)
    }

    /// The leading digit decides when that method is offered; otherwise the preferred one.
    func chooseMethod(requested: AKAMethod?) -> AKAMethod {
        if let method { return method }
        if let requested, settings.offers(requested) { return requested }
        return settings.preferred
    }

    static func akaMethod(of kind: IdentityKind) -> AKAMethod? {
        switch kind.method {
        case .aka?: return .aka
        case .akaPrime?: return .akaPrime
        case .sim?, nil: return nil
        }
    }
}
