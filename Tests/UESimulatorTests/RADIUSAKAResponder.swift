import EAP
import EAPAKA
import Milenage
import NIOConcurrencyHelpers
import RADIUS

@testable import UESimulator

/// A RADIUS server in the test: verifies Access-Requests like radius-frontend would, runs the
/// `ScriptedAKAServer` per conversation (keyed by State) and answers Access-Challenge / Accept with
/// MS-MPPE keys / Reject. One HSS SQN per IMSI survives across conversations.
final class RADIUSAKAResponder: Sendable {
    private struct Conversation {
        var server: ScriptedAKAServer
        var imsi: String
    }

    private struct State {
        var conversations: [[UInt8]: Conversation] = [:]
        var sqnHE: [String: SequenceNumber] = [:]
        var nextState = 0
        var accepts = 0
        var requests: [RADIUSPacket] = []
    }

    let secret: [UInt8]
    /// Send MS-MPPE keys of a different MSK (the AP must notice).
    let corruptsMPPE: Bool
    /// Class attributes of every Access-Accept (the AP must echo them into accounting).
    let classes: [[UInt8]]
    private let state = NIOLockedValueBox(State())

    init(secret: [UInt8], corruptsMPPE: Bool = false, classes: [[UInt8]] = []) {
        self.secret = secret
        self.corruptsMPPE = corruptsMPPE
        self.classes = classes
    }

    var accepts: Int { state.withLockedValue { $0.accepts } }
    var requests: [RADIUSPacket] { state.withLockedValue { $0.requests } }

    func respond(_ datagram: [UInt8]) -> [UInt8]? {
        guard let request = try? RADIUSPacket.verifyRequest(datagram, secret: secret, requireMessageAuthenticator: true),
            let eap = request.eapMessage
        else { return nil }
        return state.withLockedValue { state -> [UInt8]? in
            state.requests.append(request)
            let key: [UInt8]
            var conversation: Conversation
            if let existing = request.state, let found = state.conversations[existing] {
                key = existing
                conversation = found
            } else {
                guard let identity = (try? EAPPacket(decoding: eap))?.responseIdentity,
                    let first = identity.first, let at = identity.firstIndex(of: "@"),
                    let hss = try? TestSIM.milenage()
                else { return nil }
                let imsi = String(identity[identity.index(after: identity.startIndex)..<at])
                let method: AKAMethod = first == "6" ? .akaPrime : .aka
                state.nextState += 1
                key = Array("conversation-\(state.nextState)".utf8)
                conversation = Conversation(
                    server: ScriptedAKAServer(hss: hss, sqnHE: state.sqnHE[imsi] ?? TestSIM.sqn(seq: 5), method: method),
                    imsi: imsi)
            }
            guard let outcome = try? conversation.server.handle(eap) else { return nil }
            var reply: RADIUSPacket
            switch outcome {
            case .request(let next):
                state.conversations[key] = conversation
                reply = RADIUSPacket.reply(to: request, code: .accessChallenge)
                reply.eapMessage = next
                reply.state = key
            case .success(let success, let msk):
                state.conversations[key] = nil
                state.sqnHE[conversation.imsi] = conversation.server.sqnHE
                state.accepts += 1
                reply = RADIUSPacket.reply(to: request, code: .accessAccept)
                reply.eapMessage = success
                reply.classes = classes
                var keys = msk
                if corruptsMPPE { keys[40] ^= 0x01 }
                guard (try? reply.addMPPEKeys(msk: keys, secret: secret, requestAuthenticator: request.authenticator)) != nil
                else { return nil }
            case .failure(let failure, _):
                state.conversations[key] = nil
                state.sqnHE[conversation.imsi] = conversation.server.sqnHE
                reply = RADIUSPacket.reply(to: request, code: .accessReject)
                reply.eapMessage = failure
            }
            return try? reply.encodeResponse(secret: secret, requestAuthenticator: request.authenticator)
        }
    }
}
