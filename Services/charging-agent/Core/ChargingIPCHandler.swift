import IPC

/// charging-agent's side of IPC: `charging-authorize` from aaa-core (answered once the CCA-I is in),
/// `usage-committed` from the frontends (acknowledged at once; it only wakes the usage scan).
public struct ChargingIPCHandler: Sendable {
    let coordinator: ChargingCoordinator

    public init(coordinator: ChargingCoordinator) {
        self.coordinator = coordinator
    }

    public func handle(_ frame: IPCFrame) async -> IPCFrame {
        switch Self.read(frame) {
        case .authorize(let request):
            let decision = await coordinator.authorize(request)
            return await coordinator.result(for: decision).frame(correlationID: frame.correlationID)
        case .usageCommitted(let ack):
            let coordinator = self.coordinator
            Task { await coordinator.usageCommitted() }
            return ack
        case .reply(let reply):
            return reply
        }
    }

    private enum Request {
        case authorize(IPCChargingAuthorize)
        case usageCommitted(ack: IPCFrame)
        /// Answered without the coordinator (malformed, unsupported).
        case reply(IPCFrame)
    }

    /// Decoding stays out of the async function: Swift 6.3's optimiser crashes splitting an async
    /// function that catches a typed error (coroutine splitting around the swifterror value).
    private static func read(_ frame: IPCFrame) -> Request {
        switch frame.type {
        case .chargingAuthorize:
            do {
                return .authorize(try IPCChargingAuthorize(frame: frame))
            } catch {
                return .reply(IPCFrame.error(.malformedMessage, error.description, correlationID: frame.correlationID))
            }
        case .usageCommitted:
            var fields: [IPCField] = []
            if let row = try? frame.uint64(.accountingRowID) { fields.append(IPCField(.accountingRowID, uint64: row)) }
            return .usageCommitted(ack: IPCFrame(type: .usageCommittedAck, correlationID: frame.correlationID, fields: fields))
        default:
            return .reply(IPCFrame.error(.unsupportedMessage, "charging-agent does not serve \(frame.type)",
                                         correlationID: frame.correlationID))
        }
    }
}
