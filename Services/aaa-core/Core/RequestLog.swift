import Logging

/// The log of one Access-Request: aaa-core's logger and the request's context (Calling-Station-Id,
/// AP, IMSI once known), added to a line only when its level lets it out.
///
/// Setting the context as logger metadata copied and hashed a dictionary for every request even at
/// `notice`, where the info and debug lines that carry it are dropped: ≈ 2.5 % of aaa-core's CPU per
/// authentication in the profile (docs/performance.md).
struct RequestLog {
    let base: Logger
    var callingStation: String?
    var accessPoint: String?
    var imsi: String?

    init(_ base: Logger, callingStation: String?, accessPoint: String?) {
        self.base = base
        self.callingStation = callingStation
        self.accessPoint = accessPoint
    }

    func debug(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil,
               file: String = #fileID, function: String = #function, line: UInt = #line) {
        emit(.debug, message(), metadata(), file: file, function: function, line: line)
    }

    func info(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil,
              file: String = #fileID, function: String = #function, line: UInt = #line) {
        emit(.info, message(), metadata(), file: file, function: function, line: line)
    }

    func notice(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil,
                file: String = #fileID, function: String = #function, line: UInt = #line) {
        emit(.notice, message(), metadata(), file: file, function: function, line: line)
    }

    func warning(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil,
                 file: String = #fileID, function: String = #function, line: UInt = #line) {
        emit(.warning, message(), metadata(), file: file, function: function, line: line)
    }

    /// The context as metadata, added to every written line.
    var context: Logger.Metadata {
        var context: Logger.Metadata = [:]
        if let callingStation { context["calling_station"] = .string(callingStation) }
        if let accessPoint { context["ap"] = .string(accessPoint) }
        if let imsi { context["imsi"] = .string(imsi) }
        return context
    }

    private func emit(_ level: Logger.Level, _ message: @autoclosure () -> Logger.Message,
                      _ metadata: @autoclosure () -> Logger.Metadata?, file: String, function: String, line: UInt) {
        guard base.logLevel <= level else { return }
        // The line's own keys win over the context's, as metadata set on the logger would.
        let merged = context.merging(metadata() ?? [:]) { $1 }
        base.log(level: level, message(), metadata: merged, file: file, function: function, line: line)
    }
}
