import EAP
import EAPAKA
import Milenage
import NAI
import WireFormat

/// Phase 2: the challenge (RFC 4187 4.2 / 9.3-9.4, RFC 9048 3.2-3.3).
extension EAPAKAServerConversation {
    /// The only key derivation function defined for EAP-AKA' (RFC 5448 3.2).
    static let kdfCKPrimeIKPrime: UInt16 = 1

    /// Builds the Challenge from the first vector.
    mutating func challenge(with vectors: [AuthVector]) -> ConversationStep {
        guard let method, let imsi else { return reject(.internalError("challenge without a subscriber")) }
        guard let vector = vectors.first else { return reject(.invalidVector("the HSS returned no vector")) }
        if let defect = vector.defect { return reject(.invalidVector(defect)) }

        let keys: (kAut: [UInt8], msk: [UInt8], emsk: [UInt8])
        var attributes: [AKAAttribute] = [.rand(vector.rand), .autn(vector.autn)]
        switch method {
        case .aka:
            guard !vector.keysAreAKAPrime else {
                return reject(.invalidVector("the HSS returned CK'/IK' for EAP-AKA"))
            }
            do {
                let derived = try AKAKeys.derive(identity: identityBytes, ik: vector.ik, ck: vector.ck)
                keys = (derived.kAut, derived.msk, derived.emsk)
            } catch {
                return reject(.invalidVector("\(error)"))
            }
            if settings.offers(.akaPrime) {
                // RFC 9048 4: tells an AKA'-capable peer that it is being bid down.
                attributes.append(.bidding(supportsAKAPrime: true))
            }
        case .akaPrime:
            guard AKAPrimeTransformedKeys.amfSeparationBitIsSet(autn: vector.autn) else {
                return reject(.amfSeparationBitMissing)
            }
            var ckPrime = vector.ck
            var ikPrime = vector.ik
            do {
                if !vector.keysAreAKAPrime {
                    // Transform exactly once: the HSS gave plain CK/IK (`aka_prime_keys: derive`).
                    let transformed = try AKAPrimeTransformedKeys.derive(
                        ck: vector.ck, ik: vector.ik, networkName: settings.networkName, autn: vector.autn)
                    ckPrime = transformed.ckPrime
                    ikPrime = transformed.ikPrime
                }
                let derived = try AKAPrimeKeys.derive(identity: identityBytes, ikPrime: ikPrime, ckPrime: ckPrime)
                keys = (derived.kAut, derived.msk, derived.emsk)
            } catch {
                return reject(.invalidVector("\(error)"))
            }
            attributes.append(.kdf(Self.kdfCKPrimeIKPrime))
            attributes.append(.kdfInput(settings.networkName))
        }
        if settings.resultIndication { attributes.append(.resultInd) }
        attributes.append(.checkcode(AKACheckcode.compute(method: method, identityPackets: identityPackets)))
        attributes.append(.mac([UInt8](repeating: 0, count: AKAMAC.length)))

        let identifier = nextIdentifier
        let bytes: [UInt8]
        do {
            bytes = try AKAMessage(method: method, code: .request, identifier: identifier, subtype: .challenge,
                                   attributes: attributes).encode(authenticatingWith: keys.kAut)
        } catch {
            return reject(.internalError("AKA-Challenge: \(error)"))
        }
        phase = .challengeSent(ChallengeContext(rand: vector.rand, xres: vector.xres, kAut: keys.kAut, msk: keys.msk,
                                                emsk: keys.emsk, servingHSS: vector.servingHSS))
        return send(bytes, identifier: identifier,
                    notes: [.challengeSent(method: method, imsi: imsi, afterResynchronisation: resynchronisations > 0)])
    }

    /// The peer's answer to the Challenge.
    mutating func receiveChallengeResponse(_ packet: EAPPacket, raw: [UInt8], context: ChallengeContext)
        -> ConversationStep
    {
        guard let method, let imsi else { return reject(.internalError("challenge without a subscriber")) }
        let message: AKAMessage
        do {
            message = try AKAMessage(packet: packet)
        } catch {
            return ConversationStep(.discard(reason: "EAP-AKA message decode failure: \(error)"))
        }
        guard message.method == method else {
            return reject(.protocolViolation("response of method \(message.method.displayName) to an \(method.displayName) challenge"))
        }
        switch message.subtype {
        case .challenge:
            break
        case .synchronizationFailure:
            guard let auts = message.auts else {
                return reject(.protocolViolation("Synchronization-Failure without AT_AUTS"))
            }
            guard resynchronisations < settings.maximumResynchronisations else {
                return reject(.repeatedSynchronizationFailure, notes: [.synchronizationFailure(imsi: imsi)])
            }
            let resync: ResynchronisationInfo
            do {
                resync = try ResynchronisationInfo(rand: context.rand, auts: auts)
            } catch {
                return reject(.protocolViolation("AT_AUTS: \(error)"))
            }
            resynchronisations += 1
            phase = .fetchingVectors
            return ConversationStep(.fetchVectors(VectorRequest(imsi: imsi, scheme: method, resync: resync,
                                                                realm: identityRealm)),
                                    notes: [.synchronizationFailure(imsi: imsi)])
        case .authenticationReject:
            return reject(.peerRejectedAuthentication)
        case .clientError:
            return reject(.clientError(code: message.clientErrorCode ?? 0))
        default:
            return reject(.protocolViolation("subtype \(message.subtype) in answer to AKA-Challenge"))
        }

        // RFC 5448 3.2: AT_KDF in the response is the peer proposing another KDF; 1 is all there is.
        let kdfs = message.kdfs
        if method == .akaPrime, kdfs.contains(where: { $0 != Self.kdfCKPrimeIKPrime }) {
            return reject(.unsupportedKDF(kdfs))
        }
        // RFC 4187 9.4 / 10.15: a response whose AT_MAC does not verify is silently discarded.
        guard message.mac != nil, AKAMAC.verify(method: method, kAut: context.kAut, packet: raw) else {
            return ConversationStep(.discard(reason: "AT_MAC of the Challenge response does not verify"))
        }
        if let checkcode = message.checkcode,
            !AKACheckcode.verify(checkcode, method: method, identityPackets: identityPackets)
        {
            return reject(.checkcodeMismatch)
        }
        guard let res = message.res else {
            return reject(.protocolViolation("Challenge response without AT_RES"))
        }
        guard constantTimeEquals(res.value, context.xres) else {
            return reject(.resMismatch, notes: [.resVerificationFailed(expected: context.xres.hexString,
                                                                       received: res.value.hexString)])
        }
        if settings.resultIndication, message.hasResultIndication {
            return notifySuccess(context)
        }
        return accept(context)
    }

    /// RFC 4187 6.2: with result indications the success is confirmed by an AKA-Notification
    /// (S bit set, P bit clear, so protected by AT_MAC) before EAP-Success.
    private mutating func notifySuccess(_ context: ChallengeContext) -> ConversationStep {
        guard let method else { return reject(.internalError("no method")) }
        let identifier = nextIdentifier
        let bytes: [UInt8]
        do {
            bytes = try AKAMessage(method: method, code: .request, identifier: identifier, subtype: .notification,
                                   attributes: [.notification(.success), .mac([UInt8](repeating: 0, count: AKAMAC.length))]
            ).encode(authenticatingWith: context.kAut)
        } catch {
            return reject(.internalError("AKA-Notification: \(error)"))
        }
        phase = .notificationSent(context)
        return send(bytes, identifier: identifier)
    }

    /// The acknowledgement of the success notification.
    mutating func receiveNotificationResponse(_ packet: EAPPacket, raw: [UInt8], context: ChallengeContext)
        -> ConversationStep
    {
        guard let method else { return reject(.internalError("no method")) }
        let message: AKAMessage
        do {
            message = try AKAMessage(packet: packet)
        } catch {
            return ConversationStep(.discard(reason: "EAP-AKA message decode failure: \(error)"))
        }
        switch message.subtype {
        case .notification:
            guard message.method == method, AKAMAC.verify(method: method, kAut: context.kAut, packet: raw) else {
                return ConversationStep(.discard(reason: "AT_MAC of the Notification response does not verify"))
            }
            return accept(context)
        case .clientError:
            return reject(.clientError(code: message.clientErrorCode ?? 0))
        default:
            return reject(.protocolViolation("subtype \(message.subtype) in answer to AKA-Notification"))
        }
    }
}
