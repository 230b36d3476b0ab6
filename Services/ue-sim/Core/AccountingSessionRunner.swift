import Foundation
import NIOCore
import RADIUS

/// What one session's accounting produced, for the report.
public struct AccountingOutcome: Sendable {
    /// Milliseconds from first transmission to the verified Accounting-Response read by the socket
    /// (``RADIUSExchange/roundTrip``), per acknowledged request.
    public var latenciesMilliseconds: [Double] = []
    public var failures: [AccountingFailure] = []
    /// A Disconnect-Request ended the session.
    public var disconnected = false

    public init() {}
}

/// One accepted station's accounting as a NAS runs it: Start, the hold with Interim-Updates, Stop
/// (User-Request, or Admin-Reset at once when a Disconnect-Request ends the session).
struct AccountingSessionRunner: Sendable {
    let client: APClient
    let book: SessionBook
    let settings: AccountingSettings
    let eventLoop: any EventLoop
    /// Gets the output lines (`Accounting-Start acknowledged ...`); nil: none are even built (load runs).
    let emit: (@Sendable (String) -> Void)?

    func run(_ context: AccountingSessionContext) async -> AccountingOutcome {
        var outcome = AccountingOutcome()
        let started = NIODeadline.now()
        let id = context.sessionID.value
        let start = context.request(.start, eventTimestamp: Self.timestamp())
        // Without an acknowledged Start the server knows no session: nothing to hold or stop.
        guard await exchange(start, status: .start, sessionID: id, cause: nil, outcome: &outcome) else { return outcome }

        let session = context.heldSession
        book.open(session)
        let end = started + settings.hold()
        var nextInterim = settings.interimInterval.map { period in
            started + (settings.spreadInterims ? .nanoseconds(Int64.random(in: 1...max(1, period.nanoseconds))) : period)
        }
        var cause = AcctTerminateCause.userRequest
        while true {
            let until = nextInterim.map { min($0, end) } ?? end
            if await book.wait(sessionID: id, until: until, on: eventLoop) == .disconnected {
                cause = .adminReset
                outcome.disconnected = true
                emit?(AccountingLine.disconnected(session))
                break
            }
            guard let interim = nextInterim, interim < end, let period = settings.interimInterval else { break }
            let update = context.request(.interimUpdate, usage: usage(since: started), eventTimestamp: Self.timestamp())
            _ = await exchange(update, status: .interimUpdate, sessionID: id, cause: nil, outcome: &outcome)
            nextInterim = interim + period
        }
        book.close(sessionID: id)
        let stop = context.request(.stop, usage: usage(since: started), cause: cause, eventTimestamp: Self.timestamp())
        _ = await exchange(stop, status: .stop, sessionID: id, cause: cause, outcome: &outcome)
        return outcome
    }

    /// Sends one request (the socket retransmits it unchanged) and records the result.
    private func exchange(_ request: RADIUSPacket, status: AcctStatusType, sessionID: String,
                          cause: AcctTerminateCause?, outcome: inout AccountingOutcome) async -> Bool {
        let failure: AccountingFailure?
        var roundTrip = TimeAmount.zero
        do {
            let exchange = try await client.send(request)
            failure = exchange.reply.code == .accountingResponse ? nil : .unexpectedReply
            roundTrip = exchange.roundTrip
        } catch {
            failure = AccountingFailure(error)
        }
        if let failure {
            outcome.failures.append(failure)
            emit?(AccountingLine.notAcknowledged(status, sessionID: sessionID, failure: failure))
            return false
        }
        outcome.latenciesMilliseconds.append(Double(roundTrip.nanoseconds) / 1e6)
        emit?(AccountingLine.acknowledged(status, sessionID: sessionID, cause: cause?.description))
        return true
    }

    private func usage(since started: NIODeadline) -> (sessionTime: UInt32, counters: SessionCounters) {
        let elapsed = UInt64(max(0, (NIODeadline.now() - started).nanoseconds)) / 1_000_000
        return (UInt32(clamping: elapsed / 1_000), settings.traffic.counters(afterMilliseconds: elapsed))
    }

    /// Event-Timestamp: seconds since 1970, wall clock.
    static func timestamp() -> UInt32 {
        UInt32(clamping: Int64(Date().timeIntervalSince1970))
    }
}
