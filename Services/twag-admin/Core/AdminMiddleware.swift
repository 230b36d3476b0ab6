import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging

/// Headers every response carries: no framing, no sniffing, no referrer, HTTPS only, and a content
/// security policy that allows nothing but this origin (every asset is served by twag-admin).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let listener: String
    let metrics: AdminMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            // Router errors (404, 405, 413...) in the API's JSON form.
            response = JSONResponse.error(error.status, code: "http_\(error.status.code)",
                                          message: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("Request failed: \(error)")
            response = JSONResponse.error(.internalServerError, code: "internal_error", message: "internal error")
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.strictTransportSecurity] = "max-age=31536000"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        metrics.response(listener: listener, status: response.status.code)
        return response
    }
}

/// The REST API's bearer tokens (`api.tokens`): every call without a valid one gets 401 and is counted.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let tokens: [String]
    let metrics: AdminMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return refuse("missing", context: context)
        }
        // RFC 6750 2.1: "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 9110 11.1).
        let scheme = "bearer"
        let credentials = header.dropFirst(scheme.count).drop { $0 == " " }
        guard header.prefix(scheme.count).lowercased() == scheme, header.dropFirst(scheme.count).first == " ",
            SecretToken.contains(tokens, String(credentials))
        else {
            return refuse("invalid", context: context)
        }
        return try await next(request, context)
    }

    private func refuse(_ reason: String, context: Context) -> Response {
        metrics.unauthorized(reason: reason)
        context.logger.notice("API call refused: \(reason) bearer token", metadata: ["client": "\(context.clientIP)"])
        var response = JSONResponse.error(.unauthorized, code: "unauthorized",
                                          message: "a valid bearer token is required (Authorization: Bearer ...)")
        response.headers[.wwwAuthenticate] = "Bearer realm=\"twag\""
        return response
    }
}

/// The dashboard's data and actions: a logged-in session that is not idle, and for anything but
/// GET the session's CSRF token in `X-CSRF-Token`. Live page updates (`X-TWAG-Poll: 1`) do not count
/// as activity, so an unattended screen still logs out.
struct DashboardLoginMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext
    let idleTimeout: TimeInterval
    let metrics: AdminMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let now = Date()
        guard let session = context.sessions.session else {
            return JSONResponse.error(.unauthorized, code: "login_required", message: "log in first")
        }
        if session.isIdle(now: now, timeout: idleTimeout) {
            context.sessions.clearSession()
            context.logger.info("Dashboard session expired (idle)", metadata: ["user": "\(session.user)"])
            return JSONResponse.error(.unauthorized, code: "session_expired", message: "the session expired; log in again")
        }
        if request.method != .get && request.method != .head {
            guard let token = request.headers[.csrfToken], SecretToken.equal(token, session.csrfToken) else {
                metrics.csrfRejected()
                context.logger.warning("Dashboard action refused: missing or wrong CSRF token",
                                       metadata: ["user": "\(session.user)", "client": "\(context.clientIP)"])
                return JSONResponse.error(.forbidden, code: "csrf", message: "missing or wrong CSRF token")
            }
        }
        if request.headers[.poll] != "1", now.timeIntervalSince(session.lastActive) > 5 {
            var touched = session
            touched.lastActive = now
            _ = context.sessions.updateSession(touched)
        }
        var context = context
        context.logger[metadataKey: "user"] = "\(session.user)"
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let csrfToken = Self("X-CSRF-Token")!
    static let poll = Self("X-TWAG-Poll")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
