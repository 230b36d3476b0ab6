import Diameter

/// The RTR side of the lab HSS (TS 29.273 8.1.2.4): timers that wake when a registration's RTR is
/// due, and the send with its two log lines.
extension HSSService {
    /// Wakes at the RTR's due time; the table decides whether it is still owed (a re-registration
    /// or deregistration in between has replaced or cancelled it).
    func arm(_ armed: SWxTerminationDue) {
        guard let due = armed.registration.terminationDue else { return }
        Task {
            try? await Task.sleep(until: due, clock: .continuous)
            self.sendDueTerminations()
        }
    }

    /// Sends every RTR due now, each on its own task so a silent AAA server delays no other.
    func sendDueTerminations() {
        for item in takeDueTerminations() {
            Task { await self.terminate(item) }
        }
    }

    /// One RTR: `RTR sent for <IMSI> to <aaa host>`, then `RTA from <aaa host> for <IMSI>: <code>`
    /// or `RTR for <IMSI> failed: <error>`. The registration is already cleared.
    func terminate(_ item: SWxTerminationDue) async {
        let host = item.registration.aaaHost
        guard let sender = currentRequestSender else {
            logger.error("RTR for \(item.imsi) failed: no Diameter node attached to send it")
            return
        }
        let rtr = makeTerminationRequest(item)
        logger.info("RTR sent for \(item.imsi) to \(host)")
        switch await sender(rtr) {
        case .success(let rta):
            let code = rta.outcomeCode.map { String($0) } ?? "no Result-Code"
            let line = "RTA from \(rta.originHost ?? host) for \(item.imsi): \(code)"
            if rta.resultCode == DiameterResultCode.success.rawValue {
                logger.info("\(line)")
            } else {
                logger.warning("\(line)")
            }
        case .failure(let error):
            logger.warning("RTR for \(item.imsi) failed: \(error)")
        }
    }
}
