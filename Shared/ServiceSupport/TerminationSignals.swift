import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// Waits for SIGTERM or SIGINT (installed at creation, so a signal arriving during start-up is
/// not lost; the default handlers are disabled so the process exits only through shutdown).
public final class TerminationSignals: @unchecked Sendable {
    private let state = NIOLockedValueBox<(received: Int32?, waiter: CheckedContinuation<Int32, Never>?)>((nil, nil))
    /// Kept alive for the life of the process.
    private var sources: [any DispatchSourceSignal] = []

    public init() {
        let queue = DispatchQueue(label: "twag.signals")
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [state] in
                let waiter = state.withLockedValue { state -> CheckedContinuation<Int32, Never>? in
                    if state.received == nil { state.received = number }
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume(returning: number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first termination signal (returns at once if one already arrived).
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let already = state.withLockedValue { state -> Int32? in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let already { continuation.resume(returning: already) }
        }
    }
}
