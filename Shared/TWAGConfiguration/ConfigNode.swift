import Yams

/// The document as the schema reader sees it: YAML reduced to strings, lists and mappings, each
/// node remembering whether an environment override produced it (so errors can name the
/// variable).
struct ConfigNode: Sendable {
    enum Value: Sendable {
        /// Scalar text; `plain` is false for quoted and block scalars (which are never null).
        case scalar(String, plain: Bool)
        case mapping([Entry])
        case sequence([ConfigNode])
    }

    struct Entry: Sendable {
        var key: String
        var value: ConfigNode
        /// The `TWAG_...` variable that created this key, if any.
        var variable: String? = nil
    }

    var value: Value
    /// Line in the file (1-based), 0 when the node came from the environment.
    var line: Int
    /// The `TWAG_...` variable that set this node, if any.
    var variable: String?

    static let emptyMapping = ConfigNode(value: .mapping([]), line: 0, variable: nil)

    /// YAML null: an empty plain scalar, `~`, or `null` in any of its spellings.
    var isNull: Bool {
        guard case .scalar(let text, plain: true) = value else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// How a value is described in "expected X, got Y" messages.
    func kindDescription(showValue: Bool) -> String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, _):
            if isNull { return "null" }
            guard showValue else { return "a string" }
            if Int(text) != nil, text.utf8.count <= 20 { return text }
            return ConfigurationText.quoted(text)
        }
    }
}

/// Turns YAML text into a `ConfigNode` tree, inside bounds that keep hostile text cheap.
enum YAMLDocument {
    static let maximumBytes = 4 << 20
    /// Aliases let a small document stand for an exponentially large tree; configurations have
    /// little use for them, so a handful is allowed.
    static let maximumAliases = 16
    /// Nodes after alias expansion.
    static let maximumNodes = 200_000

    static func parse(_ text: String) throws(ConfigurationError) -> ConfigNode {
        guard text.utf8.count <= maximumBytes else {
            throw .tooComplex(reason: "larger than \(maximumBytes) bytes")
        }
        guard aliasCount(text) <= maximumAliases else {
            throw .tooComplex(reason: "more than \(maximumAliases) aliases (*name)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw convert(error)
        } catch {
            throw .invalidYAML(line: 0, column: 0, problem: "unreadable document")
        }
        guard let root else { return .emptyMapping }
        var budget = maximumNodes
        return try convert(root, depth: 0, budget: &budget)
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int) throws(ConfigurationError) -> ConfigNode {
        budget -= 1
        guard budget >= 0 else { throw .tooComplex(reason: "more than \(maximumNodes) nodes") }
        guard depth < 64 else { throw .tooComplex(reason: "nested deeper than 64 levels") }
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let scalar):
            return ConfigNode(value: .scalar(scalar.string, plain: scalar.style == .plain), line: line, variable: nil)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                items.append(try convert(item, depth: depth + 1, budget: &budget))
            }
            return ConfigNode(value: .sequence(items), line: line, variable: nil)
        case .mapping(let mapping):
            var entries: [ConfigNode.Entry] = []
            entries.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw .invalidYAML(line: key.mark?.line ?? 0, column: key.mark?.column ?? 0,
                                       problem: "mapping keys must be plain names")
                }
                entries.append(ConfigNode.Entry(key: keyScalar.string, value: try convert(value, depth: depth + 1, budget: &budget)))
            }
            return ConfigNode(value: .mapping(entries), line: line, variable: nil)
        case .alias:
            throw .invalidYAML(line: line, column: node.mark?.column ?? 0, problem: "unresolved alias")
        }
    }

    /// Only libyaml's own problem texts are kept: Yams' descriptions quote the document, which
    /// may hold secrets.
    private static func convert(_ error: YamlError) -> ConfigurationError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return .invalidYAML(line: mark.line, column: mark.column, problem: problem + detail)
        case .reader(let problem, _, _, _):
            return .invalidYAML(line: 0, column: 0, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = ConfigurationText.quoted(duplicates.first ?? "")
            return .invalidYAML(line: context.mark.line, column: context.mark.column, problem: "duplicate key \(key)")
        default:
            return .invalidYAML(line: 0, column: 0, problem: "unreadable document")
        }
    }

    /// Counts `*name` tokens where a node can start (after a blank, `[`, `{`, `,`, `-`, `:`, `?`
    /// or a line start). Quotes and comments are not skipped, so the count may be high (a
    /// `" *x"` inside a string counts) but is never low, whatever the text.
    static func aliasCount(_ text: String) -> Int {
        var count = 0
        var previous: UInt8 = UInt8(ascii: "\n")
        var pendingStar = false
        for byte in text.utf8 {
            if pendingStar {
                pendingStar = false
                if !isNameTerminator(byte) { count += 1 }
            }
            if byte == UInt8(ascii: "*"), isSeparator(previous) { pendingStar = true }
            previous = byte
        }
        return count
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "["),
             UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }

    private static func isNameTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }
}
