/// `TWAG_<PATH>` environment variables that override the file, for container deployments.
///
/// The path is the keys upper-cased and joined by `__`, list indices in decimal:
/// `TWAG_RADIUS__SECRET`, `TWAG_DIAMETER__PEERS__0__IP`, `TWAG_RUNTIME_DIR`. An index equal to the
/// list's length appends an entry. Values are plain YAML scalars taken verbatim (`3868`, `true`,
/// `10.0.0.5`; empty or `null` clears an optional key); a value starting with `"` or `'` is a
/// quoted YAML scalar, one starting with `[` a YAML flow list (`[10.0.0.0/8, ::1/128]`).
enum EnvironmentOverrides {
    static let prefix = "TWAG_"

    enum Segment: Comparable {
        case index(Int)
        case key(String)

        var text: String {
            switch self {
            case .index(let index): return String(index)
            case .key(let key): return key
            }
        }
    }

    struct Override {
        var variable: String
        var segments: [Segment]
        var value: String
    }

    static func apply(_ environment: [String: String], to root: inout ConfigNode) throws(ConfigurationError) {
        var overrides: [Override] = []
        for (variable, value) in environment where variable.hasPrefix(prefix) {
            overrides.append(Override(variable: variable, segments: try segments(of: variable), value: value))
        }
        // Indices ascend numerically, so `__1__` can append after `__0__`; the name breaks ties.
        overrides.sort { a, b in
            a.segments == b.segments ? a.variable < b.variable : a.segments.lexicographicallyPrecedes(b.segments)
        }
        for override in overrides {
            let value = try node(for: override)
            try set(override.segments[...], to: value, in: &root, path: "", variable: override.variable)
        }
    }

    static func segments(of variable: String) throws(ConfigurationError) -> [Segment] {
        let name = variable.dropFirst(prefix.count)
        guard name.utf8.count <= 256 else { throw .invalidOverride(variable: variable, reason: "name is too long") }
        let parts = name.split(separator: "__", omittingEmptySubsequences: false)
        var segments: [Segment] = []
        for part in parts {
            guard !part.isEmpty else {
                throw .invalidOverride(variable: variable, reason: "empty key in the name (keys are joined by a double underscore)")
            }
            if part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                guard part.utf8.count <= 6, let index = Int(part) else {
                    throw .invalidOverride(variable: variable, reason: "list index \(part) is too large")
                }
                segments.append(.index(index))
            } else {
                segments.append(.key(part.lowercased()))
            }
        }
        return segments
    }

    /// The value as a node. Bad syntax is reported without the value, which may be a secret.
    static func node(for override: Override) throws(ConfigurationError) -> ConfigNode {
        let text = override.value
        var parsed: ConfigNode
        if text.hasPrefix("[") || text.hasPrefix("\"") || text.hasPrefix("'") {
            do {
                parsed = try YAMLDocument.parse(text)
            } catch {
                throw .invalidOverride(variable: override.variable, reason: "value is not a valid YAML quoted string or flow list")
            }
            switch parsed.value {
            case .scalar: break
            case .sequence(let items) where items.allSatisfy({ if case .scalar = $0.value { return true } else { return false } }): break
            default:
                throw .invalidOverride(variable: override.variable, reason: "value must be a scalar or a flat list")
            }
        } else {
            parsed = ConfigNode(value: .scalar(text, plain: true), line: 0, variable: nil)
        }
        return marked(parsed, variable: override.variable)
    }

    private static func marked(_ node: ConfigNode, variable: String) -> ConfigNode {
        var node = node
        node.line = 0
        node.variable = variable
        if case .sequence(let items) = node.value {
            node.value = .sequence(items.map { marked($0, variable: variable) })
        }
        return node
    }

    private static func set(
        _ segments: ArraySlice<Segment>, to value: ConfigNode, in node: inout ConfigNode, path: String, variable: String
    ) throws(ConfigurationError) {
        guard let first = segments.first else {
            node = value
            return
        }
        let rest = segments.dropFirst()
        if node.isNull {
            if case .index = first {
                node.value = .sequence([])
            } else {
                node.value = .mapping([])
            }
        }
        let null = ConfigNode(value: .scalar("", plain: true), line: 0, variable: nil)
        switch node.value {
        case .mapping(var entries):
            let key = first.text
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            node.value = .mapping([])  // keeps `entries` uniquely referenced while it is edited
            if let index = entries.firstIndex(where: { $0.key == key }) {
                try set(rest, to: value, in: &entries[index].value, path: childPath, variable: variable)
            } else {
                var child = null
                try set(rest, to: value, in: &child, path: childPath, variable: variable)
                entries.append(ConfigNode.Entry(key: key, value: child, variable: variable))
            }
            node.value = .mapping(entries)
        case .sequence(var items):
            guard case .index(let index) = first else {
                throw .invalidOverride(variable: variable, reason: "\(path) is a list; \(first.text.uppercased()) is not an index")
            }
            let childPath = "\(path)[\(index)]"
            if index < items.count {
                node.value = .sequence([])
                try set(rest, to: value, in: &items[index], path: childPath, variable: variable)
                node.value = .sequence(items)
            } else if index == items.count {
                // A new element: faults in it (a missing key) are the variable's.
                var child = ConfigNode(value: .scalar("", plain: true), line: 0, variable: variable)
                try set(rest, to: value, in: &child, path: childPath, variable: variable)
                child.variable = variable
                items.append(child)
                node.value = .sequence(items)
            } else {
                throw .invalidOverride(variable: variable,
                                       reason: "index \(index) is out of range (\(path) has \(items.count) entries; the next index appends)")
            }
        case .scalar:
            throw .invalidOverride(variable: variable, reason: "\(path) is a single value; it has no key \(first.text.uppercased())")
        }
    }
}
