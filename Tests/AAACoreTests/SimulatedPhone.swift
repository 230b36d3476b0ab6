import EAP
import EAPAKA
import Milenage
import WireFormat

/// A phone built from the libraries: a Milenage USIM with sequence state and an EAP-AKA/AKA'
/// peer (RFC 4187 / 9048) that answers the server's requests the way a handset does.
struct SimulatedPhone {
    enum PhoneError: Error { case unexpected(String) }

    let usim: Milenage
    var sequence: USIMSequenceState
    /// Sent in EAP-Response/Identity.
    var identity: String
    /// Answers to successive AKA-Identity requests; the permanent identity once exhausted.
    var akaIdentityAnswers: [String] = []
    var permanentIdentity: String
    /// Ask for result indications.
    var wantsResultIndication = false
    /// Replace the AT_CHECKCODE the phone would send (to simulate a bidding-down attack).
    var checkcodeOverride: [UInt8]?

    private(set) var identityPackets: [[UInt8]] = []
    private(set) var lastIdentity: [UInt8] = []
    private(set) var msk: [UInt8]?
    private(set) var kAut: [UInt8]?
    private(set) var lastChallenge: AKAMessage?

    init(k: [UInt8], opc: [UInt8], identity: String, permanentIdentity: String? = nil,
         sequence: USIMSequenceState = USIMSequenceState()) throws {
        usim = try Milenage(k: k, opc: opc)
        self.sequence = sequence
        self.identity = identity
        self.permanentIdentity = permanentIdentity ?? identity
        lastIdentity = Array(identity.utf8)
    }

    /// EAP-Response/Identity to the AP's EAP-Request/Identity.
    mutating func identityResponse(identifier: UInt8) throws -> [UInt8] {
        lastIdentity = Array(identity.utf8)
        return try EAPPacket.identityResponse(identifier: identifier, identity: identity).encode()
    }

    /// The answer to one EAP-Request from the server.
    mutating func respond(to request: [UInt8]) throws -> [UInt8] {
        let packet = try EAPPacket(decoding: request)
        guard packet.code == .request else { throw PhoneError.unexpected("not a request: \(packet.code)") }
        if packet.type == .identity { return try identityResponse(identifier: packet.identifier) }
        let message = try AKAMessage(packet: packet)
        switch message.subtype {
        case .identity: return try answerIdentity(message, raw: request)
        case .challenge: return try answerChallenge(message, raw: request)
        case .notification:
            guard let kAut, AKAMAC.verify(method: message.method, kAut: kAut, packet: request) else {
                throw PhoneError.unexpected("notification AT_MAC")
            }
            return try AKAMessage(method: message.method, code: .response, identifier: message.identifier,
                                  subtype: .notification, attributes: [.mac(zeroMAC)]).encode(authenticatingWith: kAut)
        default:
            throw PhoneError.unexpected("subtype \(message.subtype)")
        }
    }

    private var zeroMAC: [UInt8] { [UInt8](repeating: 0, count: 16) }

    private mutating func answerIdentity(_ message: AKAMessage, raw: [UInt8]) throws -> [UInt8] {
        identityPackets.append(raw)
        let answer = akaIdentityAnswers.isEmpty ? permanentIdentity : akaIdentityAnswers.removeFirst()
        let response = try AKAMessage(method: message.method, code: .response, identifier: message.identifier,
                                      subtype: .identity, attributes: [.identity(Array(answer.utf8))]).encode()
        identityPackets.append(response)
        lastIdentity = Array(answer.utf8)
        return response
    }

    private mutating func answerChallenge(_ message: AKAMessage, raw: [UInt8]) throws -> [UInt8] {
        lastChallenge = message
        guard let rand = message.rand, let autn = message.autn else { throw PhoneError.unexpected("no RAND/AUTN") }
        let method = message.method
        let result: USIMAuthenticationResult
        do {
            result = try usim.verifyAUTN(rand: rand, autn: autn, state: &sequence)
        } catch .macFailure {
            return try AKAMessage(method: method, code: .response, identifier: message.identifier,
                                  subtype: .authenticationReject).encode()
        } catch .sequenceOutOfRange(let auts) {
            return try AKAMessage(method: method, code: .response, identifier: message.identifier,
                                  subtype: .synchronizationFailure, attributes: [.auts(auts)]).encode()
        } catch {
            throw PhoneError.unexpected("\(error)")
        }
        let keys: (kAut: [UInt8], msk: [UInt8])
        switch method {
        case .aka:
            let k = try AKAKeys.derive(identity: lastIdentity, ik: result.ik, ck: result.ck)
            keys = (k.kAut, k.msk)
        case .akaPrime:
            // TS 33.402 6.1: without the separation bit the peer treats AUTN as wrong.
            guard result.amf & 0x8000 != 0 else {
                return try AKAMessage(method: method, code: .response, identifier: message.identifier,
                                      subtype: .authenticationReject).encode()
            }
            guard message.kdfs.first == 1, let name = message.kdfInput else { throw PhoneError.unexpected("KDF") }
            let primed = try AKAPrimeTransformedKeys.derive(ck: result.ck, ik: result.ik, networkName: name, autn: autn)
            let k = try AKAPrimeKeys.derive(identity: lastIdentity, ikPrime: primed.ikPrime, ckPrime: primed.ckPrime)
            keys = (k.kAut, k.msk)
        }
        guard AKAMAC.verify(method: method, kAut: keys.kAut, packet: raw) else {
            throw PhoneError.unexpected("challenge AT_MAC does not verify")
        }
        let ownCheckcode = AKACheckcode.compute(method: method, identityPackets: identityPackets)
        if let received = message.checkcode, !constantTimeEquals(received, ownCheckcode) {
            throw PhoneError.unexpected("server checkcode differs from the phone's")
        }
        kAut = keys.kAut
        msk = keys.msk
        var attributes: [AKAAttribute] = [.res(bitLength: result.res.count * 8, value: result.res)]
        if message.checkcode != nil { attributes.append(.checkcode(checkcodeOverride ?? ownCheckcode)) }
        if wantsResultIndication, message.hasResultIndication { attributes.append(.resultInd) }
        attributes.append(.mac(zeroMAC))
        return try AKAMessage(method: method, code: .response, identifier: message.identifier, subtype: .challenge,
                              attributes: attributes).encode(authenticatingWith: keys.kAut)
    }
}
