import EAP
import EAPAKA

/// Names EAP packets the way the operator guide writes the flow ("EAP-Response/Identity",
/// "AKA-Challenge"), for the demo trace. Never includes attribute values.
public enum EAPSummary {
    public static func describe(_ eap: [UInt8]) -> String {
        guard let packet = try? EAPPacket(decoding: eap) else { return "malformed EAP" }
        switch packet.code {
        case .success: return "EAP-Success"
        case .failure: return "EAP-Failure"
        case .request, .response: break
        }
        let direction = packet.code == .request ? "Request" : "Response"
        guard let type = packet.type else { return "EAP-\(direction)" }
        guard let method = AKAMethod(eapType: type) else {
            switch type {
            case .identity: return "EAP-\(direction)/Identity"
            case .notification: return "EAP-\(direction)/Notification"
            case .nak: return "EAP-\(direction)/Nak"
            default: return "EAP-\(direction)/type \(type.rawValue)"
            }
        }
        guard let message = try? AKAMessage(packet: packet) else { return "malformed \(method.label)" }
        let name = "\(method.label)-\(message.subtype.label)"
        return packet.code == .request ? name : name + " response"
    }
}

extension AKASubtype {
    /// RFC 4187 message names without the method prefix.
    var label: String {
        switch self {
        case .challenge: return "Challenge"
        case .authenticationReject: return "Authentication-Reject"
        case .synchronizationFailure: return "Synchronization-Failure"
        case .identity: return "Identity"
        case .notification: return "Notification"
        case .reauthentication: return "Reauthentication"
        case .clientError: return "Client-Error"
        }
    }
}
