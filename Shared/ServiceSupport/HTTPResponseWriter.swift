import NIOCore
import NIOHTTP1

/// One complete HTTP/1.x response (head, body, end) for the small management endpoints (metrics, lab
/// control APIs); the connection is closed after it unless the request asked to keep it alive.
public enum HTTPResponseWriter {
    public static func respond(context: ChannelHandlerContext, to head: HTTPRequestHead, status: HTTPResponseStatus,
                               body: [UInt8], contentType: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(responseHead)), promise: nil)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                      promise: nil)
        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        let channel = context.channel
        if !keepAlive { done.whenComplete { _ in channel.close(promise: nil) } }
    }
}
