import IPC

extension IPCFrame {
    /// A reply carrying one JSON document; an `error` frame if it cannot be encoded.
    public static func document(_ value: some Encodable, type: IPCMessageType, correlationID: UInt64) -> IPCFrame {
        do {
            return IPCFrame(type: type, correlationID: correlationID,
                            fields: [IPCField(.statusDocument, bytes: try StatusJSON.encode(value))])
        } catch {
            return IPCFrame.error(.internalError, "cannot encode \(type): \(error)", correlationID: correlationID)
        }
    }

    /// The JSON document of a reply of `type`.
    public func document<Value: Decodable>(_ valueType: Value.Type, expecting type: IPCMessageType) throws(StatusDocumentError)
        -> Value
    {
        if self.type == .error {
            let message = (try? string(.errorMessage)) ?? nil
            throw .refused(message ?? "error \(((try? uint32(.errorCode)) ?? nil).map(String.init) ?? "-")")
        }
        guard self.type == type else { throw .unexpectedReply("\(self.type)") }
        guard let bytes = bytes(.statusDocument) else { throw .unexpectedReply("no document") }
        do {
            return try StatusJSON.decode(valueType, from: bytes)
        } catch {
            throw .invalidDocument("\(error)")
        }
    }
}

/// Why a status reply could not be read.
public enum StatusDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service answered with an IPC error.
    case refused(String)
    case unexpectedReply(String)
    case invalidDocument(String)

    public var description: String {
        switch self {
        case .refused(let why): return "refused: \(why)"
        case .unexpectedReply(let what): return "unexpected reply: \(what)"
        case .invalidDocument(let why): return "unreadable document: \(why)"
        }
    }
}
