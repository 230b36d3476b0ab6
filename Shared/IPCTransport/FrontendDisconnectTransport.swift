import IPC
import NIOConcurrencyHelpers

/// Why a frontend could not be asked to disconnect a session.
public enum FrontendDisconnectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No radius-frontend connected to aaa-core.
    case noFrontend
    case ipc(IPCRequestError)
    case invalidReply(String)

    public var description: String {
        switch self {
        case .noFrontend: return "no radius-frontend connected"
        case .ipc(let error): return "IPC: \(error)"
        case .invalidReply(let why): return "invalid disconnect-result: \(why)"
        }
    }
}

/// Reaches a radius-frontend to send a Disconnect-Request; behind a protocol for tests.
public protocol FrontendDisconnectTransport: Sendable {
    /// Asks `preferredFrontend` (the one that answered the AP) when connected, else any frontend.
    func disconnect(_ request: IPCDisconnectRequest, preferredFrontend: String) async throws(FrontendDisconnectError)
        -> IPCDisconnectOutcome

    /// Asks a frontend to send a CoA-Request with a new Session-Timeout.
    func changeSessionTimeout(_ change: IPCChangeOfAuthorization, preferredFrontend: String)
        async throws(FrontendDisconnectError) -> IPCDisconnectOutcome
}

extension FrontendDisconnectTransport {
    /// Transports that only disconnect (aaa-core's RTR path never changes a session).
    public func changeSessionTimeout(_ change: IPCChangeOfAuthorization, preferredFrontend: String)
        async throws(FrontendDisconnectError) -> IPCDisconnectOutcome
    {
        .failed("this transport does not send CoA-Requests")
    }
}

/// The frontends connected to aaa-core's IPC server. The server is attached after creation: it
/// serves the engine, which needs the Diameter node, whose RTR handler needs this transport.
public final class IPCServerDisconnectTransport: FrontendDisconnectTransport {
    private let box = NIOLockedValueBox<IPCServer?>(nil)
    /// Covers the frontend's own retransmissions (3 x 2 s) with room to spare.
    public let timeout: Duration

    public init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    public func attach(_ server: IPCServer) {
        box.withLockedValue { $0 = server }
    }

    public func disconnect(_ request: IPCDisconnectRequest, preferredFrontend: String) async throws(FrontendDisconnectError)
        -> IPCDisconnectOutcome
    {
        try await ask(.disconnectRequest, fields: request.fields, answer: .disconnectResult, preferredFrontend: preferredFrontend)
    }

    public func changeSessionTimeout(_ change: IPCChangeOfAuthorization, preferredFrontend: String)
        async throws(FrontendDisconnectError) -> IPCDisconnectOutcome
    {
        try await ask(.coaRequest, fields: change.fields, answer: .coaResult, preferredFrontend: preferredFrontend)
    }

    private func ask(_ type: IPCMessageType, fields: [IPCField], answer: IPCMessageType, preferredFrontend: String)
        async throws(FrontendDisconnectError) -> IPCDisconnectOutcome
    {
        guard let server = box.withLockedValue({ $0 }) else { throw .noFrontend }
        let frontends = server.connectedPeers().filter { $0.peerService == "radius-frontend" }.map(\.peerInstance)
        guard let target = frontends.first(where: { $0 == preferredFrontend }) ?? frontends.first else {
            throw .noFrontend
        }
        let reply: IPCFrame
        do {
            reply = try await server.request(to: target, type, fields: fields, timeout: timeout)
        } catch {
            throw .ipc(error)
        }
        guard reply.type == answer else { throw .invalidReply("type \(reply.type)") }
        do {
            return try IPCDisconnectOutcome(frame: reply)
        } catch {
            throw .invalidReply("\(error)")
        }
    }
}
