import Foundation
import Hummingbird
import OperatorQueries
import Logging
import NAI
import OperatorStatus
import SessionStore

/// The operator's data and actions as JSON, mounted under `/api/v1` on the REST API (bearer token)
/// and under `/ui/api/v1` on the dashboard (login + CSRF): one set of handlers for both.
struct OperatorRoutes<Context: RequestContext>: Sendable {
    let data: OperatorData
    let metrics: AdminMetrics

    func register(on group: RouterGroup<Context>) {
        group.get("sessions") { request, context in
            await respond(context) { () throws(RouteError) in
                try await sessions(try Self.query(request))
            }
        }
        group.get("sessions/:class") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                let sessionClass = try Self.sessionClass(context)
                guard let view = try await storeCall({ () throws(SessionStoreError) in try await data.session(class: sessionClass) }) else {
                    throw RouteError.notFound("no session \(sessionClass)")
                }
                return view
            }
        }
        group.post("sessions/:class/disconnect") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                let sessionClass = try Self.sessionClass(context)
                return try await disconnect(sessionClass: sessionClass, imsi: nil, context: context)
            }
        }
        group.post("subscribers/:imsi/disconnect") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                guard let imsi = context.parameters.get("imsi")?.removingPercentEncoding, (try? IMSI(imsi)) != nil else {
                    throw RouteError.badRequest("imsi", "must be 6 to 15 digits")
                }
                return try await disconnect(sessionClass: nil, imsi: imsi, context: context)
            }
        }
        group.get("usage") { request, context in
            await respond(context) { () throws(RouteError) in
                let query = try Self.query(request)
                return try await storeCall { () throws(SessionStoreError) in try await data.usage(query) }
            }
        }
        group.get("access-points") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                return try await storeCall { () throws(SessionStoreError) in try await data.accessPoints() }
            }
        }
        group.get("clients") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                return try await storeCall { () throws(SessionStoreError) in try await data.clients() }
            }
        }
        group.get("diameter/peers") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                return await data.peers()
            }
        }
        group.post("diameter/test") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                let input = try await Self.body(DiameterTestInput.self, request)
                guard (try? IMSI(input.imsi)) != nil else { throw RouteError.badRequest("imsi", "must be 6 to 15 digits") }
                guard input.scheme == nil || input.scheme == "aka" || input.scheme == "aka_prime" else {
                    throw RouteError.badRequest("scheme", "must be aka or aka_prime")
                }
                do {
                    let report = try await data.services.diameterTest(imsi: input.imsi, akaPrime: input.scheme != "aka")
                    metrics.action("diameter_test", result: report.outcome)
                    context.logger.notice("Diameter test for \(input.imsi): \(report.outcome)")
                    return report
                } catch {
                    metrics.action("diameter_test", result: "unavailable")
                    throw RouteError.unavailable("\(error)")
                }
            }
        }
        group.get("configuration") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                return await data.configurations()
            }
        }
        group.get("status") { request, context in
            await respond(context) { () throws(RouteError) in
                try Self.noParameters(request)
                return try await storeCall { () throws(SessionStoreError) in try await data.status() }
            }
        }
    }

    private func sessions(_ query: SessionQuery) async throws(RouteError) -> SessionPageView {
        try await storeCall { () throws(SessionStoreError) in try await data.sessions(query) }
    }

    private func disconnect(sessionClass: String?, imsi: String?, context: Context) async throws(RouteError) -> DisconnectReport {
        let report: DisconnectReport
        do {
            report = try await data.services.disconnect(sessionClass: sessionClass, imsi: imsi)
        } catch {
            metrics.action("disconnect", result: "unavailable")
            throw RouteError.unavailable(error.description)
        }
        guard !report.entries.isEmpty else {
            metrics.action("disconnect", result: "not_found")
            throw RouteError.notFound("no live session matches")
        }
        for entry in report.entries { metrics.action("disconnect", result: entry.outcome) }
        context.logger.notice("Operator disconnect", metadata: [
            "target": "\(sessionClass ?? imsi ?? "-")",
            "outcomes": "\(report.entries.map { "\($0.sessionClass)=\($0.outcome)" }.joined(separator: ","))",
        ])
        return report
    }

    private func storeCall<T>(_ body: () async throws(SessionStoreError) -> T) async throws(RouteError) -> T {
        do {
            return try await body()
        } catch {
            throw RouteError.storeUnavailable(error.description)
        }
    }

    /// Runs a handler and turns its result or typed error into a JSON response.
    private func respond<T: Encodable>(_ context: Context, _ body: () async throws(RouteError) -> T) async -> Response {
        do {
            return JSONResponse.make(try await body())
        } catch {
            if case .storeUnavailable(let why) = error { context.logger.error("Store read failed: \(why)") }
            return error.response
        }
    }

    // MARK: Input

    /// Query parameters, each at most once.
    static func parameters(_ request: Request) throws(RouteError) -> [String: String] {
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            guard parameters.updateValue(String(value), forKey: String(name)) == nil else {
                throw RouteError.badRequest(String(name.prefix(64)), "given more than once")
            }
        }
        return parameters
    }

    static func query(_ request: Request) throws(RouteError) -> SessionQuery {
        let parameters = try parameters(request)
        do {
            return try SessionQuery(parameters: parameters)
        } catch {
            throw RouteError.badRequest(error.parameter, error.reason)
        }
    }

    static func noParameters(_ request: Request) throws(RouteError) {
        if let name = try parameters(request).keys.first { throw RouteError.badRequest(String(name.prefix(64)), "unknown parameter") }
    }

    static func sessionClass(_ context: Context) throws(RouteError) -> String {
        // Path parameters arrive percent-encoded ("twag%3A..." from a browser's encodeURIComponent).
        guard let value = context.parameters.get("class")?.removingPercentEncoding, (1...128).contains(value.utf8.count),
            value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { throw RouteError.badRequest("class", "must be 1 to 128 printable ASCII characters") }
        return value
    }

    static func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws(RouteError) -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 4_096)
        } catch {
            throw RouteError.tooLarge("the body must be at most 4096 bytes")
        }
        do {
            return try StatusJSON.decoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw RouteError.badRequest("body", "not the expected JSON object")
        }
    }
}

/// A handler's failure and its HTTP answer.
enum RouteError: Error, Sendable {
    case badRequest(String, String)
    case notFound(String)
    case unavailable(String)
    case storeUnavailable(String)
    case tooLarge(String)

    var response: Response {
        switch self {
        case .badRequest(let parameter, let reason):
            return JSONResponse.error(.badRequest, code: "invalid_parameter", message: "\(parameter): \(reason)")
        case .notFound(let what):
            return JSONResponse.error(.notFound, code: "not_found", message: what)
        case .unavailable(let why):
            return JSONResponse.error(.serviceUnavailable, code: "service_unavailable", message: why)
        case .tooLarge(let why):
            return JSONResponse.error(.contentTooLarge, code: "payload_too_large", message: why)
        case .storeUnavailable:
            return JSONResponse.error(.serviceUnavailable, code: "store_unavailable", message: "the session store could not be read")
        }
    }
}
