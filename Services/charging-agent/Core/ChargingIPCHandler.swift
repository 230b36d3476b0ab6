import IPC

/// charging-agent's side of IPC: `charging-authorize` from aaa-core (answered once the CCA-I is in),
/// `usage-committed` from the frontends (acknowledged at once; it only wakes the usage scan).
public struct ChargingIPCHandler: Sendable {
    let coordinator: ChargingCoordinator

    public init(coordinator: ChargingCoordinator) {
        self.coordinator = coordinator
    }

    public func handle(_ frame: IPCFrame) async -> IPCFrame {
        switch frame.type {
        case .chargingAuthorize:
            let request: IPCChargingAuthorize
            do {
                request = try IPCChargingAuthorize(frame: frame)
            } catch {
                return IPCFrame.error(.malformedMessage, error.description, correlationID: frame.correlationID)
            }
            let decision = await coordinator.authorize(request)
            return await coordinator.result(for: decision).frame(correlationID: frame.correlationID)
        case .usageCommitted:
            let coordinator = self.coordinator
            Task { await coordinator.usageCommitted() }
            var fields: [IPCField] = []
            if let row = try? frame.uint64(.accountingRowID) { fields.append(IPCField(.accountingRowID, uint64: row)) }
            return IPCFrame(type: .usageCommittedAck, correlationID: frame.correlationID, fields: fields)
        default:
            return IPCFrame.error(.unsupportedMessage, "charging-agent does not serve \(frame.type)",
                                  correlationID: frame.correlationID)
        }
    }
}
