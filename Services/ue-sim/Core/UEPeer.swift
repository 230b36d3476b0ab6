import EAP
import EAPAKA
import Milenage
import WireFormat

/// The phone's EAP-AKA / EAP-AKA' peer (RFC 4187, RFC 5448 / RFC 9048) as a pure state machine:
/// it takes one EAP packet from the authenticator and returns what to send, with no I/O, so every
/// branch (identity rounds, resynchronisation, rejects) is testable against a scripted server.
public struct UEPeer: Sendable {
    /// Where the conversation stands.
    public enum Phase: Sendable, Hashable {
        case waitingForIdentityRequest
        case identifying
        case challenged
        case succeeded
        case failed
    }

    public let configuration: UEPeerConfiguration
    /// The card; its SQN record is what the caller keeps between authentications.
    public private(set) var usim: SimulatedUSIM
    public private(set) var phase: Phase = .waitingForIdentityRequest
    /// Synchronization-Failures sent in this authentication.
    public private(set) var synchronizationFailures = 0
    /// AKA-Identity rounds answered (AT_CHECKCODE covers them).
    public private(set) var identityRounds = 0
    /// The method of the accepted challenge.
    public private(set) var method: AKAMethod?

    /// Identity octets last sent (EAP-Response/Identity or AT_IDENTITY): the key derivation input.
    private var lastIdentity: [UInt8] = []
    /// Every AKA-Identity request and response, in order, for AT_CHECKCODE.
    private var identityPackets: [[UInt8]] = []
    private var seenAnyIDRequest = false
    private var seenFullAuthIDRequest = false
    private var seenPermanentIDRequest = false
    /// K_aut and MSK of the verified challenge.
    private var kAut: [UInt8]?
    private var derivedMSK: [UInt8]?
    /// The phone's own verdict when it refused the network (sent Authentication-Reject / Client-Error).
    private var localFailure: AuthenticationFailure?
    /// Last request answered and the answer, to repeat it on a retransmitted request (RFC 3748 4.1).
    private var lastRequest: [UInt8]?
    private var lastResponse: (eap: [UInt8], summary: String)?

    public init(configuration: UEPeerConfiguration, usim: SimulatedUSIM) {
        self.configuration = configuration
        self.usim = usim
    }

    /// The MSK, available once EAP-Success followed a verified challenge.
    public var msk: [UInt8]? { phase == .succeeded ? derivedMSK : nil }

    /// Handles one EAP packet from the authenticator.
    public mutating func receive(_ eap: [UInt8]) -> UEPeerOutput {
        guard phase != .succeeded, phase != .failed else { return .discarded("conversation already ended") }
        let packet: EAPPacket
        do {
            packet = try EAPPacket(decoding: eap)
        } catch {
            return .discarded("malformed EAP packet: \(error)")
        }
        switch packet.code {
        case .success:
            return receiveSuccess()
        case .failure:
            phase = .failed
            return .failed(localFailure ?? .reject)
        case .response:
            return .discarded("EAP-Response sent to the peer")
        case .request:
            break
        }
        if let lastRequest, let lastResponse, lastRequest == eap {
            return .respond(eap: lastResponse.eap, summary: lastResponse.summary)
        }
        let output = receiveRequest(packet, bytes: eap)
        if case .respond(let response, let summary) = output {
            lastRequest = eap
            lastResponse = (response, summary)
        }
        return output
    }

    // MARK: Requests

    private mutating func receiveRequest(_ packet: EAPPacket, bytes: [UInt8]) -> UEPeerOutput {
        guard let type = packet.type else { return .discarded("request without a type") }
        switch type {
        case .identity:
            return answerIdentityRequest(identifier: packet.identifier)
        case .notification:
            return respond(try EAPPacket(code: .response, identifier: packet.identifier, type: .notification).encode(),
                           summary: "EAP-Response/Notification")
        default:
            break
        }
        guard let method = AKAMethod(eapType: type), configuration.supportedMethods.contains(method) else {
            return refuseMethod(identifier: packet.identifier)
        }
        let message: AKAMessage
        do {
            message = try AKAMessage(packet: packet)
        } catch {
            return clientError(method: method, identifier: packet.identifier, reason: .protocolError)
        }
        switch message.subtype {
        case .identity:
            return answerAKAIdentity(message, bytes: bytes)
        case .challenge:
            return answerChallenge(message, bytes: bytes)
        case .notification:
            return answerNotification(message, bytes: bytes)
        case .reauthentication, .authenticationReject, .synchronizationFailure, .clientError:
            // No re-authentication identity was ever offered, and the others are peer-to-server only.
            return clientError(method: method, identifier: packet.identifier, reason: .protocolError)
        }
    }

    private mutating func answerIdentityRequest(identifier: UInt8) -> UEPeerOutput {
        let identity = configuration.anonymousIdentity ?? configuration.permanentIdentity
        lastIdentity = Array(identity.utf8)
        phase = .identifying
        return respond(try EAPPacket.identityResponse(identifier: identifier, identity: identity).encode(),
                       summary: "EAP-Response/Identity")
    }

    /// Legacy Nak listing what the phone implements (RFC 3748 5.3.1).
    private mutating func refuseMethod(identifier: UInt8) -> UEPeerOutput {
        localFailure = .methodRefused
        let desired: [EAPType] = AKAMethod.allCases.reversed().filter(configuration.supportedMethods.contains)
            .map(\.eapType)
        return respond(try EAPPacket.nak(identifier: identifier, desiredTypes: desired).encode(), summary: "EAP-Response/Nak")
    }

    /// AKA-Identity (RFC 4187 4.1.6): ANY, then FULLAUTH, then PERMANENT may each come once, in that
    /// order; the phone has no pseudonym or re-authentication identity, so it always gives the
    /// permanent one.
    private mutating func answerAKAIdentity(_ message: AKAMessage, bytes: [UInt8]) -> UEPeerOutput {
        let attributes = message.attributes
        let permanent = attributes.contains(.permanentIDReq)
        let fullAuth = attributes.contains(.fullAuthIDReq)
        let any = attributes.contains(.anyIDReq)
        let requests = [permanent, fullAuth, any].filter { $0 }.count
        let outOfOrder =
            seenPermanentIDRequest || (any && (seenAnyIDRequest || seenFullAuthIDRequest))
            || (fullAuth && seenFullAuthIDRequest)
        guard requests == 1, !outOfOrder, message.mac == nil, identityRounds < 3 else {
            return clientError(method: message.method, identifier: message.identifier, reason: .protocolError)
        }
        seenPermanentIDRequest = seenPermanentIDRequest || permanent
        seenFullAuthIDRequest = seenFullAuthIDRequest || fullAuth
        seenAnyIDRequest = seenAnyIDRequest || any
        if let method, method != message.method { identityPackets.removeAll() }
        method = message.method
        let identity = Array(configuration.permanentIdentity.utf8)
        let response = AKAMessage(
            method: message.method, code: .response, identifier: message.identifier, subtype: .identity,
            attributes: [.identity(identity)])
        guard let encoded = try? response.encode() else {
            return clientError(method: message.method, identifier: message.identifier, reason: .protocolError)
        }
        identityRounds += 1
        lastIdentity = identity
        identityPackets.append(bytes)
        identityPackets.append(encoded)
        phase = .identifying
        return respond(encoded, summary: "\(message.method.label)-Identity response")
    }

    private mutating func answerChallenge(_ message: AKAMessage, bytes: [UInt8]) -> UEPeerOutput {
        if configuration.abandonsAtChallenge { return .abandoned(.abandonedAtChallenge) }
        let method = message.method
        let identifier = message.identifier
        if let previous = self.method, previous != method { identityPackets.removeAll() }
        self.method = method
        guard let rand = message.rand, let autn = message.autn, message.mac != nil else {
            return clientError(method: method, identifier: identifier, reason: .protocolError)
        }
        var networkName: [UInt8] = []
        if method == .akaPrime {
            // RFC 5448 3.2: KDF 1 is the only one this phone implements; no negotiation.
            guard message.kdfs.first == 1, let name = message.kdfInput, !name.isEmpty,
                configuration.expectedNetworkName.map({ $0 == name }) ?? true
            else {
                return authenticationReject(method: method, identifier: identifier, reason: .unsupportedKDF)
            }
            networkName = name
        }

        let result: USIMAuthenticationResult
        do {
            result = try usim.authenticate(rand: rand, autn: autn)
        } catch .sequenceOutOfRange(let auts) {
            return synchronizationFailure(message, auts: auts)
        } catch .macFailure {
            return authenticationReject(method: method, identifier: identifier, reason: .macFailure)
        } catch {
            return clientError(method: method, identifier: identifier, reason: .protocolError)
        }
        // TS 33.402 6.1: an EAP-AKA' vector must come from an HSS that knows it is for non-3GPP access.
        if method == .akaPrime && result.amf & 0x8000 == 0 {
            return authenticationReject(method: method, identifier: identifier, reason: .amfSeparationBit)
        }

        let keys: (kAut: [UInt8], msk: [UInt8])
        do {
            switch method {
            case .aka:
                let derived = try AKAKeys.derive(identity: lastIdentity, ik: result.ik, ck: result.ck)
                keys = (derived.kAut, derived.msk)
            case .akaPrime:
                let primes = try AKAPrimeTransformedKeys.derive(
                    ck: result.ck, ik: result.ik, networkName: networkName, autn: autn)
                let derived = try AKAPrimeKeys.derive(
                    identity: lastIdentity, ikPrime: primes.ikPrime, ckPrime: primes.ckPrime)
                keys = (derived.kAut, derived.msk)
            }
        } catch {
            return clientError(method: method, identifier: identifier, reason: .protocolError)
        }
        // RFC 4187 6.3.1: a Challenge with a wrong AT_MAC is answered with Client-Error. A phone
        // injected with `skipsNetworkAuthentication` trusts the network blindly, so its wrong keys
        // reach the server.
        guard usim.skipsNetworkAuthentication || AKAMAC.verify(method: method, kAut: keys.kAut, packet: bytes) else {
            return clientError(method: method, identifier: identifier, reason: .macFailure)
        }
        // RFC 5448 section 4 (bidding down): AT_BIDDING is trusted only once AT_MAC verified.
        if method == .aka && message.biddingIndicatesAKAPrime && configuration.supportedMethods.contains(.akaPrime) {
            return authenticationReject(method: method, identifier: identifier, reason: .biddingDown)
        }
        if let received = message.checkcode,
            !AKACheckcode.verify(received, method: method, identityPackets: identityPackets)
        {
            return clientError(method: method, identifier: identifier, reason: .checkcodeMismatch)
        }

        var res = result.res
        if configuration.corruptsRES, let last = res.indices.last { res[last] ^= 0x01 }
        var attributes: [AKAAttribute] = [.res(bitLength: res.count * 8, value: res)]
        if message.checkcode != nil || identityRounds > 0 {
            attributes.append(.checkcode(AKACheckcode.compute(method: method, identityPackets: identityPackets)))
        }
        if message.hasResultIndication { attributes.append(.resultInd) }
        attributes.append(.mac([UInt8](repeating: 0, count: AKAMAC.length)))
        let response = AKAMessage(
            method: method, code: .response, identifier: identifier, subtype: .challenge, attributes: attributes)
        guard let encoded = try? response.encode(authenticatingWith: keys.kAut) else {
            return clientError(method: method, identifier: identifier, reason: .protocolError)
        }
        kAut = keys.kAut
        derivedMSK = keys.msk
        phase = .challenged
        return respond(encoded, summary: "\(method.label)-Challenge response")
    }

    /// Synchronization-Failure with AT_AUTS (and, for EAP-AKA', the AT_KDF in use, RFC 9048 3.2).
    private mutating func synchronizationFailure(_ message: AKAMessage, auts: [UInt8]) -> UEPeerOutput {
        synchronizationFailures += 1
        guard synchronizationFailures <= configuration.maximumSynchronizationFailures else {
            phase = .failed
            return .abandoned(.syncFailureLoop)
        }
        var attributes: [AKAAttribute] = [.auts(auts)]
        if message.method == .akaPrime { attributes.append(.kdf(1)) }
        let response = AKAMessage(
            method: message.method, code: .response, identifier: message.identifier,
            subtype: .synchronizationFailure, attributes: attributes)
        guard let encoded = try? response.encode() else {
            return clientError(method: message.method, identifier: message.identifier, reason: .protocolError)
        }
        return respond(encoded, summary: "\(message.method.label)-Synchronization-Failure")
    }

    /// AKA-Notification (RFC 4187 6.1): after the challenge (P bit clear) it must carry a valid AT_MAC,
    /// and the response carries one too.
    private mutating func answerNotification(_ message: AKAMessage, bytes: [UInt8]) -> UEPeerOutput {
        guard let code = message.notification else {
            return clientError(method: message.method, identifier: message.identifier, reason: .protocolError)
        }
        var attributes: [AKAAttribute] = []
        var key: [UInt8]?
        if !code.isBeforeChallenge {
            guard let kAut, phase == .challenged, AKAMAC.verify(method: message.method, kAut: kAut, packet: bytes)
            else {
                return clientError(method: message.method, identifier: message.identifier, reason: .protocolError)
            }
            attributes.append(.mac([UInt8](repeating: 0, count: AKAMAC.length)))
            key = kAut
        }
        if !code.isSuccess { localFailure = localFailure ?? .reject }
        let response = AKAMessage(
            method: message.method, code: .response, identifier: message.identifier, subtype: .notification,
            attributes: attributes)
        let encoded: [UInt8]?
        if let key {
            encoded = try? response.encode(authenticatingWith: key)
        } else {
            encoded = try? response.encode()
        }
        guard let encoded else {
            return clientError(method: message.method, identifier: message.identifier, reason: .protocolError)
        }
        return respond(encoded, summary: "\(message.method.label)-Notification response")
    }

    private mutating func receiveSuccess() -> UEPeerOutput {
        guard phase == .challenged, let derivedMSK else {
            // EAP-Success before the network proved itself must not open the link (RFC 3748 4.2).
            phase = .failed
            return .failed(localFailure ?? .protocolError)
        }
        phase = .succeeded
        return .succeeded(msk: derivedMSK)
    }

    // MARK: Refusals

    private mutating func authenticationReject(method: AKAMethod, identifier: UInt8, reason: AuthenticationFailure)
        -> UEPeerOutput
    {
        localFailure = reason
        let message = AKAMessage(method: method, code: .response, identifier: identifier, subtype: .authenticationReject)
        guard let encoded = try? message.encode() else { return .abandoned(reason) }
        return respond(encoded, summary: "\(method.label)-Authentication-Reject")
    }

    /// Client-Error "unable to process packet" (code 0), the only code EAP-AKA defines.
    private mutating func clientError(method: AKAMethod, identifier: UInt8, reason: AuthenticationFailure)
        -> UEPeerOutput
    {
        localFailure = localFailure ?? reason
        let message = AKAMessage(
            method: method, code: .response, identifier: identifier, subtype: .clientError,
            attributes: [.clientErrorCode(0)])
        guard let encoded = try? message.encode() else { return .abandoned(reason) }
        return respond(encoded, summary: "\(method.label)-Client-Error")
    }

    private func respond(_ build: @autoclosure () throws -> [UInt8], summary: String) -> UEPeerOutput {
        guard let eap = try? build() else { return .abandoned(.protocolError) }
        return .respond(eap: eap, summary: summary)
    }
}

extension AKAMethod {
    /// "AKA" or "AKA'" as message names are written in traces.
    var label: String { self == .aka ? "AKA" : "AKA'" }
}
