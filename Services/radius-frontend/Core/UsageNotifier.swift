import IPC
import IPCTransport
import NIOConcurrencyHelpers

/// Tells charging-agent that accounting was committed (`usage-committed`), so it reads the new usage
/// from the store at once rather than at its next periodic look. Never on the Accounting-Response's
/// path: a notification lost (agent down, restarting) costs only latency, the store has the records.
public protocol UsageNotifier: Sendable {
    func committed(recordID: Int64)
}

/// `usage-committed` over IPC, coalesced: at most one in flight, sent 10 ms after the first commit it
/// covers, and one more after it when commits arrived meanwhile (the agent scans everything new each time).
public final class IPCUsageNotifier: UsageNotifier {
    private struct State {
        var inFlight = false
        var latest: Int64 = 0
        var owed = false
    }

    private let client: IPCClient
    private let state = NIOLockedValueBox(State())

    public init(client: IPCClient) {
        self.client = client
    }

    public func committed(recordID: Int64) {
        let send = state.withLockedValue { s -> Bool in
            s.latest = max(s.latest, recordID)
            if s.inFlight {
                s.owed = true
                return false
            }
            s.inFlight = true
            return true
        }
        guard send else { return }
        Task { await self.notify() }
    }

    private func notify() async {
        while true {
            // Commits of the next few milliseconds ride the same notification (one IPC message for many
            // accounting records under load; usage that much older changes nothing for quota).
            try? await Task.sleep(for: .milliseconds(10))
            let latest = state.withLockedValue { s -> Int64 in
                s.owed = false
                return s.latest
            }
            _ = try? await client.request(.usageCommitted, fields: [IPCField(.accountingRowID, uint64: UInt64(clamping: latest))])
            let again = state.withLockedValue { s -> Bool in
                if s.owed { return true }
                s.inFlight = false
                return false
            }
            if !again { return }
        }
    }
}
