/// Checks on the text of individual values. Each returns the reason a text is refused, or nil.
enum ValueChecks {
    static func ipAddress(_ text: String) -> String? {
        IPAddressText.parse(Substring(text)) == nil ? "\(ConfigurationText.quoted(text)) is not a valid IP address" : nil
    }

    /// A DiameterIdentity (RFC 6733 section 4.3.1) or realm: a DNS name made of letters, digits,
    /// `-`, `_` and dots, without empty labels.
    static func dnsName(_ text: String, what: String) -> String? {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = text.utf8.count <= 255 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
        }
        return valid ? nil : "\(ConfigurationText.quoted(text)) is not a valid \(what)"
    }

    static func diameterIdentity(_ text: String) -> String? {
        dnsName(text, what: "Diameter identity (a DNS name such as aaa.example.org)")
    }

    static func realm(_ text: String) -> String? {
        dnsName(text, what: "realm (a DNS name such as example.org)")
    }

    /// The message a refused subnet text gets.
    static func subnetReason(_ text: String, _ error: CIDRSubnet.ParseError) -> String {
        let base = "\(ConfigurationText.quoted(text)) is not a valid CIDR subnet"
        switch error {
        case .invalidAddress, .invalidPrefixLength: return base
        case .missingPrefixLength: return base + " (no /prefix length; a single host is /32 or /128)"
        case .hostBitsSet(let masked): return base + " (host bits are set; did you mean \(masked)?)"
        }
    }

    static func subnet(_ node: ConfigNode, path: String) throws(ConfigurationError) -> CIDRSubnet {
        let text = try ConfigReader.string(node, path: path, maximumLength: 64)
        do {
            return try CIDRSubnet(parsing: text)
        } catch {
            throw ConfigReader.attributed(.invalidValue(path: path, reason: subnetReason(text, error)), to: node)
        }
    }
}
