import Hummingbird
import HummingbirdAuth
import NIOCore

/// Request context of the REST API.
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Request context of the dashboard: the login session (server side) and the client's address.
public struct DashboardRequestContext: SessionRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<OperatorSession>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
    }
}

extension RemoteAddressRequestContext {
    /// The client's IP for logs and login throttling ("-" if unknown).
    var clientIP: String { remoteAddress?.ipAddress ?? "-" }
}
