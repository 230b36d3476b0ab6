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

    /// Runs `work` for a new request and caches its answer; answers a finished retransmission from
    /// the cache; `drop` gets why a request is not served (overloaded, first copy still in progress).
    func serve(_ request: RADIUSPacket, from client: ClientEndpoint, now: @Sendable () -> ContinuousClock.Instant,
               answered: ([UInt8]) -> [UInt8]?, drop: (DropReason) -> [UInt8]?,
               work: () async -> [UInt8]?) async -> [UInt8]? {
        let key = DuplicateKey(client: client, identifier: request.identifier, authenticator: request.authenticator)
        let start = now()
        let maximumInFlight = self.maximumInFlight
        let admission: DuplicateCache.Lookup? = state.withLockedValue { state in
            let lookup = state.cache.begin(key, now: start)
            guard case .new = lookup else { return lookup }
            guard state.inFlight < maximumInFlight else {
                state.cache.complete(key, answer: nil, now: start)
                return nil
            }
            state.inFlight += 1
            return .new
        }
        switch admission {
        case nil:
            return drop(.overloaded)
        case .inProgress?:
            return drop(.duplicateInProgress)
        case .answered(let bytes)?:
            return answered(bytes)
        case .new?:
            let answer = await work()
            let done = now()
            state.withLockedValue { state in
                state.cache.complete(key, answer: answer, now: done)
                state.inFlight -= 1
            }
            return answer
        }
    }
}
