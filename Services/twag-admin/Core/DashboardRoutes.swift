import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOConcurrencyHelpers

/// Login, logout, the page shell and its assets. The data behind the pages is `OperatorRoutes`
/// under `/ui/api/v1`, behind `DashboardLoginMiddleware`.
struct DashboardRoutes: Sendable {
    let accounts: OperatorAccounts
    let throttle: NIOLockedValueBox<LoginThrottle>
    let metrics: AdminMetrics
    /// The login form's anti-CSRF cookie (double submit): a cross-site page cannot read it.
    static let loginCookie = "twag_login_csrf"

    /// Fields are optional so that a missing token is a CSRF refusal (403), not a malformed form.
    struct LoginForm: Decodable {
        var user: String
        var password: String
        var csrf: String?
    }

    struct LogoutForm: Decodable {
        var csrf: String?
    }

    func register(on router: Router<DashboardRequestContext>) {
        router.get("/") { _, context in
            guard let session = context.sessions.session else { return Self.redirect("/login") }
            return Self.html(DashboardPages.app(user: session.user, csrf: session.csrfToken))
        }
        router.get("/login") { request, context in
            let token = SecretToken.make()
            let expired = request.uri.queryParameters.get("expired") != nil
            var response = Self.html(DashboardPages.login(csrf: token, message: expired ? "Your session expired; log in again." : nil))
            response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 600, path: "/login", secure: true,
                                      httpOnly: true, sameSite: .strict))
            return response
        }
        router.post("/login") { request, context in
            await login(request, context: context)
        }
        router.post("/logout") { request, context in
            guard let session = context.sessions.session else { return Self.redirect("/login") }
            let form = try? await Self.form(LogoutForm.self, request)
            guard let token = form?.csrf, SecretToken.equal(token, session.csrfToken) else {
                metrics.csrfRejected()
                return Self.html(DashboardPages.login(csrf: "", message: "Refused: missing CSRF token."), status: .forbidden)
            }
            context.sessions.clearSession()
            context.logger.info("Dashboard logout", metadata: ["user": "\(session.user)"])
            return Self.redirect("/login")
        }
        // Browsers ask for it on every page: answer rather than 404 (the pages also point at an empty icon).
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/assets/app.css") { _, _ in Self.asset(DashboardAssets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(DashboardAssets.script, type: "text/javascript; charset=utf-8") }
    }

    private func login(_ request: Request, context: DashboardRequestContext) async -> Response {
        let client = context.clientIP
        guard let form = try? await Self.form(LoginForm.self, request) else {
            return Self.html(DashboardPages.login(csrf: "", message: "Malformed login."), status: .badRequest)
        }
        guard let cookie = request.cookies[Self.loginCookie], let token = form.csrf, SecretToken.equal(cookie.value, token) else {
            metrics.csrfRejected()
            context.logger.warning("Dashboard login refused: missing or wrong CSRF token", metadata: ["client": "\(client)"])
            return Self.html(DashboardPages.login(csrf: "", message: "Refused: missing CSRF token. Reload the page."),
                             status: .forbidden)
        }
        let user = String(form.user.prefix(64))
        let now = Date()
        guard throttle.withLockedValue({ $0.allows(address: client, user: user, now: now) }) else {
            metrics.login("throttled")
            context.logger.warning("Dashboard login throttled", metadata: ["user": "\(user)", "client": "\(client)"])
            return Self.html(DashboardPages.login(csrf: "", message: "Too many failed logins: try again in a few minutes."),
                             status: .tooManyRequests)
        }
        // bcrypt takes tens of milliseconds: off the event loop.
        let accounts = self.accounts
        let password = form.password
        let verified = await Task.detached { accounts.verify(user: user, password: password) }.value
        guard verified else {
            throttle.withLockedValue { $0.recordFailure(address: client, user: user, now: now) }
            metrics.login("failure")
            context.logger.warning("Dashboard login failed", metadata: ["user": "\(user)", "client": "\(client)"])
            let token = SecretToken.make()
            var response = Self.html(DashboardPages.login(csrf: token, message: "Wrong user or password."), status: .unauthorized)
            response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 600, path: "/login", secure: true,
                                      httpOnly: true, sameSite: .strict))
            return response
        }
        throttle.withLockedValue { $0.recordSuccess(address: client, user: user) }
        metrics.login("success")
        context.logger.notice("Dashboard login", metadata: ["user": "\(user)", "client": "\(client)"])
        // A new session id at every login (no fixation).
        context.sessions.createSession(OperatorSession(user: user, now: now))
        return Self.redirect("/")
    }

    static func form<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let body = try await request.body.collect(upTo: 4_096)
        return try URLEncodedFormDecoder().decode(type, from: String(buffer: body))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=300"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
