/// Why the subscriber file was refused. Every message names the file and, for an entry, its
/// index and IMSI; key material (k, op, opc) is never quoted, only its shape.
public enum SubscriberFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// libyaml refused the text (problem text only: Yams' own descriptions quote the document).
    case invalidYAML(path: String, line: Int, problem: String)
    /// The document is neither a list of subscribers nor a mapping with a `subscribers` list.
    case notASubscriberList(path: String)
    /// One field of entry `index` is missing, unknown or malformed.
    case invalidEntry(path: String, index: Int, imsi: String?, field: String, problem: String)
    /// The same IMSI is provisioned twice.
    case duplicateIMSI(path: String, imsi: String, firstIndex: Int, index: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read subscriber file: \(reason)"
        case .invalidYAML(let path, let line, let problem):
            return "\(path):\(line): invalid YAML: \(problem)"
        case .notASubscriberList(let path):
            return "\(path): expected a list of subscribers (or a mapping with a 'subscribers' list)"
        case .invalidEntry(let path, let index, let imsi, let field, let problem):
            let who = imsi.map { " (IMSI \($0))" } ?? ""
            return "\(path): subscribers[\(index)]\(who): \(field): \(problem)"
        case .duplicateIMSI(let path, let imsi, let firstIndex, let index):
            return "\(path): subscribers[\(index)]: IMSI \(imsi) is already provisioned by subscribers[\(firstIndex)]"
        }
    }
}
