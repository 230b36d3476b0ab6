/// What remains of a conversation after its final answer, kept for `radius.duplicate_window_s`.
///
/// The AP may retransmit its last Access-Request to another radius-frontend (failover to its
/// secondary server, a restarted frontend) that has no RFC 5080 duplicate cache entry for it.
/// Replaying the stored answer gives that retransmission the same Accept (same Class, same MSK)
/// or Reject instead of "unknown conversation", without re-running the state machine, fetching
/// vectors or registering at the HSS again.
public struct FinishedConversation: Sendable {
    /// The final answer, exactly as sent.
    public enum Reply: Sendable {
        case accept(AuthAcceptance)
        case reject(eapMessage: [UInt8], reason: String)

        public var isAccept: Bool {
            if case .accept = self { return true }
            return false
        }

        /// The decision to send again.
        public var decision: AuthDecision {
            switch self {
            case .accept(let acceptance): .accept(acceptance)
            case .reject(let eap, let reason): .reject(eapMessage: eap, reason: reason)
            }
        }

        /// "accept" or "reject", for logs.
        public var kind: String {
            switch self {
            case .accept: "accept"
            case .reject: "reject"
            }
        }
    }

    /// The EAP packet of the request that got the final answer: only an identical one is a retransmission.
    public let lastResponse: [UInt8]
    public let reply: Reply

    public init(lastResponse: [UInt8], reply: Reply) {
        self.lastResponse = lastResponse
        self.reply = reply
    }
}

extension FinishedConversation: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// No MSK, no EAP bytes: the record holds key material.
    public var description: String { "FinishedConversation(\(reply.kind))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["reply": reply.kind]) }
}
