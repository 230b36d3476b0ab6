import Hummingbird
import OperatorQueries
import NIOCore
import OperatorStatus

/// JSON bodies in the one encoding of the API (StatusJSON: snake_case, RFC 3339 times).
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        do {
            return body(try StatusJSON.encode(value), status: status)
        } catch {
            return self.error(.internalServerError, code: "internal_error", message: "response could not be encoded")
        }
    }

    static func error(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        body((try? StatusJSON.encode(ErrorView(code: code, message: message))) ?? Array("{}".utf8), status: status)
    }

    private static func body(_ bytes: [UInt8], status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
