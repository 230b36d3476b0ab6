import EAP
import EAPAKA
import Milenage
import WireFormat

@testable import UESimulator

/// A minimal EAP-AKA / EAP-AKA' server (AAA + HSS in one) written in the test with the libraries,
/// so the phone is checked against an independent counterpart rather than against itself.
struct ScriptedAKAServer {
    enum Verdict: Equatable {
        case success
        case resMismatch
        case macFailure
        case checkcodeMismatch
        case authenticationReject
        case clientError
        case unexpected(String)
    }

    enum Reply {
        case request([UInt8])
        case success(eap: [UInt8], msk: [UInt8])
        case failure(eap: [UInt8], verdict: Verdict)
    }

    let hss: Milenage
    var sqnHE: SequenceNumber
    var amf: UInt16 = 0x8000
    var method: AKAMethod
    /// Ask for an identity with this attribute before the challenge (AT_PERMANENT_ID_REQ, ...).
    var identityRequest: AKAAttribute?
    /// Put AT_BIDDING with the D bit into EAP-AKA challenges.
    var bidding = false
    var kdfs: [UInt16] = [1]
    var networkName = Array("WLAN".utf8)
    var resultIndication = false
    /// Ignore AUTS (never resynchronise), to provoke a sync-failure loop.
    var ignoresAUTS = false
    /// Corrupt the checkcode the server sends.
    var corruptsCheckcode = false

    private(set) var identity: [UInt8] = []
    private(set) var identityPackets: [[UInt8]] = []
    private(set) var synchronizations = 0
    private(set) var challenges = 0
    private var identifier: UInt8 = 10
    private var kAut: [UInt8] = []
    private var msk: [UInt8] = []
    private var xres: [UInt8] = []
    private var rand: [UInt8] = []
    private var notified = false

    init(hss: Milenage, sqnHE: SequenceNumber, method: AKAMethod) {
        self.hss = hss
        self.sqnHE = sqnHE
        self.method = method
    }

    mutating func handle(_ eap: [UInt8]) throws -> Reply {
        let packet = try EAPPacket(decoding: eap)
        if let identityText = packet.responseIdentityBytes {
            identity = identityText
            if let identityRequest {
                return .request(try akaIdentityRequest(identityRequest))
            }
            return .request(try challenge())
        }
        let message = try AKAMessage(packet: packet)
        switch message.subtype {
        case .identity:
            identityPackets.append(eap)
            identity = message.identity ?? []
            return .request(try challenge())
        case .synchronizationFailure:
            synchronizations += 1
            if !ignoresAUTS, let auts = message.auts {
                sqnHE = try hss.recoverSQN(rand: rand, auts: auts)
            }
            return .request(try challenge())
        case .authenticationReject:
            return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(), verdict: .authenticationReject)
        case .clientError:
            return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(), verdict: .clientError)
        case .notification:
            guard AKAMAC.verify(method: method, kAut: kAut, packet: eap) else {
                return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(), verdict: .macFailure)
            }
            return .success(eap: EAPPacket.success(identifier: message.identifier).encode(), msk: msk)
        case .challenge:
            guard AKAMAC.verify(method: method, kAut: kAut, packet: eap) else {
                return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(), verdict: .macFailure)
            }
            if !identityPackets.isEmpty {
                guard let checkcode = message.checkcode,
                    AKACheckcode.verify(checkcode, method: method, identityPackets: identityPackets)
                else {
                    return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(), verdict: .checkcodeMismatch)
                }
            }
            guard let res = message.res, constantTimeEquals(res.value, xres) else {
                return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(), verdict: .resMismatch)
            }
            if resultIndication && message.hasResultIndication && !notified {
                notified = true
                identifier &+= 1
                let notification = AKAMessage(
                    method: method, code: .request, identifier: identifier, subtype: .notification,
                    attributes: [.notification(.success), .mac([UInt8](repeating: 0, count: 16))])
                return .request(try notification.encode(authenticatingWith: kAut))
            }
            return .success(eap: EAPPacket.success(identifier: message.identifier).encode(), msk: msk)
        default:
            return .failure(eap: EAPPacket.failure(identifier: message.identifier).encode(),
                            verdict: .unexpected("\(message.subtype)"))
        }
    }

    private mutating func akaIdentityRequest(_ attribute: AKAAttribute) throws -> [UInt8] {
        identifier &+= 1
        let bytes = try AKAMessage(method: method, code: .request, identifier: identifier, subtype: .identity,
                                   attributes: [attribute]).encode()
        identityPackets.append(bytes)
        return bytes
    }

    private mutating func challenge() throws -> [UInt8] {
        challenges += 1
        identifier &+= 1
        guard let next = SequenceNumberScheme.standard.next(after: sqnHE) else { throw ServerError.sqnExhausted }
        sqnHE = next
        var generator = SystemRandomNumberGenerator()
        rand = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let vector = try hss.generateVector(rand: rand, sqn: sqnHE, amf: amf)
        xres = vector.xres
        var attributes: [AKAAttribute] = [.rand(vector.rand), .autn(vector.autn)]
        switch method {
        case .aka:
            let keys = try AKAKeys.derive(identity: identity, ik: vector.ik, ck: vector.ck)
            kAut = keys.kAut
            msk = keys.msk
            if bidding { attributes.append(.bidding(supportsAKAPrime: true)) }
        case .akaPrime:
            let primes = try AKAPrimeTransformedKeys.derive(
                ck: vector.ck, ik: vector.ik, networkName: networkName, autn: vector.autn)
            let keys = try AKAPrimeKeys.derive(identity: identity, ikPrime: primes.ikPrime, ckPrime: primes.ckPrime)
            kAut = keys.kAut
            msk = keys.msk
            attributes.append(contentsOf: kdfs.map { .kdf($0) })
            attributes.append(.kdfInput(networkName))
        }
        if !identityPackets.isEmpty {
            var checkcode = AKACheckcode.compute(method: method, identityPackets: identityPackets)
            if corruptsCheckcode, !checkcode.isEmpty { checkcode[0] ^= 0xFF }
            attributes.append(.checkcode(checkcode))
        }
        if resultIndication { attributes.append(.resultInd) }
        attributes.append(.mac([UInt8](repeating: 0, count: 16)))
        return try AKAMessage(method: method, code: .request, identifier: identifier, subtype: .challenge,
                              attributes: attributes).encode(authenticatingWith: kAut)
    }

    enum ServerError: Error { case sqnExhausted }
}

/// TS 35.208 test set 1 key material.
enum TestSIM {
    static let k: [UInt8] = [UInt8](hex: "465b5ce8b199b49faa5f0a2ee238a6bc") ?? []
    static let opc: [UInt8] = [UInt8](hex: "cd63cb71954a9f4e48a5994e37a02baf") ?? []
    static let imsi = "001010123456789"
    static let akaIdentity = "0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org"
    static let akaPrimeIdentity = "6001010123456789@wlan.mnc001.mcc001.3gppnetwork.org"

    static func milenage(wrongK: Bool = false) throws -> Milenage {
        var key = k
        if wrongK { key[0] ^= 0x80 }
        return try Milenage(k: key, opc: opc)
    }

    /// A card that has accepted SEQ `seq` (IND 0).
    static func usim(seq: UInt64 = 1, wrongK: Bool = false, skipsNetworkAuthentication: Bool = false) throws -> SimulatedUSIM {
        let initial = SequenceNumberScheme.standard.make(seq: seq, ind: 0) ?? .zero
        return SimulatedUSIM(
            milenage: try milenage(wrongK: wrongK), sequenceState: USIMSequenceState(initial: initial),
            skipsNetworkAuthentication: skipsNetworkAuthentication)
    }

    /// SQN_HE with SEQ `seq`.
    static func sqn(seq: UInt64) -> SequenceNumber {
        SequenceNumberScheme.standard.make(seq: seq, ind: 0) ?? .zero
    }
}
