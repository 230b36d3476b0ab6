import IPC
import IPCTransport

/// What charging says about a subscriber aaa-core is about to accept.
public enum ChargingGate: Sendable, Equatable {
    /// Accept, with the limits the Accept must carry.
    case admitted(IPCChargingResult)
    case refused(ConversationRejectReason)
}

/// Asks charging-agent (the CCR-I) before an Access-Accept; behind a protocol for tests.
public protocol ChargingAuthorizer: Sendable {
    func authorize(_ request: IPCChargingAuthorize) async -> ChargingGate
}

/// `charging-authorize` over IPC. When charging-agent itself cannot be reached, the configured
/// failure handling decides, as it would for an unreachable OCS: CONTINUE admits without charging,
/// TERMINATE / RETRY_AND_TERMINATE refuse.
public struct IPCChargingAuthorizer: ChargingAuthorizer {
    let client: IPCClient
    let admitWhenUnavailable: Bool
    /// Covers the agent's Tx and one failover retry with room to spare.
    let timeout: Duration

    public init(client: IPCClient, admitWhenUnavailable: Bool, timeout: Duration) {
        self.client = client
        self.admitWhenUnavailable = admitWhenUnavailable
        self.timeout = timeout
    }

    public func authorize(_ request: IPCChargingAuthorize) async -> ChargingGate {
        let reply: IPCFrame
        do {
            reply = try await client.request(.chargingAuthorize, fields: request.fields, timeout: timeout)
        } catch {
            return unavailable("charging-agent: \(error)")
        }
        guard reply.type == .chargingAuthorizeResult, let result = try? IPCChargingResult(frame: reply) else {
            return unavailable("charging-agent answered \(reply.type)")
        }
        guard result.isAdmitted else {
            return .refused(.chargingRefused(resultCode: result.resultCode, reason: result.reason ?? "refused"))
        }
        return .admitted(result)
    }

    private func unavailable(_ why: String) -> ChargingGate {
        admitWhenUnavailable
            ? .admitted(IPCChargingResult(resultCode: IPCChargingResult.admitted, degraded: true))
            : .refused(.chargingUnavailable(why))
    }
}
