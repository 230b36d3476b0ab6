import Metrics

/// twag-admin's counters (HELP in ServiceSupport's MetricHelp).
public struct AdminMetrics: Sendable {
    public init() {}

    /// HTTP responses by listener (api, dashboard) and status class (2xx, 3xx, 4xx, 5xx).
    func response(listener: String, status: Int) {
        Counter(label: "twag_admin_http_responses_total", dimensions: [("listener", listener), ("code", "\(status / 100)xx")])
            .increment()
    }

    /// API calls refused for a missing or bad bearer token.
    func unauthorized(reason: String) {
        Counter(label: "twag_admin_api_unauthorized_total", dimensions: [("reason", reason)]).increment()
    }

    /// Dashboard logins: success, failure, throttled.
    func login(_ result: String) {
        Counter(label: "twag_admin_login_attempts_total", dimensions: [("result", result)]).increment()
    }

    /// Dashboard actions refused for a missing or wrong CSRF token.
    func csrfRejected() {
        Counter(label: "twag_admin_csrf_rejections_total").increment()
    }

    /// Operator actions (disconnect, diameter_test) by outcome.
    func action(_ action: String, result: String) {
        Counter(label: "twag_admin_actions_total", dimensions: [("action", action), ("result", result)]).increment()
    }

    /// Creates the series dashboards rely on at zero.
    func preregister() {
        for reason in ["missing", "invalid"] { _ = Counter(label: "twag_admin_api_unauthorized_total", dimensions: [("reason", reason)]) }
        for result in ["success", "failure", "throttled"] {
            _ = Counter(label: "twag_admin_login_attempts_total", dimensions: [("result", result)])
        }
        _ = Counter(label: "twag_admin_csrf_rejections_total")
    }
}
