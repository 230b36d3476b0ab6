import NIOConcurrencyHelpers
import RADIUS

/// The RFC 5080 duplicate cache and the in-flight bound of one port, behind a lock: decides whether
/// a validated request is new work, a retransmission to answer from the cache, or one to drop.
final class RequestAdmission: Sendable {
    private struct State: Sendable {
        var cache: DuplicateCache
        var inFlight = 0
    }

    private let maximumInFlight: Int
    private let state: NIOLockedValueBox<State>

    init(settings: PipelineSettings) {
        maximumInFlight = settings.maximumInFlight
        state = NIOLockedValueBox(State(cache: DuplicateCache(window: settings.duplicateWindow,
                                                              maximumEntries: settings.maximumCachedRequests)))
    }

    var inFlight: Int { state.withLockedValue { $0.inFlight } }

    /// Whether a validated request is new work (then ``finish(_:answer:now:)`` must follow), a
    /// retransmission answered before, one whose first copy is in progress, or one over the bound.
    enum Admission {
        case new(DuplicateKey)
        case answered([UInt8])
        case inProgress
        case overloaded
    }

    func admit(_ request: RADIUSPacket, from client: ClientEndpoint, now: ContinuousClock.Instant) -> Admission {
        let key = DuplicateKey(client: client, identifier: request.identifier, authenticator: request.authenticator)
        let maximumInFlight = self.maximumInFlight
        return state.withLockedValue { state in
            switch state.cache.begin(key, now: now) {
            case .inProgress: return .inProgress
            case .answered(let bytes): return .answered(bytes)
            case .new:
                guard state.inFlight < maximumInFlight else {
                    state.cache.complete(key, answer: nil, now: now)
                    return .overloaded
                }
                state.inFlight += 1
                return .new(key)
            }
        }
    }

    /// Caches the answer of an admitted request (nil: none sent, a retransmission is processed afresh).
    func finish(_ key: DuplicateKey, answer: [UInt8]?, now: ContinuousClock.Instant) {
        state.withLockedValue { state in
            state.cache.complete(key, answer: answer, now: now)
            state.inFlight -= 1
        }
    }
}
