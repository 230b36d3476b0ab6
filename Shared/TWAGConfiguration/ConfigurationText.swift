/// Rendering of operator-supplied text inside messages: quoted, escaped, and bounded so a hostile
/// file cannot make a log line arbitrarily long or inject control characters.
enum ConfigurationText {
    static let maximumShownCharacters = 64

    /// `"text"` with quotes, backslashes and control characters escaped, cut at 64 characters.
    static func quoted(_ text: some StringProtocol) -> String {
        var out = "\""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == maximumShownCharacters {
                out += "..."
                break
            }
            shown += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// "a or b", "one of a, b or c".
    static func alternatives(_ values: [String]) -> String {
        switch values.count {
        case 0: return "nothing"
        case 1: return values[0]
        case 2: return "\(values[0]) or \(values[1])"
        default: return "one of " + values.dropLast().joined(separator: ", ") + " or " + (values.last ?? "")
        }
    }
}

extension ConfigurationText {
    /// A YAML double-quoted scalar of the whole text (no truncation), for rendered configurations.
    static func quotedInFull(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
