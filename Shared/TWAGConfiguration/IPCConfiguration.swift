/// The `ipc` section: the Unix-socket protocol between the services (docs/ipc.md).
public struct IPCConfiguration: Sendable, Equatable {
    /// Time to wait for a reply (`request_timeout_ms`).
    public var requestTimeoutMilliseconds: Int = 3000
    /// Largest frame accepted or sent (`max_frame_bytes`).
    public var maxFrameBytes: Int = 65_536

    public init() {}

    static let keys = ["request_timeout_ms", "max_frame_bytes"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        requestTimeoutMilliseconds = try reader.int("request_timeout_ms", default: requestTimeoutMilliseconds, range: 100...600_000)
        maxFrameBytes = try reader.int("max_frame_bytes", default: maxFrameBytes, range: 4096...(16 << 20))
    }
}
