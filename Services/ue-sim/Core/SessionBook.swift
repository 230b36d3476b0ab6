import NIOConcurrencyHelpers
import NIOCore

/// The sessions the simulated AP holds open, shared by the session workers (who wait out their
/// hold here) and the DAE socket (whose Disconnect-ACKs wake them at once). The decisions are
/// `DisconnectResponder`'s; this class only adds the lock and the waiting.
public final class SessionBook: Sendable {
    /// Why a wait ended.
    public enum WaitResult: Sendable, Equatable {
        case deadline
        /// A Disconnect-Request ended the session (Admin-Reset).
        case disconnected
    }

    private struct Waiter: Sendable {
        var token: Int
        var continuation: CheckedContinuation<WaitResult, Never>
    }

    private struct State: Sendable {
        var responder: DisconnectResponder
        var waiters: [String: Waiter] = [:]
        /// Disconnected while not waiting (e.g. during an Interim-Update): the next wait returns at once.
        var disconnected: Set<String> = []
        var nextToken = 0
        /// Waits due in each tick, keyed by the tick: one timer per tick that has any, not one per
        /// wait (25,000 timers a second at 640 phones every 25 ms).
        var dueByTick: [UInt64: [(sessionID: String, token: Int)]] = [:]
    }

    private let state: NIOLockedValueBox<State>

    public init(responder: DisconnectResponder) {
        state = NIOLockedValueBox(State(responder: responder))
    }

    /// Open sessions (tests, report).
    public var openSessions: [HeldSession] {
        state.withLockedValue { Array($0.responder.sessions.values) }
    }

    public func open(_ session: HeldSession) {
        state.withLockedValue { $0.responder.open(session) }
    }

    /// The session is over (either way); forgets it.
    public func close(sessionID: String) {
        state.withLockedValue {
            $0.responder.close(sessionID: sessionID)
            $0.disconnected.remove(sessionID)
        }
    }

    /// Timer resolution: short enough that phones due in one tick arrive as they would anyway at
    /// 25,000 requests/s (2–3 per tick), long enough to share timers.
    static let tickNanoseconds: UInt64 = 100_000

    /// Waits until `deadline` (rounded up to the next tick; timer on `eventLoop`) or until a
    /// Disconnect-Request ends the session.
    public func wait(sessionID: String, until deadline: NIODeadline, on eventLoop: any EventLoop) async -> WaitResult {
        let tick = (deadline.uptimeNanoseconds + Self.tickNanoseconds - 1) / Self.tickNanoseconds
        return await withCheckedContinuation { (continuation: CheckedContinuation<WaitResult, Never>) in
            // nil: already disconnected; true: the first wait due in its tick (it sets the timer).
            let firstOfItsTick: Bool? = state.withLockedValue { state in
                if state.disconnected.remove(sessionID) != nil { return nil }
                state.nextToken += 1
                state.waiters[sessionID] = Waiter(token: state.nextToken, continuation: continuation)
                let entry = (sessionID: sessionID, token: state.nextToken)
                if state.dueByTick[tick]?.append(entry) != nil { return false }
                state.dueByTick[tick] = [entry]
                return true
            }
            guard let firstOfItsTick else {
                continuation.resume(returning: .disconnected)
                return
            }
            guard firstOfItsTick else { return }
            eventLoop.scheduleTask(deadline: .uptimeNanoseconds(tick * Self.tickNanoseconds)) { [self] in
                let due: [Waiter] = state.withLockedValue { state in
                    (state.dueByTick.removeValue(forKey: tick) ?? []).compactMap { entry in
                        guard state.waiters[entry.sessionID]?.token == entry.token else { return nil }
                        return state.waiters.removeValue(forKey: entry.sessionID)
                    }
                }
                for waiter in due { waiter.continuation.resume(returning: .deadline) }
            }
        }
    }

    /// One datagram on the DAE socket: the responder decides; ended sessions' workers are woken.
    public func receiveDisconnect(_ datagram: [UInt8], from source: String, now: NIODeadline)
        -> DisconnectResponder.Outcome
    {
        let (outcome, woken) = state.withLockedValue { state -> (DisconnectResponder.Outcome, [Waiter]) in
            let outcome = state.responder.receive(datagram, from: source, now: now)
            var woken: [Waiter] = []
            if case .reply(_, _, _, let ended) = outcome {
                for session in ended {
                    if let waiter = state.waiters.removeValue(forKey: session.sessionID) {
                        woken.append(waiter)
                    } else {
                        state.disconnected.insert(session.sessionID)
                    }
                }
            }
            return (outcome, woken)
        }
        for waiter in woken { waiter.continuation.resume(returning: .disconnected) }
        return outcome
    }
}
