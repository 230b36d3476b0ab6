import EAP
import RADIUS
import WireFormat

/// One station's 802.1X authentication as the AP runs it: EAPOL towards the phone (`UEPeer`),
/// RADIUS towards the server. Pure: it builds Access-Requests and consumes verified replies; the
/// caller moves them over `APClient`.
public struct AuthenticationSession: Sendable {
    /// What the caller does next.
    public enum Action: Sendable {
        /// Send this Access-Request (Identifier and authenticator are the socket's business).
        case send(RADIUSPacket)
        /// The authentication is over.
        case finished(AuthenticationResult)
    }

    /// Access-Request/reply pairs allowed before the AP gives up (identity rounds + resyncs fit easily).
    public static let maximumRounds = 16

    public private(set) var ue: UEPeer
    public let accessPoint: AccessPointProfile
    public let callingStationId: String
    private let secret: [UInt8]
    /// The User-Name of every Access-Request: the identity of EAP-Response/Identity (RFC 3579 2.1).
    private var userName: String?
    private var state: [UInt8]?
    private var rounds = 0
    /// "Access-Request (EAP-Response/Identity)", "Access-Challenge (AKA-Challenge)", ... in order.
    public private(set) var trace: [String] = []

    public init(ue: UEPeer, accessPoint: AccessPointProfile, callingStationId: String, secret: [UInt8]) {
        self.ue = ue
        self.accessPoint = accessPoint
        self.callingStationId = callingStationId
        self.secret = secret
    }

    /// Association: the AP sends EAP-Request/Identity over EAPOL and relays the answer.
    public mutating func start() -> Action {
        guard let request = try? EAPPacket.identityRequest(identifier: 1).encode() else {
            return .finished(finish(.protocolError))
        }
        return relay(ue.receive(request))
    }

    /// A verified reply from the server to the last Access-Request.
    public mutating func receive(_ exchange: RADIUSExchange) -> Action {
        let reply = exchange.reply
        let eap = reply.eapMessage
        let label = eap.map(EAPSummary.describe) ?? "no EAP-Message"
        switch reply.code {
        case .accessChallenge:
            trace.append("Access-Challenge (\(label))")
            guard let eap else { return .finished(finish(.protocolError)) }
            state = reply.state
            return relay(ue.receive(eap))
        case .accessAccept:
            trace.append("Access-Accept")
            guard let eap else { return .finished(finish(.protocolError)) }
            switch ue.receive(eap) {
            case .succeeded(let msk):
                return .finished(checkKeys(reply: reply, request: exchange.request, msk: msk))
            case .failed(let reason), .abandoned(let reason):
                return .finished(finish(reason == .reject ? .protocolError : reason))
            case .respond, .discarded:
                return .finished(finish(.protocolError))
            }
        case .accessReject:
            trace.append("Access-Reject")
            if let eap, case .failed(let reason) = ue.receive(eap) { return .finished(finish(reason)) }
            return .finished(finish(.reject))
        default:
            trace.append(reply.code.description)
            return .finished(finish(.protocolError))
        }
    }

    /// The exchange failed below RADIUS (timeout, socket).
    public mutating func transportFailed(_ error: APClientError) -> AuthenticationResult {
        finish(error == .timeout ? .timeout : .transportError)
    }

    // MARK: Steps

    private mutating func relay(_ output: UEPeerOutput) -> Action {
        switch output {
        case .respond(let eap, let summary):
            rounds += 1
            guard rounds <= Self.maximumRounds else { return .finished(finish(.protocolError)) }
            if userName == nil {
                userName = (try? EAPPacket(decoding: eap))?.responseIdentity
            }
            trace.append("Access-Request (\(summary))")
            return .send(accessRequest(eap: eap))
        case .succeeded:
            return .finished(finish(.protocolError))
        case .failed(let reason), .abandoned(let reason):
            return .finished(finish(reason))
        case .discarded:
            return .finished(finish(.protocolError))
        }
    }

    /// RFC 3579 / RFC 3580 Access-Request: the NAS attributes, the echoed State and the EAP packet
    /// split to fit one attribute each. Message-Authenticator is added by the encoder, first.
    func accessRequest(eap: [UInt8]) -> RADIUSPacket {
        var packet = RADIUSPacket(code: .accessRequest, identifier: 0)
        packet.userName = userName
        packet.nasIPAddress = accessPoint.nasIPAddress
        packet.nasIdentifier = accessPoint.nasIdentifier
        packet.calledStationId = accessPoint.calledStationId
        packet.callingStationId = callingStationId
        packet.nasPortType = .wireless80211
        packet.framedMTU = accessPoint.framedMTU
        packet.serviceType = .framedUser
        packet.state = state
        packet.setEAPMessage(eap, maxFragmentSize: accessPoint.eapFragmentSize)
        return packet
    }

    /// RFC 2548 / RFC 3580: MS-MPPE-Recv-Key = MSK[0..31] (the PMK), MS-MPPE-Send-Key = MSK[32..63].
    private func checkKeys(reply: RADIUSPacket, request: RADIUSPacket, msk: [UInt8]) -> AuthenticationResult {
        let fingerprint = Array(msk.prefix(4))
        guard msk.count >= 64,
            let keys = try? reply.mppeKeys(secret: secret, requestAuthenticator: request.authenticator)
        else {
            return AuthenticationResult(failure: .mppeMissing, trace: trace, mskFingerprint: fingerprint,
                                        mppeKeysMatch: false, usim: ue.usim, userName: nil, classes: [])
        }
        let matches = constantTimeEquals(keys.recvKey, Array(msk[0..<32]))
            && constantTimeEquals(keys.sendKey, Array(msk[32..<64]))
        // RFC 2865 5.1 / 5.25: accounting uses the Accept's User-Name when it has one, and echoes its Class.
        return AuthenticationResult(failure: matches ? nil : .mppeMismatch, trace: trace, mskFingerprint: fingerprint,
                                    mppeKeysMatch: matches, usim: ue.usim, userName: reply.userName ?? userName,
                                    classes: reply.classes)
    }

    private func finish(_ failure: AuthenticationFailure) -> AuthenticationResult {
        AuthenticationResult(failure: failure, trace: trace, mskFingerprint: nil, mppeKeysMatch: nil, usim: ue.usim,
                             userName: nil, classes: [])
    }
}

/// How one authentication ended.
public struct AuthenticationResult: Sendable {
    /// nil on a verified Access-Accept whose MS-MPPE keys equal the phone's MSK.
    public let failure: AuthenticationFailure?
    /// The RADIUS messages in order (no key material).
    public let trace: [String]
    /// First 4 octets of the MSK: enough to tell runs apart, useless to an attacker.
    public let mskFingerprint: [UInt8]?
    /// Whether the Access-Accept's MS-MPPE keys equal MSK[0..31] / MSK[32..63]; nil before an Accept.
    public let mppeKeysMatch: Bool?
    /// The card after the run: its SQN record carries over to the next authentication.
    public let usim: SimulatedUSIM
    /// User-Name for accounting: the Access-Accept's, else the one the AP sent; nil unless accepted.
    public let userName: String?
    /// The Access-Accept's Class attributes in order, echoed byte for byte into accounting.
    public let classes: [[UInt8]]

    public var succeeded: Bool { failure == nil }
}
