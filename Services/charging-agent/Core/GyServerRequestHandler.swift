import Diameter

/// Answers the OCS's requests on Gy: RAR and ASR (RFC 4006 5.5, RFC 6733 8.5) for a session the agent
/// holds get 2001 and trigger a CCR-U or a disconnect; an unknown Session-Id gets 5002; a malformed
/// request gets the error its decoding names; any other command 3001.
public struct GyServerRequestHandler: Sendable {
    let coordinator: ChargingCoordinator
    let originHost: String
    let originRealm: String

    public init(coordinator: ChargingCoordinator, originHost: String, originRealm: String) {
        self.coordinator = coordinator
        self.originHost = originHost
        self.originRealm = originRealm
    }

    public func handle(_ message: DiameterMessage) async -> DiameterMessage {
        let identity: [DiameterAVP] = [.originHost(originHost), .originRealm(originRealm), .authApplicationId(.creditControl)]
        let request: GyServerRequest?
        do {
            request = try GyServerRequest(decoding: message)
        } catch {
            return message.answer(error: error, avps: identity)
        }
        guard let request else { return message.answer(resultCode: .commandUnsupported, avps: identity) }
        let result = await coordinator.serverRequest(request)
        return message.answer(resultCode: result, avps: identity)
    }
}
