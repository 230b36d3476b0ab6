import Foundation
import OperatorStatus

extension ChargingCoordinator {
    /// The open sessions for the operator surface, newest first, at most `limit`.
    public func reports(limit: Int = 1_000) -> [ChargingSessionReport] {
        entries.values.sorted { $0.record.createdAt > $1.record.createdAt }.prefix(limit).map { entry in
            let session = entry.session
            return ChargingSessionReport(
                sessionClass: entry.record.sessionClass, phase: session.phase.rawValue, quotaLimitOctets: session.grant?.limit,
                usedOctets: session.latest.totalOctets, reportedOctets: session.reported.totalOctets,
                finalUnits: session.grant?.isFinal ?? false, validUntil: session.grant?.validUntil, requests: session.nextNumber)
        }
    }
}
