import Diameter
import Metrics

/// The operator guide's Diameter metrics; instruments are created once per label set (event loop only).
final class DiameterMetrics {
    private struct MessageKey: Hashable {
        var application: UInt32
        var command: String
        var direction: String
    }

    private var messages: [MessageKey: Counter] = [:]
    private var states: [String: Gauge] = [:]
    private var decodeErrors: [String: Counter] = [:]
    private var timeouts: [String: Counter] = [:]
    private var unanswered: [String: Counter] = [:]
    private var durations: [DurationKey: Metrics.Timer] = [:]

    private struct DurationKey: Hashable {
        var peer: String
        var command: String
    }

    /// diameter_message_count{application,command,direction}
    func count(_ message: DiameterMessage, direction: DiameterMessageEvent.Direction) {
        let key = MessageKey(application: message.applicationID,
                             command: DiameterDictionary.standard.label(for: message), direction: direction.rawValue)
        if let c = messages[key] {
            c.increment()
            return
        }
        let c = Counter(label: "diameter_message_count", dimensions: [
            ("application", DiameterDictionary.standard.applicationLabel(key.application)),
            ("command", key.command), ("direction", key.direction),
        ])
        messages[key] = c
        c.increment()
    }

    /// diameter_peer_state{peer}: 1 open, 0 otherwise.
    func peerState(_ peer: String, open: Bool) {
        let g = states[peer] ?? Gauge(label: "diameter_peer_state", dimensions: [("peer", peer)])
        states[peer] = g
        g.record(open ? 1 : 0)
    }

    /// diameter_decode_errors_total{peer}
    func decodeError(_ peer: String) {
        let c = decodeErrors[peer] ?? Counter(label: "diameter_decode_errors_total", dimensions: [("peer", peer)])
        decodeErrors[peer] = c
        c.increment()
    }

    /// diameter_request_timeouts_total{peer}
    func requestTimeout(_ peer: String) {
        let c = timeouts[peer] ?? Counter(label: "diameter_request_timeouts_total", dimensions: [("peer", peer)])
        timeouts[peer] = c
        c.increment()
    }

    /// diameter_request_duration_seconds{peer,command}: request submitted to answer received.
    func requestDuration(_ peer: String, command request: DiameterMessage, duration: Duration) {
        let key = DurationKey(peer: peer, command: DiameterDictionary.standard.label(for: request))
        let timer = durations[key] ?? Metrics.Timer(label: "diameter_request_duration_seconds",
                                                    dimensions: [("peer", key.peer), ("command", key.command)])
        durations[key] = timer
        timer.record(duration: duration)
    }

    /// diameter_unanswered_requests_total{peer}: requests whose last attempt (after the retry) got no answer.
    func unansweredRequest(_ peer: String) {
        let c = unanswered[peer] ?? Counter(label: "diameter_unanswered_requests_total", dimensions: [("peer", peer)])
        unanswered[peer] = c
        c.increment()
    }
}
