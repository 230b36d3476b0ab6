/// Parsing and formatting of textual IP addresses (RFC 4291 section 2.2 for IPv6, dotted quad
/// for IPv4). Internal: the public surface is `CIDRSubnet`; keeping this private avoids a clash
/// with the address types of the protocol libraries.
enum IPAddressText {
    /// 4 bytes for IPv4 text, 16 for IPv6 text, nil for anything else (zone ids such as
    /// `fe80::1%eth0` are refused: a configuration names addresses, not interfaces).
    static func parse(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        if text.contains(":") { return parseIPv6(text) }
        return parseIPv4(text)
    }

    /// Strict dotted quad: four decimal parts 0-255 without leading zeros (which some resolvers
    /// read as octal, so they are ambiguous in a security setting).
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(4)
        var value = 0
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, out.count < 3 else { return nil }
                out.append(UInt8(value))
                value = 0
                digits = 0
                leadingZero = false
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if leadingZero { return nil }
                if digits == 0, byte == UInt8(ascii: "0") { leadingZero = true }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, out.count == 3 else { return nil }
        out.append(UInt8(value))
        return out
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        let pieces = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { return nil }
        guard let head = groups(pieces[0], allowIPv4Tail: pieces.count == 1) else { return nil }
        if pieces.count == 1 {
            guard head.count == 16 else { return nil }
            return head
        }
        guard let tail = groups(pieces[1], allowIPv4Tail: true) else { return nil }
        // "::" stands for at least one zero group.
        guard head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Bytes of `a:b:c` (each 1-4 hex digits), optionally ending in a dotted quad. Empty text is
    /// zero groups (the side of a "::").
    private static func groups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt8]? {
        if text.isEmpty { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowIPv4Tail, part.contains(".") {
                guard let v4 = parseIPv4(part) else { return nil }
                out += v4
                continue
            }
            guard !part.isEmpty, part.utf8.count <= 4, let group = UInt16(part, radix: 16) else { return nil }
            guard part.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else { return nil }
            out.append(UInt8(group >> 8))
            out.append(UInt8(group & 0xFF))
            guard out.count <= 16 else { return nil }
        }
        guard out.count <= 16 else { return nil }
        return out
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed,
    /// IPv4-mapped addresses shown as `::ffff:a.b.c.d`).
    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 {
            return bytes.map(String.init).joined(separator: ".")
        }
        guard bytes.count == 16 else { return "<invalid>" }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return "::ffff:" + format(Array(bytes[12...]))
        }
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        for index in stride(from: 0, to: 16, by: 2) {
            groups.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
        }
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let left = hex[..<bestStart].joined(separator: ":")
        let right = hex[(bestStart + bestLength)...].joined(separator: ":")
        return left + "::" + right
    }
}
