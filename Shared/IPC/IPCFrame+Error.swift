extension IPCFrame {
    /// An `error` reply (docs/ipc.md: errorCode, errorMessage) to the request with `correlationID`.
    public static func error(_ code: IPCErrorCode, _ message: String, correlationID: UInt64) -> IPCFrame {
        IPCFrame(type: .error, correlationID: correlationID,
                 fields: [IPCField(.errorCode, uint32: code.rawValue), IPCField(.errorMessage, string: message)])
    }
}
