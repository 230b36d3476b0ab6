/// `coa-request` (docs/ipc.md): charging-agent asks a frontend to send an RFC 5176 CoA-Request that
/// gives a session a new Session-Timeout (a new grant's lifetime). The session is named as for a
/// Disconnect-Request; the answer is a `coa-result` with the same outcomes as `disconnect-result`.
public struct IPCChangeOfAuthorization: Sendable, Equatable {
    public var session: IPCDisconnectRequest
    /// Seconds.
    public var sessionTimeout: UInt32

    public init(session: IPCDisconnectRequest, sessionTimeout: UInt32) {
        self.session = session
        self.sessionTimeout = sessionTimeout
    }

    public var fields: [IPCField] { session.fields + [IPCField(.sessionTimeout, uint32: sessionTimeout)] }

    public init(frame: IPCFrame) throws(IPCFieldError) {
        self.init(session: try IPCDisconnectRequest(frame: frame),
                  sessionTimeout: try frame.required(.sessionTimeout, frame.uint32))
    }
}
