/// Reads one mapping of the document against its schema: refuses unknown keys on creation, then
/// hands out typed values, each fault becoming a `ConfigurationError` that names the key path
/// (and the environment variable when an override produced the value).
struct ConfigReader {
    let path: String
    private let node: ConfigNode
    private let entries: [String: ConfigNode]

    /// Null (`section:` with nothing under it) reads as an empty mapping. In a mapping that
    /// `holdsSecrets`, an unknown key is named only when it is a near miss of a known key: a
    /// damaged line (`secret, value` in a flow mapping) can turn a secret into a key.
    init(_ node: ConfigNode, path: String, keys: [String], holdsSecrets: Bool = false) throws(ConfigurationError) {
        self.path = path
        self.node = node
        var entries: [String: ConfigNode] = [:]
        switch node.value {
        case .mapping(let list):
            for entry in list {
                guard keys.contains(entry.key) else {
                    var shown = Self.isPlainName(entry.key) ? entry.key : ""
                    let suggestion = shown.isEmpty ? nil : KeySuggestion.nearest(to: shown, among: keys)
                    if holdsSecrets, suggestion == nil, !shown.isEmpty { shown = ConfigurationError.hiddenKey }
                    let error = ConfigurationError.unknownKey(path: path, key: shown, suggestion: suggestion)
                    if let variable = entry.variable { throw .fromEnvironment(variable: variable, error) }
                    throw Self.attributed(error, to: entry.value)
                }
                entries[entry.key] = entry.value
            }
        case .scalar where node.isNull:
            break
        default:
            throw Self.attributed(.wrongType(path: path, expected: "a mapping", found: node.kindDescription(showValue: false)), to: node)
        }
        self.entries = entries
    }

    /// Letters, digits, `_`, `-` and `.`, at most 64: what a key (or a typo of one) looks like.
    static func isPlainName(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 64 && key.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func attributed(_ error: ConfigurationError, to node: ConfigNode) -> ConfigurationError {
        guard let variable = node.variable else { return error }
        return .fromEnvironment(variable: variable, error)
    }

    func has(_ key: String) -> Bool {
        guard let value = entries[key] else { return false }
        return !value.isNull
    }

    /// The value node, nil when absent or null.
    func node(_ key: String) -> ConfigNode? {
        guard let value = entries[key], !value.isNull else { return nil }
        return value
    }

    func missing(_ key: String, reason: String? = nil) -> ConfigurationError {
        Self.attributed(.missingKey(path: keyPath(key), reason: reason), to: node)
    }

    // MARK: Sections and lists

    func section(_ key: String, keys: [String], holdsSecrets: Bool = false) throws(ConfigurationError) -> ConfigReader {
        try ConfigReader(entries[key] ?? .emptyMapping, path: keyPath(key), keys: keys, holdsSecrets: holdsSecrets)
    }

    /// A list (null or absent = `nil`), each element read by `element` with its indexed path.
    func list<T>(
        _ key: String, maximumCount: Int, expected: String,
        element: (ConfigNode, String) throws(ConfigurationError) -> T
    ) throws(ConfigurationError) -> [T]? {
        guard let value = node(key) else { return nil }
        let path = keyPath(key)
        guard case .sequence(let items) = value.value else {
            throw Self.attributed(.wrongType(path: path, expected: expected, found: value.kindDescription(showValue: false)), to: value)
        }
        guard items.count <= maximumCount else {
            throw Self.attributed(.invalidValue(path: path, reason: "must have at most \(maximumCount) entries, got \(items.count)"), to: value)
        }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            out.append(try element(item, "\(path)[\(index)]"))
        }
        return out
    }

    // MARK: Scalars

    func string(_ key: String, default fallback: String, maximumLength: Int = 255,
                check: ((String) -> String?)? = nil) throws(ConfigurationError) -> String {
        guard let value = node(key) else { return fallback }
        return try Self.string(value, path: keyPath(key), maximumLength: maximumLength, check: check)
    }

    func requiredString(_ key: String, maximumLength: Int = 255,
                        check: ((String) -> String?)? = nil) throws(ConfigurationError) -> String {
        guard let value = node(key) else { throw missing(key) }
        return try Self.string(value, path: keyPath(key), maximumLength: maximumLength, check: check)
    }

    func optionalString(_ key: String, maximumLength: Int = 255,
                        check: ((String) -> String?)? = nil) throws(ConfigurationError) -> String? {
        guard let value = node(key) else { return nil }
        return try Self.string(value, path: keyPath(key), maximumLength: maximumLength, check: check)
    }

    /// A scalar's text; `check` returns a reason when the text is not acceptable.
    static func string(_ value: ConfigNode, path: String, maximumLength: Int,
                       check: ((String) -> String?)? = nil) throws(ConfigurationError) -> String {
        guard case .scalar(let text, _) = value.value, !value.isNull else {
            throw attributed(.wrongType(path: path, expected: "a string", found: value.kindDescription(showValue: false)), to: value)
        }
        guard !text.isEmpty else { throw attributed(.invalidValue(path: path, reason: "must not be empty"), to: value) }
        guard text.utf8.count <= maximumLength else {
            throw attributed(.invalidValue(path: path, reason: "must be at most \(maximumLength) bytes"), to: value)
        }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw attributed(.invalidValue(path: path, reason: "\(ConfigurationText.quoted(text)) contains control characters"), to: value)
        }
        if let reason = check?(text) { throw attributed(.invalidValue(path: path, reason: reason), to: value) }
        return text
    }

    /// A secret's text. Faults are described without the value.
    static func secret(_ value: ConfigNode, path: String, minimumLength: Int = 1,
                       maximumLength: Int = 256) throws(ConfigurationError) -> ConfigurationSecret {
        guard case .scalar(let text, _) = value.value, !value.isNull else {
            throw attributed(.wrongType(path: path, expected: "a string", found: value.kindDescription(showValue: false)), to: value)
        }
        guard !text.isEmpty else { throw attributed(.invalidValue(path: path, reason: "must not be empty"), to: value) }
        guard text.utf8.count >= minimumLength else {
            throw attributed(.invalidValue(path: path, reason: "must be at least \(minimumLength) bytes long"), to: value)
        }
        guard text.utf8.count <= maximumLength else {
            throw attributed(.invalidValue(path: path, reason: "must be at most \(maximumLength) bytes long"), to: value)
        }
        return ConfigurationSecret(text)
    }

    func secret(_ key: String, minimumLength: Int = 1) throws(ConfigurationError) -> ConfigurationSecret? {
        guard let value = node(key) else { return nil }
        return try Self.secret(value, path: keyPath(key), minimumLength: minimumLength)
    }

    func int(_ key: String, default fallback: Int, range: ClosedRange<Int>, unit: String = "an integer") throws(ConfigurationError) -> Int {
        guard let value = node(key) else { return fallback }
        return try Self.int(value, path: keyPath(key), range: range, unit: unit)
    }

    func optionalInt(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = node(key) else { return nil }
        return try Self.int(value, path: keyPath(key), range: range)
    }

    func port(_ key: String, default fallback: Int) throws(ConfigurationError) -> Int {
        try int(key, default: fallback, range: 1...65535)
    }

    /// Decimal integers only (`3868`, `-1`, `+5`); quoting does not matter.
    static func int(_ value: ConfigNode, path: String, range: ClosedRange<Int>, unit: String = "an integer") throws(ConfigurationError) -> Int {
        let expected = "\(unit) \(range.lowerBound)-\(range.upperBound)"
        guard case .scalar(let text, _) = value.value, !value.isNull, text.utf8.count <= 20,
              let number = Int(text), range.contains(number)
        else {
            throw attributed(.wrongType(path: path, expected: expected, found: value.kindDescription(showValue: true)), to: value)
        }
        return number
    }

    /// `true`/`false` (also `yes`/`no`/`on`/`off`), any case.
    func bool(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let value = node(key) else { return fallback }
        if case .scalar(let text, _) = value.value {
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        throw Self.attributed(.wrongType(path: keyPath(key), expected: "true or false", found: value.kindDescription(showValue: true)), to: value)
    }

    /// One of an enumeration's raw values.
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, default fallback: E) throws(ConfigurationError) -> E
    where E.RawValue == String {
        guard let value = node(key) else { return fallback }
        return try Self.choice(value, path: keyPath(key))
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ value: ConfigNode, path: String) throws(ConfigurationError) -> E
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        if case .scalar(let text, _) = value.value, let result = E(rawValue: text) { return result }
        let found = value.kindDescription(showValue: true)
        throw attributed(.invalidValue(path: path, reason: "must be \(ConfigurationText.alternatives(names)), got \(found)"), to: value)
    }
}
