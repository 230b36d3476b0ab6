/// An IPv4 address as carried in `ipaddr` attributes (NAS-IP-Address, Framed-IP-Address).
public struct IPv4Address: Sendable, Hashable, CustomStringConvertible {
    /// The address in host order (`192.168.1.16` is `0xC0A80110`).
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Four octets in network order; nil for any other length.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count == 4 else { return nil }
        rawValue = octets.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Dotted-quad text (`192.168.1.16`); nil if malformed.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ (48...57).contains($0) }),
                  let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        rawValue = value
    }

    /// Network-order octets.
    public var octets: [UInt8] {
        [UInt8(truncatingIfNeeded: rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
         UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)]
    }

    /// Dotted quad, written straight into the string's storage: the frontend formats NAS and
    /// source addresses several times per request, and the map-and-join form built five strings.
    public var description: String {
        String(unsafeUninitializedCapacity: 15) { buffer in
            var index = 0
            for shift in stride(from: 24, through: 0, by: -8) {
                let octet = UInt8(truncatingIfNeeded: rawValue >> UInt32(shift))
                if shift != 24 {
                    buffer[index] = UInt8(ascii: ".")
                    index += 1
                }
                if octet >= 100 {
                    buffer[index] = 48 + octet / 100
                    index += 1
                }
                if octet >= 10 {
                    buffer[index] = 48 + (octet / 10) % 10
                    index += 1
                }
                buffer[index] = 48 + octet % 10
                index += 1
            }
            return index
        }
    }
}

/// An IPv6 address as carried in NAS-IPv6-Address (RFC 3162): 16 octets in network order.
public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    public let octets: [UInt8]

    /// Sixteen octets; nil for any other length.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count == 16 else { return nil }
        self.octets = Array(octets)
    }

    /// Uncompressed lower-case groups (`2001:db8:0:0:0:0:0:1`); good enough for logs.
    public var description: String {
        stride(from: 0, to: 16, by: 2).map { i in
            String(UInt16(octets[i]) << 8 | UInt16(octets[i + 1]), radix: 16)
        }.joined(separator: ":")
    }
}
