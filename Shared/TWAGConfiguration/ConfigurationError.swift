/// Why a configuration could not be loaded. One value names one fault; `description` is the
/// operator-facing message (`key.path: what is wrong`).
///
/// Secret values never reach these cases: errors about secret keys describe the fault (its kind,
/// its length) and never echo the value.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read; `reason` is the operating system's explanation (or a size or
    /// encoding fault).
    case unreadableFile(path: String, reason: String)
    /// The text is not well-formed YAML (line and column start at 1; 0 when unknown).
    case invalidYAML(line: Int, column: Int, problem: String)
    /// The document exceeds a bound that protects the loader (size, aliases, node count).
    case tooComplex(reason: String)
    /// A mapping holds a key the schema does not know. `path` is the mapping's path ("" = top level).
    /// `key` is empty when the key is not a plain name, `hiddenKey` when it is withheld because
    /// its mapping holds secrets (a missing `:` can turn `secret value` into a key).
    case unknownKey(path: String, key: String, suggestion: String?)
    /// A required key is absent.
    case missingKey(path: String, reason: String?)
    /// A value has the wrong type or is out of range.
    case wrongType(path: String, expected: String, found: String)
    /// A value has the right type but is not acceptable.
    case invalidValue(path: String, reason: String)
    /// A `TWAG_...` environment variable cannot be applied (bad name, bad index, bad value syntax).
    case invalidOverride(variable: String, reason: String)
    /// The fault lies in a value set (or a key created) by an environment override.
    indirect case fromEnvironment(variable: String, ConfigurationError)

    /// The key path the error is about ("" when it is not about one key).
    public var path: String {
        switch self {
        case .unreadableFile, .invalidYAML, .tooComplex, .invalidOverride: return ""
        case .unknownKey(let path, let key, _):
            guard !key.isEmpty, key != Self.hiddenKey else { return path }
            return path.isEmpty ? key : "\(path).\(key)"
        case .missingKey(let path, _), .wrongType(let path, _, _), .invalidValue(let path, _): return path
        case .fromEnvironment(_, let inner): return inner.path
        }
    }

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read configuration file \(ConfigurationText.quoted(path)): \(reason)"
        case .invalidYAML(let line, let column, let problem):
            return line > 0 ? "invalid YAML at line \(line), column \(column): \(problem)" : "invalid YAML: \(problem)"
        case .tooComplex(let reason):
            return "YAML document too complex: \(reason)"
        case .unknownKey(let path, let key, let suggestion):
            let hint = suggestion.map { " (did you mean \(ConfigurationText.quoted($0))?)" } ?? ""
            if key == Self.hiddenKey {
                return Self.prefix(path) + "unknown key (not shown: this section holds secrets; is a \":\" missing?)"
            }
            guard !key.isEmpty else { return Self.prefix(path) + "unknown key that is not a plain name (is a \":\" missing?)" }
            return Self.prefix(path) + "unknown key \(ConfigurationText.quoted(key))" + hint
        case .missingKey(let path, let reason):
            return "\(path): required" + (reason.map { " (\($0))" } ?? "")
        case .wrongType(let path, let expected, let found):
            return Self.prefix(path) + "expected \(expected), got \(found)"
        case .invalidValue(let path, let reason):
            return Self.prefix(path) + reason
        case .invalidOverride(let variable, let reason):
            return "\(variable): \(reason)"
        case .fromEnvironment(let variable, let inner):
            return "\(variable): \(inner.description)"
        }
    }

    /// Stands for an unknown key withheld from messages.
    public static let hiddenKey = "\u{0}hidden"

    private static func prefix(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
}
